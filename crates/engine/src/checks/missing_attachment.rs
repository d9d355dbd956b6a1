//! `missing_attachment`: the mail says something is attached (添付いたします, 別添,
//! "attached"…) and nothing is. Only the sender's own text counts: a quoted mail or a
//! signature saying "attached" is not this mail's promise, and a disclaimer line ("this
//! e-mail and any attachments are confidential") is not a mention.

use super::Context;
use crate::report::{CheckId, Finding};
use crate::text::phrases::PhraseList;
use crate::text::regions::{RegionKind, line_ranges};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if !ctx.draft.attachments.is_empty() {
        return;
    }
    let phrases = PhraseList::new(&ctx.policy.lists.attachment_phrases);
    let disclaimers = PhraseList::new(&ctx.policy.lists.attachment_disclaimers);
    let level = ctx.policy.settings.severity.missing_attachment;

    let mentions = |line: &str| -> Option<String> {
        if disclaimers.contains_any(line) {
            return None;
        }
        phrases.find_all(line).into_iter().next().map(|h| h.phrase)
    };
    let hit = mentions(&ctx.draft.subject)
        .map(|p| ("subject", p))
        .or_else(|| {
            line_ranges(&ctx.body)
                .into_iter()
                .filter(|(range, _)| ctx.regions.kind_at(range.start) == RegionKind::Own)
                .find_map(|(_, line)| mentions(line))
                .map(|p| ("body", p))
        });
    if let Some((location, phrase)) = hit {
        let message = format!("「{phrase}」とありますが、ファイルが添付されていません");
        if let Some(mut f) = ctx.finding(CheckId::MissingAttachment, level, location, message) {
            f.evidence = Some(phrase);
            out.push(f);
        }
    }
}
