//! The reply checks, which need the message being answered (the hook passes it as
//! `in_reply_to`; a plain .eml has none, so they stay silent there):
//!
//! - `reply_redirected`: the reply goes to an outside address other than the original
//!   sender's — a Reply-To pointing elsewhere, or the sender's name or mailbox on another
//!   domain. The fake-社長 pattern: 「社長」 writes from a look-alike, replies go to the
//!   impostor.
//! - `new_domain_on_reply`: a reply or forward adds an outside domain that was not in
//!   the original message.

use super::Context;
use crate::domain;
use crate::draft::{ComposeType, Field, Mailbox};
use crate::report::{CheckId, Finding};
use std::collections::HashSet;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(original) = ctx.draft.in_reply_to.as_ref() else {
        return;
    };
    if ctx.draft.compose_type == ComposeType::New {
        return;
    }
    let severity = &ctx.policy.settings.severity;
    let addr = |m: &Mailbox| m.address.to_lowercase();
    let dom = |m: &Mailbox| domain::to_ascii_domain(&m.domain());
    let original_from = original.from.as_ref();
    let known_addresses: HashSet<String> = original_from
        .into_iter()
        .chain(&original.to)
        .chain(&original.cc)
        .map(addr)
        .collect();
    let known_domains: HashSet<String> = original_from
        .into_iter()
        .chain(&original.reply_to)
        .chain(&original.to)
        .chain(&original.cc)
        .map(dom)
        .collect();

    let mut redirected = HashSet::new();
    if ctx.draft.compose_type == ComposeType::Reply
        && let Some(from) = original_from
    {
        let from_domain = dom(from);
        let from_local = from.address.rsplit_once('@').map(|(l, _)| l.to_lowercase());
        for r in ctx.external_recipients().filter(|r| r.field != Field::Bcc) {
            let a = addr(r.mailbox);
            if known_addresses.contains(&a) || r.domain == from_domain {
                continue;
            }
            let via_reply_to = original.reply_to.iter().any(|m| addr(m) == a);
            let same_local = r
                .mailbox
                .address
                .rsplit_once('@')
                .map(|(l, _)| l.to_lowercase())
                == from_local;
            let same_name =
                matches!((&r.mailbox.name, &from.name), (Some(a), Some(b)) if a.trim() == b.trim());
            let why = if via_reply_to {
                format!(
                    "元のメールの返信先 (Reply-To) が差出人 {} と異なるアドレスを指しています",
                    from.address
                )
            } else if same_local || same_name {
                format!(
                    "元の差出人 {} と同じ名前ですがドメインが違います",
                    from.address
                )
            } else {
                continue;
            };
            let message = format!(
                "返信先 {} に注意: {why}。なりすまし（偽の社長・取引先）の可能性があります",
                r.mailbox.address
            );
            if let Some(mut f) = ctx.finding(
                CheckId::ReplyRedirected,
                severity.reply_redirected,
                r.field,
                message,
            ) {
                f.subject_of = Some(r.address.clone());
                out.push(f);
                redirected.insert(a);
            }
        }
    }

    let mut reported = HashSet::new();
    for r in ctx.external_recipients() {
        if known_domains.contains(&r.domain) || redirected.contains(&addr(r.mailbox)) {
            continue;
        }
        if !reported.insert(r.domain.clone()) {
            continue;
        }
        let what = if ctx.draft.compose_type == ComposeType::Forward {
            "転送"
        } else {
            "返信"
        };
        let message = format!(
            "{what}で、元のメールになかった社外のドメイン {} が宛先に加わっています",
            r.domain
        );
        if let Some(mut f) = ctx.finding(
            CheckId::NewDomainOnReply,
            severity.new_domain_on_reply,
            r.field,
            message,
        ) {
            f.subject_of = Some(r.address.clone());
            out.push(f);
        }
    }
}
