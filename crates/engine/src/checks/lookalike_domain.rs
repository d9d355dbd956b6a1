//! `lookalike_domain`: a recipient domain that imitates an internal or protected domain
//! (a typo picked from the address book, or an impostor's registration). The matching
//! itself is in [`crate::lookalike`].

use super::Context;
use crate::report::{CheckId, Finding};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.lookalike_domain;
    for r in ctx.external_recipients() {
        let Some(hit) = ctx.lookalikes.find(&r.domain) else {
            continue;
        };
        let mut message = hit.message_ja.clone();
        if !ctx.is_internal(&crate::domain::to_ascii_domain(&hit.imitates)) {
            message = message.replace("社内ドメイン", "登録済みのドメイン");
        }
        if let Some(mut f) = ctx.finding(CheckId::LookalikeDomain, level, r.field, message) {
            f.subject_of = Some(r.address.clone());
            f.evidence = Some(r.domain.clone());
            out.push(f);
        }
    }
}
