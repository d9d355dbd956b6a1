//! `confidential_keyword`: material marked 社外秘, 機密, 極秘, Confidential… in the
//! subject, the body or a file name. One finding per place, with the count of hits there.
//! Quoted text counts (it goes out too); the sender's own signature does not, since a
//! standard disclaimer ("This e-mail is confidential…") would otherwise flag every mail.

use super::{Context, Phrases};
use crate::report::{CheckId, Finding, Location};
use crate::text::phrases::PhraseHit;
use crate::text::regions::RegionKind;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let keywords = &ctx.phrases.confidential;
    let level = ctx.policy.settings.severity.confidential_keyword;
    let body_hits: Vec<PhraseHit> = ctx
        .body_phrases
        .iter()
        .filter(|h| h.tag == Phrases::CONFIDENTIAL)
        .filter(|h| ctx.regions.line_kind(ctx.folded_line_of(h.start)) != RegionKind::Signature)
        .cloned()
        .collect();
    let mut places: Vec<(Location, &str, Vec<PhraseHit>)> = vec![
        (
            Location::Subject,
            "件名",
            keywords.find_all(&ctx.draft.subject),
        ),
        (Location::Body, "本文", body_hits),
    ];
    for a in &ctx.draft.attachments {
        places.push((
            Location::attachment([a.name.as_str()]),
            "ファイル名",
            keywords.find_all(&a.name),
        ));
    }
    for (location, where_ja, hits) in places {
        let Some(first) = hits.first() else { continue };
        let mut words: Vec<&str> = Vec::new();
        for h in &hits {
            if !words.contains(&h.phrase.as_str()) {
                words.push(&h.phrase);
            }
        }
        let shown = words
            .iter()
            .take(3)
            .map(|w| format!("「{w}」"))
            .collect::<String>();
        let message =
            format!("{where_ja}に{shown}とあります。社外に出してよい内容かご確認ください");
        if let Some(mut f) = ctx.finding(CheckId::ConfidentialKeyword, level, location, message) {
            f.count = hits.len() as u64;
            f.evidence = Some(first.phrase.clone());
            out.push(f);
        }
    }
}
