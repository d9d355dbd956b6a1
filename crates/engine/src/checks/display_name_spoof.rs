//! `display_name_spoof`: an outside address whose display name claims to be us — the
//! organisation's name, an internal address, or a role such as 社長 / 代表取締役 / CEO.
//! This is how the fake-社長 fraud gets a bank account number sent.
//!
//! A role alone is common in honest outside names (「ABC株式会社 代表取締役 山田」,
//! 「西日本トレーディング 経理部」), so a role counts only when the address is free-mail
//! or a look-alike of a protected domain — where impostors write from. The
//! organisation's name or an internal domain in the name always counts.

use super::Context;
use crate::report::{CheckId, Finding};
use crate::text::phrases::fold;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.display_name_spoof;
    let org_names = &ctx.phrases.org_names;
    let roles = &ctx.phrases.roles;
    for r in ctx.external_recipients() {
        let Some(name) = r.mailbox.name.as_deref() else {
            continue;
        };
        let folded = fold(name);
        let claim = if let Some(hit) = org_names.find_all_folded(&folded).into_iter().next() {
            Some(format!("社名「{}」", hit.phrase))
        } else if let Some(domain) = ctx
            .internal_domains
            .iter()
            .find(|d| folded.contains(d.as_str()))
        {
            Some(format!("社内ドメイン {domain}"))
        } else {
            // A role alone: only from a personal address or a look-alike domain. On an
            // ordinary company domain 「経理部」「代表取締役」 are that company's own.
            let suspicious_address = r.freemail || ctx.lookalikes.find(&r.domain).is_some();
            roles
                .find_all_folded(&folded)
                .into_iter()
                .next()
                .filter(|_| suspicious_address)
                .map(|hit| format!("役職「{}」", hit.phrase))
        };
        let Some(claim) = claim else { continue };
        let message = if r.freemail {
            format!(
                "表示名「{name}」は{claim}を名乗っていますが、アドレス {} は個人のフリーメールです。なりすまし、または私用アドレスへの送信ではありませんか",
                r.mailbox.address
            )
        } else {
            format!(
                "表示名「{name}」は{claim}を名乗っていますが、アドレス {} は社外です。なりすましの可能性があります",
                r.mailbox.address
            )
        };
        if let Some(mut f) =
            ctx.finding(CheckId::DisplayNameSpoof, level, r.field.as_str(), message)
        {
            f.subject_of = Some(r.address.clone());
            out.push(f);
        }
    }
}
