//! `parse_warning`: the message was malformed and was checked best-effort. One finding per
//! distinct problem the parser noted (at most [`MAX_REPORTED`], then a summary), so nobody
//! mistakes a half-read mail for a clean one and a hostile mail cannot flood the dialog.

use super::Context;
use crate::report::{CheckId, Finding, Location};
use std::collections::HashSet;

const MAX_REPORTED: usize = 20;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let level = ctx.policy.settings.severity.parse_warning;
    let mut seen = HashSet::new();
    let unique: Vec<&String> = ctx
        .draft
        .parse_problems
        .iter()
        .filter(|p| seen.insert(p.as_str()))
        .collect();
    for problem in unique.iter().take(MAX_REPORTED) {
        if let Some(f) = ctx.finding(
            CheckId::ParseWarning,
            level,
            Location::Message,
            (*problem).clone(),
        ) {
            out.push(f);
        }
    }
    if unique.len() > MAX_REPORTED {
        let rest = unique.len() - MAX_REPORTED;
        let message = format!("ほかに {rest} 件の形式上の問題があります ({rest} more problems)");
        if let Some(mut f) = ctx.finding(CheckId::ParseWarning, level, Location::Message, message) {
            f.count = rest as u64;
            out.push(f);
        }
    }
}
