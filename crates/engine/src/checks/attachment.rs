//! `attachment`: one finding per attachment, so the dialog lists each file with its size
//! and the person confirms what is going out. `warning` when anyone outside receives it,
//! raised (`attachment_sensitive_name`, danger) when the file name suggests a list of
//! people (顧客, 名簿, 社員…). One more finding for each part that could not be read
//! (a limit reached, a corrupt file, a scanned PDF with no text), so nobody takes an
//! unread file for a clean one.

use super::{Context, human_size};
use crate::report::{CheckId, Finding, Location};
use sendguard_extract::NoteKind;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let severity = &ctx.policy.settings.severity;
    let external = ctx.has_external();
    let level = if external {
        severity.attachment_external
    } else {
        severity.attachment_internal
    };
    for (a, extracted) in ctx.draft.attachments.iter().zip(&ctx.extracted) {
        let location = Location::attachment([a.name.as_str()]);
        let sensitive_name = ctx
            .phrases
            .sensitive_filenames
            .find_all(&a.name)
            .into_iter()
            .next();
        let listed = format!("添付ファイル: {}（{}）", a.name, human_size(a.size));
        let (level, message, notes) = match sensitive_name {
            Some(hit) if external => {
                let note = format!(
                    "ファイル名の「{}」から個人情報の一覧と思われます",
                    hit.phrase
                );
                (
                    severity.attachment_sensitive_name,
                    format!("{listed}。{note}"),
                    vec![note],
                )
            }
            _ => (level, listed, Vec::new()),
        };
        if let Some(mut f) = ctx.finding(CheckId::Attachment, level, location.clone(), message) {
            f.subject_of = Some(a.name.clone());
            f.notes = notes;
            out.push(f);
        }
        let Some(extracted) = extracted else { continue };
        for note in &extracted.notes {
            let (level, message) = match note.kind {
                NoteKind::LimitReached | NoteKind::Unreadable => {
                    (level, format!("{}: {}", note.path, note.message))
                }
                NoteKind::Unsupported if is_unread_document(&note.path) => (
                    severity.attachment_unread,
                    format!(
                        "{} の中身（文字）はまだ確認できません。個人情報が含まれていないかご自身でご確認ください (contents not checked: this format is not read yet)",
                        note.path
                    ),
                ),
                NoteKind::NoText => (
                    severity.attachment_unread,
                    format!("{}: {}", note.path, note.message),
                ),
                _ => continue,
            };
            if let Some(mut f) = ctx.finding(
                CheckId::Attachment,
                level,
                location.clone(),
                message.clone(),
            ) {
                f.subject_of = Some(a.name.clone());
                f.notes = vec![message];
                out.push(f);
            }
        }
    }
}

/// Documents people write personal data into whose format is not read yet.
fn is_unread_document(path: &str) -> bool {
    let lower = path.to_lowercase();
    [
        ".pdf", ".doc", ".ppt", ".rtf", ".xls", ".xlsb", ".ods", ".pages", ".key", ".numbers",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
}
