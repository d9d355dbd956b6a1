//! Attachment bytes → text and tables, bounded, never panicking.
//!
//! When many people's data leaks at once it usually travels as an attachment: a
//! customer list in Excel, a CSV exported from a business system in CP932, a zip of
//! either. sendguard must read what a person would see on opening the file, on the PC,
//! before the mail leaves — and it reads files that anyone may have crafted. So this
//! crate has three rules:
//!
//! - **What a person sees.** Text is decoded from whatever Japanese encoding it is in
//!   (BOM, UTF-8, CP932, EUC-JP, ISO-2022-JP, UTF-16). Spreadsheet cells read as Excel
//!   shows them: `901234567801`, not `9.01234567801e+11`; `1985/04/12`, not `31149`.
//!   Rows stay rows, because a row is the unit of a person's record.
//! - **Bounded.** [`Limits`] are enforced while reading, never after: bytes per file
//!   and in total, archive depth and members, the decompression ratio of every member
//!   (counted on the bytes actually produced, so a lying zip header does not help),
//!   and table cells. Hitting a limit yields a [`Note`] saying what was not read.
//! - **Never fails, never panics.** [`extract`] returns what it could read plus notes
//!   ([`NoteKind::Encrypted`] for PPAP-style password files, `Unreadable` for corrupt
//!   ones). Third-party parsers are additionally isolated with `catch_unwind`.
//!
//! Dispatch is by file name (`.csv`, `.xlsx`, `.zip` …); an unknown name whose bytes
//! look like text is read as text. `.eml` / `message/rfc822` are read by the engine,
//! not here.
//!
//! **Isolation.** The parsers for PDF and for legacy/ODF spreadsheets (xls, xlsb, ods)
//! can overflow the stack or allocate without bound on a hostile file, and
//! `catch_unwind` cannot catch either. Those formats are read only through an
//! [`Isolation`] — in sendguard, [`child::ChildProcess`]: the same binary started as a
//! child with a memory and CPU limit and a wall-clock deadline. [`extract`] without an
//! isolation lists them as not read.
//!
//! ```
//! use sendguard_extract::{extract, Content, Limits};
//! let out = extract("名簿.csv", "氏名,電話\n山田,03-1234-5678\n".as_bytes(), &Limits::default());
//! assert!(matches!(&out.parts[0].content, Content::Table { rows, .. } if rows.len() == 2));
//! ```

mod archive;
pub mod child;
mod isolation;
mod limits;
mod numfmt;
mod ooxml;
mod pdf;
pub mod protection;
mod sheet;
mod text;
mod vcard;

pub use isolation::{Isolation, IsolationFailure, read_untrusted};

use std::panic::{AssertUnwindSafe, catch_unwind};

use limits::Budget;
pub use limits::Limits;

/// What was read from one file or one part of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Content {
    /// Running text: a text file, stripped HTML, docx paragraphs, a slide's text.
    Text(String),
    /// Rows of cells as a person sees them: a CSV/TSV file, a sheet, a docx table.
    Table {
        /// The sheet's name for spreadsheets; `None` for CSV and docx tables.
        sheet: Option<String>,
        /// Rows in order; rows are padded so a cell keeps its column.
        rows: Vec<Vec<String>>,
    },
}

/// One readable piece of an attachment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Part {
    /// Where it came from: `顧客.zip/名簿.csv`, `顧客.xlsx#Sheet1`, `提案.docx#table1`,
    /// `説明.pptx#slide2`.
    pub path: String,
    /// The file names along [`Self::path`], outermost first: the attachment, then each
    /// archive member (a member's name may itself hold `/`, so this is the exact form).
    /// The sheet, table or slide after `#` is not part of it.
    #[serde(default)]
    pub members: Vec<String>,
    /// The text or table.
    pub content: Content,
}

/// Why something was not (fully) read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// Password-protected: ZipCrypto or AES zip members, encrypted OOXML (PPAP).
    Encrypted,
    /// A [`Limits`] bound stopped reading; the message says what was not read.
    LimitReached,
    /// Corrupt or truncated; nothing (or not everything) could be read.
    Unreadable,
    /// A format this crate does not read (images, legacy Word, …), or one that needs an
    /// [`Isolation`] when none was given.
    Unsupported,
    /// A document with no text to read: a scanned PDF (images only), or one whose text
    /// layer is unusable. It may still show personal data to a person who opens it.
    NoText,
}

/// A note about a file or member that was not (fully) read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Note {
    /// The file or member, in the same form as [`Part::path`].
    pub path: String,
    /// The file names along `path`, as in [`Part::members`].
    #[serde(default)]
    pub members: Vec<String>,
    /// What kind of problem.
    pub kind: NoteKind,
    /// One line, Japanese then English in parentheses.
    pub message: String,
}

/// Everything read from one attachment.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Extracted {
    /// The readable parts, in file order.
    pub parts: Vec<Part>,
    /// What could not be read, and why.
    pub notes: Vec<Note>,
}

/// Reads an attachment named `name` (dispatch is by its extension) into text and
/// tables. Never panics; memory stays within `limits` plus the parsers' working sets.
/// PDF and xls/xlsb/ods are listed as not read: use [`extract_with`] to read them.
pub fn extract(name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    extract_with(name, bytes, limits, None)
}

/// [`extract`], reading the formats that need isolation through `isolation` (see the
/// crate docs), at the top level and inside archives.
pub fn extract_with(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    isolation: Option<&dyn Isolation>,
) -> Extracted {
    let mut ctx = Ctx {
        budget: Budget::new(limits),
        out: Extracted::default(),
        isolation,
        members: vec![name.to_owned()],
    };
    dispatch(&mut ctx, name, bytes, 0);
    ctx.out
}

/// Why a reader stopped; turned into a [`Note`] by [`dispatch`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum Problem {
    #[error("{0}")]
    Encrypted(String),
    #[error("{0}")]
    Limit(String),
    #[error("{0}")]
    Unreadable(String),
    #[error("{0}")]
    Unsupported(String),
}

impl Problem {
    fn kind(&self) -> NoteKind {
        match self {
            Problem::Encrypted(_) => NoteKind::Encrypted,
            Problem::Limit(_) => NoteKind::LimitReached,
            Problem::Unreadable(_) => NoteKind::Unreadable,
            Problem::Unsupported(_) => NoteKind::Unsupported,
        }
    }

    pub(crate) fn unreadable(what: impl std::fmt::Display) -> Self {
        Problem::Unreadable(format!(
            "ファイルが壊れているため読めません (unreadable: {what})"
        ))
    }

    pub(crate) fn encrypted(what: &str) -> Self {
        Problem::Encrypted(format!(
            "パスワードで保護されているため中身を確認できません (encrypted: {what}; contents cannot be checked)"
        ))
    }
}

/// The state of one [`extract`] call.
pub(crate) struct Ctx<'i> {
    pub(crate) budget: Budget,
    pub(crate) out: Extracted,
    /// How to read the formats that need a child process; `None` inside the child.
    pub(crate) isolation: Option<&'i dyn Isolation>,
    /// The names of the file being read, outermost first ([`Part::members`]).
    pub(crate) members: Vec<String>,
}

impl Ctx<'_> {
    pub(crate) fn part(&mut self, path: String, content: Content) {
        let members = self.members.clone();
        self.out.parts.push(Part {
            path,
            members,
            content,
        });
    }

    pub(crate) fn note(&mut self, path: &str, kind: NoteKind, message: String) {
        self.out.notes.push(Note {
            path: path.to_owned(),
            members: self.members.clone(),
            kind,
            message,
        });
    }

    pub(crate) fn problem(&mut self, path: &str, problem: Problem) {
        let kind = problem.kind();
        self.note(path, kind, problem.to_string());
    }

    /// A note that the time budget ran out before or while reading `path`.
    pub(crate) fn time_exhausted(&mut self, path: &str) {
        let ms = self.budget.limits.max_millis;
        self.note(
            path,
            NoteKind::LimitReached,
            format!(
                "確認にかけられる時間 ({ms} ms) を使い切ったため、読んでいない部分があります (time limit of {ms} ms reached; not fully read)"
            ),
        );
    }

    /// A note that the cell budget ran out while reading `path`.
    pub(crate) fn cells_exhausted(&mut self, path: &str) {
        if self.budget.timed_out() {
            self.time_exhausted(path);
            return;
        }
        let max = self.budget.limits.max_cells;
        self.note(
            path,
            NoteKind::LimitReached,
            format!(
                "セル数の上限 {max} に達したため、以降の行は読んでいません (cell limit {max} reached; the remaining rows were not read)"
            ),
        );
    }
}

/// The format a file name asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text(text::TextKind),
    Sheet,
    Docx,
    Pptx,
    Zip,
    Message,
    VCard,
    /// Read only in a child process (see [`Isolation`]).
    Untrusted(isolation::UntrustedKind),
    /// Documents not read yet (legacy Word/PowerPoint, RTF): reading their raw bytes
    /// as text would not be what a person sees.
    NotYetRead,
    Unknown,
}

fn kind_of(path: &str) -> Kind {
    match extension(path).as_str() {
        "txt" | "log" | "text" | "md" => Kind::Text(text::TextKind::Plain),
        "csv" => Kind::Text(text::TextKind::Csv),
        "tsv" | "tab" => Kind::Text(text::TextKind::Tsv),
        "html" | "htm" => Kind::Text(text::TextKind::Html),
        "xlsx" | "xlsm" | "xlam" => Kind::Sheet,
        "xls" | "xla" | "xlsb" | "ods" => Kind::Untrusted(isolation::UntrustedKind::LegacySheet),
        "pdf" => Kind::Untrusted(isolation::UntrustedKind::Pdf),
        "docx" | "docm" => Kind::Docx,
        "pptx" | "pptm" => Kind::Pptx,
        "zip" => Kind::Zip,
        "vcf" | "vcard" => Kind::VCard,
        "eml" | "msg" => Kind::Message,
        "doc" | "dot" | "ppt" | "pps" | "rtf" => Kind::NotYetRead,
        _ => Kind::Unknown,
    }
}

/// The file name's extension in lower case (used by format readers to pick a parser).
pub(crate) fn extension(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    match file.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Reads one file (the attachment or an archive member) at archive depth `depth`.
pub(crate) fn dispatch(ctx: &mut Ctx, path: &str, bytes: &[u8], depth: usize) {
    if ctx.budget.timed_out() {
        ctx.time_exhausted(path);
        return;
    }
    let max = ctx.budget.limits.max_bytes_per_file;
    if bytes.len() as u64 > max {
        ctx.note(
            path,
            NoteKind::LimitReached,
            format!(
                "{} バイトあり上限 {max} バイトを超えるため読んでいません (file of {} bytes exceeds the {max}-byte limit; not read)",
                bytes.len(),
                bytes.len()
            ),
        );
        return;
    }
    let kind = kind_of(path);
    // A reader that panics mid-archive leaves its member names pushed; they are cut
    // back after the catch, so the next file is not named as if inside that archive.
    let members_before = ctx.members.len();
    let result = catch_unwind(AssertUnwindSafe(|| {
        match kind {
        Kind::Text(k) => text::read(ctx, path, bytes, k),
        Kind::Sheet => sheet::read(ctx, path, bytes),
        Kind::Docx => ooxml::read_docx(ctx, path, bytes),
        Kind::Pptx => ooxml::read_pptx(ctx, path, bytes),
        Kind::Zip => archive::read_zip(ctx, path, bytes, depth),
        Kind::VCard => vcard::read(ctx, path, bytes),
        Kind::Message => Err(Problem::Unsupported(
            "添付メールは本文チェックで読みます (attached messages are read by the engine, not here)"
                .to_owned(),
        )),
        Kind::Untrusted(kind) => isolation::read_isolated(ctx, path, bytes, kind),
        Kind::NotYetRead => Err(Problem::Unsupported(
            "この形式（旧 Word・PowerPoint・RTF）の中身はまだ確認できません (this format is not read yet; contents not checked)"
                .to_owned(),
        )),
        Kind::Unknown if bytes.starts_with(b"%PDF-") => {
            isolation::read_isolated(ctx, path, bytes, isolation::UntrustedKind::Pdf)
        }
        Kind::Unknown => {
            if text::looks_like_text(bytes) {
                text::read(ctx, path, bytes, text::TextKind::Plain)
            } else {
                Err(Problem::Unsupported(
                    "この形式の中身は確認できません (unsupported format; contents not checked)"
                        .to_owned(),
                ))
            }
        }
    }
    }));
    ctx.members.truncate(members_before);
    match result {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => ctx.problem(path, problem),
        Err(_) => ctx.problem(path, Problem::unreadable("the parser failed on this file")),
    }
}
