//! `external_recipient`: one finding per outside address, so the dialog lists each one
//! and the person confirms every outside recipient (the product's basic promise).

use super::Context;
use crate::report::{CheckId, Finding};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.external_recipient;
    for r in ctx.external_recipients() {
        let message = format!(
            "社外の宛先です（{}）: {}",
            r.field.as_str().to_uppercase(),
            r.mailbox.address
        );
        if let Some(mut f) = ctx.finding(CheckId::ExternalRecipient, level, r.field, message) {
            f.subject_of = Some(r.address.clone());
            out.push(f);
        }
    }
}
