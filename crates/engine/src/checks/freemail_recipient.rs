//! `freemail_recipient`: an address at a free-mail or personal domain is a private
//! person, not an organisation — the usual way a customer list leaves with someone who
//! is about to leave the company.

use super::Context;
use crate::report::{CheckId, Finding};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.freemail_recipient;
    for r in ctx.recipients.iter().filter(|r| r.freemail && r.external) {
        let mut message = format!(
            "フリーメール・個人のアドレス宛てです: {}（{}）",
            r.mailbox.address, r.domain
        );
        if !ctx.draft.attachments.is_empty() {
            message.push_str("。添付ファイルがあります");
        }
        if let Some(mut f) = ctx.finding(CheckId::FreemailRecipient, level, r.field, message) {
            f.subject_of = Some(r.address.clone());
            out.push(f);
        }
    }
}
