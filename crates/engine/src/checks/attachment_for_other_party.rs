//! `attachment_for_other_party`: an attachment whose name names a known organisation
//! that no recipient belongs to (見積書_楓商事様.pdf sent to ひかりテック) — the file
//! prepared for one customer attached to another's mail.
//!
//! Organisations come from the history (learned 宛名 and display names) and the
//! organisation list; the list counts from the first mail, learned names once the history
//! has `history.min_sends` sends. A name that is part of a recipient's own organisation
//! name (楓商事 inside 楓商事ホールディングス) accuses nobody.

use super::Context;
use super::history_facts::{HistoryScope, any_recipient_at, join_names};
use crate::addressee::fold_text;
use crate::report::{CheckId, Finding, Location, Party, PartyRole};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(scope) = HistoryScope::of(ctx) else {
        return;
    };
    if ctx.draft.attachments.is_empty() || !ctx.has_external() {
        return;
    }
    let recipient_keys: Vec<String> = ctx
        .recipients
        .iter()
        .flat_map(|r| scope.history.domain(&r.domain))
        .flat_map(|facts| facts.organisations.into_iter().map(|o| o.key))
        .collect();
    for attachment in &ctx.draft.attachments {
        let name = crate::draft::clean_display(&attachment.name);
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let folded = fold_text(stem);
        for named in scope.history.organisations_in(&folded) {
            if recipient_keys.iter().any(|k| k.contains(&named.key)) {
                continue;
            }
            let domains = scope.domains_of(ctx, &named.key);
            if domains.is_empty() || any_recipient_at(ctx, &domains) {
                continue;
            }
            let org_name = domains[0].name.clone();
            let recipients: Vec<String> = ctx
                .external_recipients()
                .flat_map(|r| scope.names_of_domain(&r.domain))
                .collect();
            let to_whom = if recipients.is_empty() {
                "宛先".to_owned()
            } else {
                format!("宛先（{}）", join_names(&recipients))
            };
            let message = format!(
                "添付ファイル「{name}」の名前に{org_name}とありますが、{to_whom}に{org_name}の方は含まれていません。別のお客様宛ての資料ではありませんか。"
            );
            let Some(mut f) = ctx.finding(
                CheckId::AttachmentForOtherParty,
                ctx.policy.settings.severity.attachment_for_other_party,
                Location::attachment([name.clone()]),
                message,
            ) else {
                return;
            };
            f.subject_of = Some(name.clone());
            f.evidence = Some(format!(
                "ファイル名: {org_name} / 宛先: {}",
                ctx.external_recipients()
                    .map(|r| r.domain.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            f.parties = vec![Party {
                role: PartyRole::Named,
                text: name.clone(),
                known_as: vec![org_name],
                sends: 0,
            }];
            f.parties.extend(
                ctx.external_recipients()
                    .map(|r| scope.party(PartyRole::Recipient, &r.address)),
            );
            out.push(f);
            break;
        }
    }
}
