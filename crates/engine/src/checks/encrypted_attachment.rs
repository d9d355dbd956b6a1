//! `encrypted_attachment`: a password-protected archive or document cannot be checked,
//! and mailing it with its password in a second mail (PPAP) protects nothing. Government
//! and many companies now refuse such mail.
//!
//! Recognised from the container itself by the extractor's
//! [`sendguard_extract::protection`] (zip flags, encrypted OOXML, PDF `/Encrypt`), the
//! one place that knows; files inside archives from the extractor's notes.

use super::Context;
use crate::draft::Attachment;
use crate::report::{CheckId, Finding, Location};
use sendguard_extract::NoteKind;
use sendguard_extract::protection::{Protection, protection};

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
    Some(match protection(&a.name, &a.data)? {
        Protection::Zip => "パスワード付き zip ",
        Protection::Office => "パスワード付きの Office 文書",
        Protection::Pdf => "パスワード付き PDF ",
    })
}
