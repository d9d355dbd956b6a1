//! `encrypted_attachment`: a password-protected archive or document cannot be checked,
//! and mailing it with its password in a second mail (PPAP) protects nothing. Government
//! and many companies now refuse such mail.
//!
//! Recognised here from the container itself: zip entries with the encryption flag or
//! the AES method (via the `zip` crate, with a central-directory scan as fallback for
//! archives the crate rejects), OOXML documents stored as an encrypted CFB container, and
//! PDFs with an `/Encrypt` dictionary.

use super::Context;
use crate::draft::Attachment;
use crate::report::{CheckId, Finding, Location};
use sendguard_extract::NoteKind;
use std::io::Cursor;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.encrypted_attachment;
    let mut report = |members: &[String], name: &str, kind: &str| {
        let location = Location::attachment(members.iter().cloned());
        let path = members.join("/");
        let message = format!(
            "{path} は{kind}のため中身を確認できません。パスワード付きファイルの送付（PPAP）は避け、共有リンク等の安全な方法をご検討ください"
        );
        if let Some(mut f) = ctx.finding(CheckId::EncryptedAttachment, level, location, message) {
            f.subject_of = Some(name.to_owned());
            out.push(f);
        }
    };
    for (a, extracted) in ctx.draft.attachments.iter().zip(&ctx.extracted) {
        if let Some(kind) = encryption(a) {
            report(std::slice::from_ref(&a.name), &a.name, kind);
            continue;
        }
        // Protected files inside an archive (a zip holding a password-protected xlsx).
        for note in extracted.iter().flat_map(|e| &e.notes) {
            if note.kind == NoteKind::Encrypted {
                report(&note.members, &a.name, "パスワード付きファイル");
            }
        }
    }
}

/// A description of the protection, when the attachment is encrypted.
pub fn encryption(a: &Attachment) -> Option<&'static str> {
    let data = &a.data;
    let lower = a.name.to_lowercase();
    if data.starts_with(b"PK") || lower.ends_with(".zip") {
        if zip_is_encrypted(data) {
            return Some("パスワード付き zip ");
        }
        return None;
    }
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let ooxml = [".docx", ".xlsx", ".pptx", ".docm", ".xlsm", ".pptm"];
    if data.starts_with(CFB) && ooxml.iter().any(|e| lower.ends_with(e)) {
        // An OOXML document is a zip; stored as a CFB container it is an encrypted one.
        return Some("パスワード付きの Office 文書");
    }
    if data.starts_with(CFB) && contains(data, &utf16le("EncryptedPackage")) {
        return Some("パスワード付きの Office 文書");
    }
    if data.starts_with(b"%PDF") && contains(data, b"/Encrypt") {
        return Some("パスワード付き PDF ");
    }
    None
}

fn zip_is_encrypted(data: &[u8]) -> bool {
    if let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(data)) {
        let mut all_read = true;
        for i in 0..archive.len() {
            match archive.by_index_raw(i) {
                Ok(entry) if entry.encrypted() => return true,
                Ok(_) => {}
                Err(_) => {
                    all_read = false;
                    break;
                }
            }
        }
        if all_read {
            // The crate read every entry: trust it (a byte scan could match the
            // signature inside compressed data).
            return false;
        }
        // An entry the crate cannot read (AES without the feature): read the flags.
        return central_directory_flags(data);
    }
    central_directory_flags(data) || local_header_flags(data)
}

/// Scan central-directory records (`PK\x01\x02`): general-purpose flag bit 0, or
/// compression method 99 (WinZip AES).
fn central_directory_flags(data: &[u8]) -> bool {
    records(data, b"PK\x01\x02", 8, 10)
}

/// The same on local file headers (`PK\x03\x04`), for archives without a readable
/// central directory (truncated mail).
fn local_header_flags(data: &[u8]) -> bool {
    records(data, b"PK\x03\x04", 6, 8)
}

fn records(data: &[u8], signature: &[u8], flag_offset: usize, method_offset: usize) -> bool {
    let mut from = 0;
    while let Some(pos) = find(&data[from..], signature) {
        let at = from + pos;
        let field = |offset: usize| {
            data.get(at + offset..at + offset + 2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
        };
        if let (Some(flags), Some(method)) = (field(flag_offset), field(method_offset))
            && (flags & 1 == 1 || method == 99)
        {
            return true;
        }
        from = at + signature.len();
    }
    false
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-entry stored zip, optionally flagged as encrypted.
    fn zip_bytes(encrypted: bool) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut buf);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            w.start_file("a.txt", options).expect("start");
            std::io::Write::write_all(&mut w, b"hello").expect("write");
            w.finish().expect("finish");
        }
        let mut bytes = buf.into_inner();
        if encrypted {
            // Set bit 0 of the general-purpose flags in the local and central headers.
            for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
                let at = find(&bytes, sig).expect("header");
                let off = if sig == b"PK\x03\x04" { 6 } else { 8 };
                bytes[at + off] |= 1;
            }
        }
        bytes
    }

    fn attachment(name: &str, data: Vec<u8>) -> Attachment {
        Attachment {
            name: name.to_owned(),
            content_type: "application/octet-stream".to_owned(),
            size: data.len() as u64,
            data,
        }
    }

    #[test]
    fn detects_protection() {
        assert!(encryption(&attachment("見積書.zip", zip_bytes(true))).is_some());
        assert!(encryption(&attachment("見積書.zip", zip_bytes(false))).is_none());
        let mut truncated = zip_bytes(true);
        truncated.truncate(40);
        assert!(encryption(&attachment("x.zip", truncated)).is_some());
        let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        cfb.extend(vec![0; 100]);
        assert!(encryption(&attachment("顧客.xlsx", cfb.clone())).is_some());
        assert!(encryption(&attachment("old.xls", cfb)).is_none());
        assert!(
            encryption(&attachment(
                "a.pdf",
                b"%PDF-1.7\n trailer << /Encrypt 5 0 R >>".to_vec()
            ))
            .is_some()
        );
        assert!(encryption(&attachment("a.pdf", b"%PDF-1.7\n plain".to_vec())).is_none());
        assert!(encryption(&attachment("garbage.zip", b"PK\x05\x06".to_vec())).is_none());
    }
}
