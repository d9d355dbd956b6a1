//! `missing_attachment`: the mail says something is attached (添付いたします, 別添,
//! "attached"…) and nothing is. Only the sender's own text counts: a quoted mail or a
//! signature saying "attached" is not this mail's promise, and a disclaimer line ("this
//! e-mail and any attachments are confidential") is not a mention.

use super::{Context, Phrases};
use crate::report::{CheckId, Finding};
use crate::text::phrases::fold;
use crate::text::regions::RegionKind;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if !ctx.draft.attachments.is_empty() {
        return;
    }
    let level = ctx.policy.settings.severity.missing_attachment;
    let subject = fold(&ctx.draft.subject);
    let in_subject = ctx
        .phrases
        .attachment
        .find_all_folded(&subject)
        .into_iter()
        .find(|_| !is_disclaimer(ctx, &subject))
        .map(|h| ("subject", h.phrase));
    let hit = in_subject.or_else(|| {
        ctx.body_phrases
            .iter()
            .filter(|h| h.tag == Phrases::ATTACHMENT)
            .find(|h| {
                let line = ctx.folded_line_of(h.start);
                ctx.regions.line_kind(line) == RegionKind::Own
                    && !is_disclaimer(ctx, ctx.folded_line(line))
            })
            .map(|h| ("body", h.phrase.clone()))
    });
    if let Some((location, phrase)) = hit {
        let message = format!("「{phrase}」とありますが、ファイルが添付されていません");
        if let Some(mut f) = ctx.finding(CheckId::MissingAttachment, level, location, message) {
            f.evidence = Some(phrase);
            out.push(f);
        }
    }
}

fn is_disclaimer(ctx: &Context<'_>, folded_line: &str) -> bool {
    !ctx.phrases
        .disclaimers
        .find_all_folded(folded_line)
        .is_empty()
}
