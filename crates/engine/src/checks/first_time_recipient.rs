//! `first_time_recipient`: an outside address the person has never sent to. Mostly an
//! `info` (new contacts are normal); a `warning` when the mail also carries attachments
//! or personal data, where a first send to the wrong address costs the most. The message
//! says when the whole domain is new, and which known organisation a new address at a
//! known domain belongs to.

use super::Context;
use super::history_facts::{HistoryScope, join_names};
use crate::report::{CheckId, Finding, PartyRole, Severity};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(scope) = HistoryScope::of(ctx).filter(|s| s.learned) else {
        return;
    };
    let carries_content = !ctx.draft.attachments.is_empty()
        || out
            .iter()
            .any(|f| f.check == CheckId::PersonalData && f.severity >= Severity::Warning);
    let severity = &ctx.policy.settings.severity;
    let level = if carries_content {
        severity.first_time_recipient_with_content
    } else {
        severity.first_time_recipient
    };
    let mut seen: Vec<String> = Vec::new();
    for r in ctx.external_recipients() {
        let address = r.address.to_lowercase();
        if seen.contains(&address) || scope.history.address(&address).is_some() {
            continue;
        }
        seen.push(address);
        let domain_known = scope.history.domain(&r.domain).is_some_and(|d| d.sends > 0);
        let names = scope.names_of_domain(&r.domain);
        let mut message = if domain_known && !names.is_empty() {
            format!(
                "{} へは初めての送信です（{}の新しい宛先）",
                r.address,
                join_names(&names)
            )
        } else if domain_known {
            format!(
                "{} へは初めての送信です（{} へは送信実績があります）",
                r.address, r.domain
            )
        } else {
            format!(
                "{} へは初めての送信です。ドメイン {} へも初めてです",
                r.address, r.domain
            )
        };
        if carries_content {
            message.push_str("。添付ファイルや個人情報を含むので、宛先をよく確かめてください");
        }
        message.push('。');
        if let Some(mut f) = ctx.finding(CheckId::FirstTimeRecipient, level, r.field, message) {
            f.subject_of = Some(r.address.clone());
            f.evidence = Some(if domain_known {
                format!("{}（既知のドメイン）", r.domain)
            } else {
                format!("{}（初めてのドメイン）", r.domain)
            });
            f.parties = vec![scope.party(PartyRole::Recipient, &r.address)];
            out.push(f);
        }
    }
}
