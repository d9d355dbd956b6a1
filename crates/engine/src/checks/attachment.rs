//! `attachment`: one finding per attachment, so the dialog lists each file with its size
//! and the person confirms what is going out. `warning` when anyone outside receives it.

use super::{Context, human_size};
use crate::report::{CheckId, Finding};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let severity = &ctx.policy.settings.severity;
    let level = if ctx.has_external() {
        severity.attachment_external
    } else {
        severity.attachment_internal
    };
    for a in &ctx.draft.attachments {
        let message = format!("添付ファイル: {}（{}）", a.name, human_size(a.size));
        if let Some(mut f) = ctx.finding(
            CheckId::Attachment,
            level,
            format!("attachment:{}", a.name),
            message,
        ) {
            f.subject_of = Some(a.name.clone());
            out.push(f);
        }
    }
}
