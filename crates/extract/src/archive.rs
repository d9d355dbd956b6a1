//! Zip archives: members read recursively through the same dispatch, with every
//! decompressed byte counted.
//!
//! A zip is the usual wrapper for PPAP (a password zip sent to outsiders) and the usual
//! vehicle for a bomb, so nothing in a member's header is trusted: the declared size
//! and ratio are checked first (cheap rejection), and then the bytes actually produced
//! are counted in 64 KiB chunks through `Read::take`, so a header that lies about the
//! size cannot make us allocate more than the limit.

use std::io::{Cursor, Read};

use encoding_rs::SHIFT_JIS;
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use crate::limits::RATIO_GRACE_BYTES;
use crate::{Ctx, NoteKind, Problem, dispatch};

/// The header ID of the WinZip AES extra field (AE-1/AE-2).
const AES_EXTRA_FIELD: u16 = 0x9901;
/// General-purpose flag bit 11: the name is UTF-8.
const FLAG_UTF8: u16 = 1 << 11;

pub(crate) type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Opens a zip held in memory; a damaged one is `Unreadable`.
pub(crate) fn open(bytes: &[u8]) -> Result<Archive<'_>, Problem> {
    ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
        ZipError::UnsupportedArchive(msg) => Problem::Unsupported(format!(
            "この圧縮形式には対応していません (unsupported archive: {msg})"
        )),
        other => Problem::unreadable(format!("not a readable zip archive: {other}")),
    })
}

/// The member's name as the sender's PC showed it: UTF-8 when flagged (or valid),
/// else CP932 when that decodes cleanly, else CP437 as the zip crate reads it.
fn decode_name(raw: &[u8], utf8_flag: bool, fallback: &str) -> String {
    if utf8_flag || raw.is_ascii() {
        return String::from_utf8_lossy(raw).into_owned();
    }
    if let Some(name) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(raw) {
        return name.into_owned();
    }
    if let Ok(name) = std::str::from_utf8(raw) {
        return name.to_owned();
    }
    fallback.to_owned()
}

/// How a member is encrypted, if it is: "AES" (method 99 or the AES extra field) or
/// "ZipCrypto" (the encrypted flag alone).
fn encryption(file: &zip::read::ZipFile<'_, Cursor<&[u8]>>) -> Option<&'static str> {
    let aes_method = file.compression() == CompressionMethod::AES;
    let aes_field = file
        .extra_data_fields()
        .any(|f| matches!(f, zip::ExtraField::Custom(c) if c.header_id == AES_EXTRA_FIELD));
    if aes_method || aes_field {
        Some("AES")
    } else if file.encrypted() {
        Some("ZipCrypto")
    } else {
        None
    }
}

/// Metadata of one member, read without decompressing anything.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) is_dir: bool,
    pub(crate) encryption: Option<&'static str>,
}

pub(crate) fn entry(archive: &mut Archive<'_>, index: usize) -> Result<Entry, Problem> {
    let file = archive
        .by_index_raw(index)
        .map_err(|e| Problem::unreadable(format!("member {index}: {e}")))?;
    let utf8_flag = file.flags().as_u16() & FLAG_UTF8 != 0;
    let fallback = file.name().map(|n| n.into_owned()).unwrap_or_default();
    Ok(Entry {
        name: decode_name(file.name_raw(), utf8_flag, &fallback),
        is_dir: file.is_dir(),
        encryption: encryption(&file),
    })
}

/// The most a member may decompress to: the per-file limit, what is left of the total,
/// and `max_ratio` × its compressed size (with a small grace for tiny members).
fn member_cap(ctx: &Ctx, compressed: u64) -> (u64, &'static str) {
    let limits = &ctx.budget.limits;
    let by_ratio = compressed
        .saturating_mul(limits.max_ratio)
        .max(RATIO_GRACE_BYTES);
    let total = ctx.budget.total_bytes_left();
    let mut cap = (limits.max_bytes_per_file, "per-file");
    if total < cap.0 {
        cap = (total, "total");
    }
    if by_ratio < cap.0 {
        cap = (by_ratio, "ratio");
    }
    cap
}

fn limit_problem(which: &str, cap: u64, declared: u64, compressed: u64, max_ratio: u64) -> Problem {
    let (ja, en) = match which {
        "ratio" => (
            format!(
                "圧縮率が異常です（{compressed} バイトから {max_ratio} 倍超）。圧縮爆弾の疑いがあるため読んでいません"
            ),
            format!(
                "decompresses to more than {max_ratio}x its {compressed} compressed bytes (zip bomb?); not read"
            ),
        ),
        "total" => (
            "添付全体の読み取り上限に達したため読んでいません".to_owned(),
            format!("total byte budget exhausted ({cap} bytes left); not read"),
        ),
        _ => (
            format!("展開後 {cap} バイトの上限を超えるため読んでいません"),
            format!("larger than the {cap}-byte per-file limit; not read"),
        ),
    };
    let declared = if declared > 0 {
        format!(", declared {declared} bytes")
    } else {
        String::new()
    };
    Problem::Limit(format!("{ja} ({en}{declared})"))
}

/// Decompresses member `index` into memory, charging the total budget, or stops at a
/// limit. `keep` false streams the bytes through without keeping them (validation).
pub(crate) fn read_member(
    ctx: &mut Ctx,
    archive: &mut Archive<'_>,
    index: usize,
    keep: bool,
) -> Result<Vec<u8>, Problem> {
    let max_ratio = ctx.budget.limits.max_ratio;
    let file = archive.by_index(index).map_err(|e| match e {
        ZipError::UnsupportedArchive(msg) => Problem::Unsupported(format!(
            "この圧縮方式には対応していません (unsupported compression: {msg})"
        )),
        other => Problem::unreadable(other),
    })?;
    let declared = file.size();
    let compressed = file.compressed_size();
    let (cap, which) = member_cap(ctx, compressed);
    if declared > cap {
        return Err(limit_problem(which, cap, declared, compressed, max_ratio));
    }
    let mut limited = file.take(cap.saturating_add(1));
    let mut out = Vec::new();
    if keep {
        // Trust the declared size only up to the cap for the initial allocation.
        out.reserve(usize::try_from(declared.min(cap)).unwrap_or(0));
    }
    let mut chunk = vec![0u8; 64 * 1024];
    let mut produced: u64 = 0;
    loop {
        let n = match limited.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Problem::unreadable(e)),
        };
        produced += n as u64;
        if produced > cap {
            return Err(limit_problem(which, cap, declared, compressed, max_ratio));
        }
        if !ctx.budget.take_bytes(n as u64) {
            if ctx.budget.timed_out() {
                let ms = ctx.budget.limits.max_millis;
                return Err(Problem::Limit(format!(
                    "確認にかけられる時間 ({ms} ms) を使い切ったため、読んでいない部分があります (time limit of {ms} ms reached; not fully read)"
                )));
            }
            let left = ctx.budget.total_bytes_left();
            return Err(limit_problem(
                "total", left, declared, compressed, max_ratio,
            ));
        }
        if keep {
            out.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(out)
}

/// Reads a `.zip`: every member through [`dispatch`], up to the depth and member limits.
pub(crate) fn read_zip(
    ctx: &mut Ctx,
    path: &str,
    bytes: &[u8],
    depth: usize,
) -> Result<(), Problem> {
    let max_depth = ctx.budget.limits.max_depth;
    if depth >= max_depth {
        return Err(Problem::Limit(format!(
            "圧縮ファイルの入れ子が {max_depth} 段を超えるため中身を読んでいません (archive nested deeper than {max_depth} levels; contents not read)"
        )));
    }
    let mut archive = open(bytes)?;
    let max_members = ctx.budget.limits.max_members;
    let count = archive.len();
    if count > max_members {
        ctx.note(
            path,
            NoteKind::LimitReached,
            format!(
                "{count} 個のファイルのうち最初の {max_members} 個だけを読みました (archive has {count} members; only the first {max_members} were read)"
            ),
        );
    }
    for index in 0..count.min(max_members) {
        let entry = match entry(&mut archive, index) {
            Ok(entry) => entry,
            Err(problem) => {
                ctx.members.push(format!("#{index}"));
                ctx.problem(&format!("{path}/#{index}"), problem);
                ctx.members.pop();
                continue;
            }
        };
        if entry.is_dir {
            continue;
        }
        let member_path = format!("{path}/{}", entry.name);
        ctx.members.push(entry.name.clone());
        if let Some(how) = entry.encryption {
            ctx.problem(
                &member_path,
                Problem::encrypted(&format!("{how} zip member")),
            );
        } else {
            match read_member(ctx, &mut archive, index, true) {
                Ok(data) => dispatch(ctx, &member_path, &data, depth + 1),
                Err(problem) => ctx.problem(&member_path, problem),
            }
        }
        ctx.members.pop();
    }
    Ok(())
}

/// Streams every member of an Office container through the byte counters without
/// keeping it, so a bomb inside an xlsx is rejected before a parser that trusts the
/// headers inflates it. Encrypted members make the whole file `Encrypted`.
pub(crate) fn validate_container(ctx: &mut Ctx, bytes: &[u8]) -> Result<(), Problem> {
    let mut archive = open(bytes)?;
    let max_members = ctx.budget.limits.max_members;
    if archive.len() > max_members {
        return Err(Problem::Limit(format!(
            "内部ファイルが {} 個あり上限 {max_members} 個を超えるため読んでいません (container has {} parts, over the {max_members} limit; not read)",
            archive.len(),
            archive.len()
        )));
    }
    for index in 0..archive.len() {
        let entry = entry(&mut archive, index)?;
        if entry.is_dir {
            continue;
        }
        if let Some(how) = entry.encryption {
            return Err(Problem::encrypted(&format!(
                "{how}-encrypted part {}",
                entry.name
            )));
        }
        read_member(ctx, &mut archive, index, false).map_err(|p| match p {
            Problem::Limit(msg) => Problem::Limit(format!("{}: {msg}", entry.name)),
            other => other,
        })?;
    }
    Ok(())
}
