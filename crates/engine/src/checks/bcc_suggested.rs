//! `bcc_suggested`: outside people who should not see each other's addresses are in
//! To/Cc — the most common personal-data leak reported in Japan.
//!
//! A party is an outside organisation (its registrable domain, so `sales.partner.co.jp`
//! and `partner.co.jp` are one) or one free-mail address (each free-mail user is a
//! separate person). The thresholds are in the policy.

use super::Context;
use crate::draft::Field;
use crate::report::{CheckId, Finding};
use std::collections::HashSet;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let settings = &ctx.policy.settings.bcc;
    let visible: Vec<_> = ctx
        .external_recipients()
        .filter(|r| r.field != Field::Bcc)
        .collect();
    let mut addresses = HashSet::new();
    let mut parties = HashSet::new();
    for r in &visible {
        let address = r.mailbox.address.to_lowercase();
        if r.freemail {
            parties.insert(address.clone());
        } else {
            parties.insert(crate::domain::registrable_domain(&r.domain));
        }
        addresses.insert(address);
    }
    if parties.len() < settings.min_parties && addresses.len() < settings.min_addresses {
        return;
    }
    let in_cc = visible.iter().filter(|r| r.field == Field::Cc).count();
    let location = if in_cc * 2 > visible.len() {
        Field::Cc
    } else {
        Field::To
    };
    let message = format!(
        "To/Cc に社外の {} 件のアドレス（{} 者）が互いに見える状態で入っています。社外の宛先は BCC に移してください",
        addresses.len(),
        parties.len()
    );
    if let Some(mut f) = ctx.finding(
        CheckId::BccSuggested,
        ctx.policy.settings.severity.bcc_suggested,
        location,
        message,
    ) {
        f.count = addresses.len() as u64;
        out.push(f);
    }
}
