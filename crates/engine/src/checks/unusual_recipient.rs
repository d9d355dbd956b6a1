//! `unusual_recipient`: an outside recipient never sent to together with the others,
//! where the others have gone out together at least three times (Gmail's "Got the
//! wrong Bob?", from the person's own history: a project group and one stranger is the
//! autocomplete slip the group mail hides).
//!
//! Quiet for mail to fewer than three people (a pair is not a group) and for anyone
//! who has gone out with one of the others before. A newcomer at the group's own
//! customer is asked about too: the wrong 田中 at the right company is the classic slip.

use super::Context;
use super::history_facts::{HistoryScope, join_names};
use crate::report::{CheckId, Finding, PartyRole};

/// Sends the others must have gone out together before a stranger among them is unusual.
const GROUP_MIN_SENDS: u64 = 3;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(scope) = HistoryScope::of(ctx).filter(|s| s.learned) else {
        return;
    };
    let mut addresses: Vec<String> = ctx
        .recipients
        .iter()
        .map(|r| r.address.to_lowercase())
        .collect();
    addresses.sort();
    addresses.dedup();
    if addresses.len() < 3 {
        return;
    }
    let mut reported: Vec<&str> = Vec::new();
    for r in ctx.external_recipients() {
        let address = r.address.to_lowercase();
        if reported.contains(&r.address.as_str()) {
            continue;
        }
        let others: Vec<&str> = addresses
            .iter()
            .map(String::as_str)
            .filter(|a| *a != address)
            .collect();
        let group_sends = scope.history.sent_together(&others);
        if group_sends < GROUP_MIN_SENDS {
            continue;
        }
        // Only outside company counts as having gone out together: a colleague in Cc
        // (the 課長 on every mail) links everyone to everyone.
        let outside_others: Vec<&str> = others
            .iter()
            .copied()
            .filter(|o| !ctx.is_internal(&crate::draft::domain_of(o)))
            .collect();
        if outside_others.is_empty()
            || outside_others
                .iter()
                .any(|o| scope.history.sent_together(&[address.as_str(), o]) > 0)
        {
            continue;
        }
        let recipient = scope.party(PartyRole::Recipient, &r.address);
        let known = if recipient.known_as.is_empty() {
            String::new()
        } else {
            format!("（{}）", join_names(&recipient.known_as))
        };
        let message = format!(
            "宛先 {}{known} は、ほかの宛先 {} 件（これまで {group_sends} 回いっしょに送信）と一緒に送ったことがありません。宛先を選び間違えていませんか。",
            r.address,
            others.len()
        );
        if let Some(mut f) = ctx.finding(
            CheckId::UnusualRecipient,
            ctx.policy.settings.severity.unusual_recipient,
            r.field,
            message,
        ) {
            f.subject_of = Some(r.address.clone());
            f.evidence = Some(format!(
                "{}{known} / いつもの組み合わせ: {} 回",
                r.domain, group_sends
            ));
            f.parties = vec![recipient];
            out.push(f);
            reported.push(r.address.as_str());
        }
    }
}
