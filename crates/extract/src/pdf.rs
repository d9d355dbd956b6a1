//! PDF: the text layer of every page, with pdf_oxide.
//!
//! pdf_oxide was the one crate measured here that got Japanese out of non-embedded CID
//! fonts (HeiseiKakuGo with 90ms-RKSJ-H, Identity-H without ToUnicode) where others
//! panic or return junk. Only called inside the reader child (see [`crate::child`]):
//! like every PDF parser tried, it can overflow the stack on hostile nesting.
//!
//! A PDF with no text is not clean: a scanned application form shows a person's data
//! as an image. Such files get a [`crate::NoteKind::NoText`] note, as do files whose
//! text comes out as control characters and U+FFFD (a subset font without a ToUnicode
//! map), so the person is told the contents were not checked.

use pdf_oxide::PdfDocument;

use crate::{Content, Ctx, NoteKind, Problem};

pub(crate) fn read(ctx: &mut Ctx<'_>, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let doc = PdfDocument::from_bytes(bytes.to_vec()).map_err(Problem::unreadable)?;
    if doc.is_encrypted() {
        // An empty user password opens normally; anything else is PPAP.
        match doc.authenticate(b"") {
            Ok(true) => {}
            Ok(false) => return Err(Problem::encrypted("password-protected PDF")),
            Err(e) => {
                return Err(Problem::encrypted(&format!(
                    "encrypted PDF that cannot be opened: {e}"
                )));
            }
        }
    }
    let pages = doc.page_count().map_err(Problem::unreadable)?;
    let (mut with_text, mut unusable) = (0usize, 0usize);
    // One text for the whole document: a list that runs over pages is one list, and
    // the person reads one file (pages are separated by a blank line).
    let mut document = String::new();
    for index in 0..pages {
        let page_path = format!("{path}#page{}", index + 1);
        if ctx.budget.timed_out() {
            ctx.time_exhausted(&page_path);
            break;
        }
        let text = match doc.extract_text(index) {
            Ok(text) => text,
            Err(e) => {
                ctx.problem(&page_path, Problem::unreadable(e));
                continue;
            }
        };
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !ctx.budget.take_bytes(text.len() as u64) {
            let max = ctx.budget.limits.max_total_bytes;
            ctx.note(
                &page_path,
                NoteKind::LimitReached,
                format!(
                    "読み取り量の上限 {max} バイトに達したため、以降のページは読んでいません (byte limit {max} reached; the remaining pages were not read)"
                ),
            );
            break;
        }
        if is_unusable(text) {
            unusable += 1;
            continue;
        }
        with_text += 1;
        if !document.is_empty() {
            document.push_str("\n\n");
        }
        document.push_str(text);
    }
    if with_text > 0 {
        ctx.part(path.to_owned(), Content::Text(document));
    }
    if with_text == 0 && !ctx.budget.timed_out() {
        let message = if unusable > 0 {
            "文字情報を正しく取り出せないため、中身を確認できませんでした。個人情報が含まれていないかご自身でご確認ください (the text layer is unusable; contents not checked)"
        } else {
            "画像だけの PDF（スキャンなど）で文字情報がないため、中身を確認できませんでした。個人情報が写っていないかご自身でご確認ください (no text layer, e.g. a scan; contents not checked)"
        };
        ctx.note(path, NoteKind::NoText, message.to_owned());
    } else if unusable > 0 {
        ctx.note(
            path,
            NoteKind::NoText,
            format!(
                "{unusable} ページは文字情報を正しく取り出せず、確認できていません ({unusable} page(s) have an unusable text layer; not checked)"
            ),
        );
    }
    Ok(())
}

/// Text that is mostly control characters, U+FFFD or private-use code points: what a
/// subset font without a Unicode map yields. Not what a person reads.
fn is_unusable(text: &str) -> bool {
    let (mut total, mut bad) = (0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        let private_use = ('\u{E000}'..='\u{F8FF}').contains(&c);
        if c.is_control() || c == '\u{FFFD}' || private_use {
            bad += 1;
        }
    }
    total > 0 && bad * 4 >= total
}

#[cfg(test)]
mod tests {
    use super::is_unusable;

    #[test]
    fn garbage_text_layers_are_unusable_and_japanese_is_not() {
        assert!(is_unusable("\u{1}\u{2}\u{FFFD}\u{FFFD}ab"));
        assert!(is_unusable("\u{E001}\u{E002}\u{E003}"));
        assert!(!is_unusable(
            "山田 太郎 東京都千代田区丸の内1-2-3 090-1234-5678"
        ));
    }
}
