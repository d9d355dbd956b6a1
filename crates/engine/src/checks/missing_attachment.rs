//! `missing_attachment`: the mail says something is attached (添付いたします, 別添,
//! "attached"…) and nothing is. Only the sender's own text counts: a quoted mail or a
//! signature saying "attached" is not this mail's promise, and a disclaimer line ("this
//! e-mail and any attachments are confidential") is not a mention.

use super::{Context, Phrases};
use crate::report::{CheckId, Finding, Location};
use crate::text::phrases::fold;
use crate::text::regions::RegionKind;
use std::collections::HashMap;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    if !ctx.draft.attachments.is_empty() {
        return;
    }
    let level = ctx.policy.settings.severity.missing_attachment;
    let subject = fold(&ctx.draft.subject);
    let subject_sentences = sentences(ctx, &subject, 0, subject.len());
    let in_subject = ctx
        .phrases
        .attachment
        .find_all_folded(&subject)
        .into_iter()
        .find(|h| !excluded(&subject_sentences, h.start))
        .map(|h| (Location::Subject, h.phrase));
    let mut by_line: HashMap<usize, Vec<Sentence>> = HashMap::new();
    let hit = in_subject.or_else(|| {
        ctx.body_phrases
            .iter()
            .filter(|h| h.tag == Phrases::ATTACHMENT)
            .find(|h| {
                let line = ctx.folded_line_of(h.start);
                if ctx.regions.line_kind(line) != RegionKind::Own {
                    return false;
                }
                let sentences = by_line.entry(line).or_insert_with(|| {
                    let (start, end) = ctx.folded_line_span(line);
                    sentences(ctx, &ctx.folded_body, start, end)
                });
                !excluded(sentences, h.start)
            })
            .map(|h| (Location::Body, h.phrase.clone()))
    });
    if let Some((location, phrase)) = hit {
        let message = format!("「{phrase}」とありますが、ファイルが添付されていません");
        if let Some(mut f) = ctx.finding(CheckId::MissingAttachment, level, location, message) {
            f.evidence = Some(phrase);
            out.push(f);
        }
    }
}

/// A sentence of a line: where it ends, and whether it holds an exclusion.
struct Sentence {
    end: usize,
    excluded: bool,
}

/// The sentences of `text[start..end]` (split at 。！？!?), each marked when it holds a
/// disclaimer, a negation, the future or an earlier mail. Exclusions count only within
/// their sentence: in 「先日はありがとうございました。見積書を添付いたします。」 the
/// promise stands. Each line is split and scanned once, however many hits it has.
fn sentences(ctx: &Context<'_>, text: &str, start: usize, end: usize) -> Vec<Sentence> {
    const SENTENCE_ENDS: [char; 5] = ['。', '！', '？', '!', '?'];
    let mut out = Vec::new();
    let mut from = start;
    for (i, c) in text[start..end].char_indices() {
        if SENTENCE_ENDS.contains(&c) {
            let to = start + i + c.len_utf8();
            out.push(sentence(ctx, text, from, to));
            from = to;
        }
    }
    if from < end || out.is_empty() {
        out.push(sentence(ctx, text, from, end));
    }
    out
}

fn sentence(ctx: &Context<'_>, text: &str, start: usize, end: usize) -> Sentence {
    Sentence {
        end,
        excluded: !ctx
            .phrases
            .disclaimers
            .find_all_folded(&text[start..end])
            .is_empty(),
    }
}

/// Whether the sentence holding `offset` is excluded.
fn excluded(sentences: &[Sentence], offset: usize) -> bool {
    let index = sentences.partition_point(|s| s.end <= offset);
    sentences.get(index).is_some_and(|s| s.excluded)
}
