//! Who a mail is for, as its writer says: the 宛名 block of the sender's own text and the
//! recipients' display names.
//!
//! One reader for the learner (`sendguard-history`: what a sent mail teaches about its
//! recipients) and the history checks (what this draft names), so the two can never
//! disagree on what a 宛名 is. Only the sender's own text counts: quoted mail, forwarded
//! mail and signatures are cut away by the body's regions before the 宛名 parser sees it
//! ([`crate::text::regions`]), so a reply quoting another company's 宛名 teaches nothing
//! and alarms nobody.

pub use crate::text::salutation::{
    Addressee, Person, fold_text, org_key, parse_addressee, parse_display_name,
};

use crate::Draft;
use crate::policy::Policy;
use crate::text::regions::RegionKind;

/// The 宛名 block of a draft's own text (empty when it has none).
pub fn of_draft(draft: &Draft, policy: &Policy) -> Addressee {
    parse_addressee(&own_text(draft, policy))
}

/// The lines of a draft's body its sender wrote now, in order (quoted, forwarded and
/// signature lines left out).
pub fn own_text(draft: &Draft, policy: &Policy) -> String {
    let (body, regions) = crate::checks::body_regions(draft, policy);
    own_lines(&body, &regions)
}

/// The own-text lines of `body` under `regions`.
pub(crate) fn own_lines(body: &str, regions: &crate::text::regions::Regions) -> String {
    let mut out = String::with_capacity(body.len().min(4096));
    for (i, line) in body.lines().enumerate() {
        if regions.line_kind(i) == RegionKind::Own {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
