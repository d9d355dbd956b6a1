//! `confidential_keyword`: material marked 社外秘, 機密, 極秘, Confidential… in the
//! subject, the body or a file name. One finding per place, with the count of hits there.
//! Quoted text counts (it goes out too); the sender's own signature does not, since a
//! standard disclaimer ("This e-mail is confidential…") would otherwise flag every mail.

use super::Context;
use crate::report::{CheckId, Finding};
use crate::text::phrases::PhraseList;
use crate::text::regions::RegionKind;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let keywords = PhraseList::new(&ctx.policy.lists.confidential_keywords);
    let level = ctx.policy.settings.severity.confidential_keyword;
    let mut places: Vec<(String, &str, String)> = vec![
        ("subject".to_owned(), "件名", ctx.draft.subject.clone()),
        ("body".to_owned(), "本文", body_without_signature(ctx)),
    ];
    for a in &ctx.draft.attachments {
        places.push((
            format!("attachment:{}", a.name),
            "ファイル名",
            a.name.clone(),
        ));
    }
    for (location, where_ja, text) in places {
        let hits = keywords.find_all(&text);
        let Some(first) = hits.first() else { continue };
        let mut words: Vec<&str> = hits.iter().map(|h| h.phrase.as_str()).collect();
        words.dedup();
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

/// The body with the signature block cut out.
fn body_without_signature(ctx: &Context<'_>) -> String {
    let mut text = String::with_capacity(ctx.body.len());
    let mut from = 0;
    for span in ctx.regions.spans_of(RegionKind::Signature) {
        text.push_str(&ctx.body[from..span.start]);
        text.push('\n');
        from = span.end;
    }
    text.push_str(&ctx.body[from..]);
    text
}
