//! A [`Filter`] from what people type: local dates and the codes or Japanese labels of
//! decisions, statuses and categories. The CLI's `--since/--until/…` and the desktop
//! app's filter bar go through the same rules, so the same words select the same rows.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Deserialize;

use crate::{Category, Decision, Error, Filter, Result, ReviewStatus};
use sendguard_engine::{CheckId, Code, FindingType};

/// The filter as text. Empty strings count as "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
#[ts(rename = "LogFilter")]
pub struct FilterQuery {
    /// From this local date (`2026-11-01`) or RFC 3339 time, inclusive.
    #[ts(optional)]
    pub since: Option<String>,
    /// Up to and including this local date, or before this RFC 3339 time.
    #[ts(optional)]
    pub until: Option<String>,
    #[ts(optional)]
    pub check: Option<String>,
    #[serde(rename = "type")]
    #[ts(optional)]
    pub kind: Option<String>,
    #[ts(optional)]
    pub decision: Option<String>,
    #[ts(optional)]
    pub status: Option<String>,
    #[ts(optional)]
    pub user: Option<String>,
    #[ts(optional)]
    pub category: Option<String>,
    #[ts(optional, type = "number")]
    pub limit: Option<usize>,
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl FilterQuery {
    /// The filter, with dates read in `tz`. A bad date or code is an error naming it.
    pub fn to_filter(&self, tz: &TimeZone) -> Result<Filter> {
        Ok(Filter {
            since: set(&self.since)
                .map(|s| parse_time(s, false, tz))
                .transpose()?,
            until: set(&self.until)
                .map(|s| parse_time(s, true, tz))
                .transpose()?,
            check: set(&self.check)
                .map(|c| CheckId::from_code(c).ok_or_else(|| Error::UnknownCheck(c.to_owned())))
                .transpose()?,
            kind: set(&self.kind)
                .map(|k| FindingType::from_name(k).ok_or_else(|| Error::UnknownType(k.to_owned())))
                .transpose()?,
            decision: set(&self.decision).map(Decision::parse).transpose()?,
            status: set(&self.status).map(ReviewStatus::parse).transpose()?,
            user: set(&self.user).map(str::to_owned),
            category: set(&self.category).map(Category::parse).transpose()?,
            limit: self.limit,
        })
    }
}

/// A local date (its midnight in `tz`) or an RFC 3339 time; `end` moves a date to the
/// next midnight, so "until 2026-11-30" includes the 30th.
pub fn parse_time(text: &str, end: bool, tz: &TimeZone) -> Result<Timestamp> {
    if let Ok(t) = text.parse::<Timestamp>() {
        return Ok(t);
    }
    let date: Date = text.parse().map_err(|_| Error::BadDate(text.to_owned()))?;
    let date = if end {
        date.checked_add(1.day())
            .map_err(|_| Error::BadDate(text.to_owned()))?
    } else {
        date
    };
    date.to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|_| Error::BadDate(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_codes_and_labels() {
        let tz = TimeZone::fixed(jiff::tz::offset(9));
        let q = FilterQuery {
            since: Some("2026-11-01".into()),
            until: Some("2026-11-30".into()),
            status: Some("対策済".into()),
            decision: Some("cancelled".into()),
            category: Some(" ".into()),
            ..FilterQuery::default()
        };
        let f = q.to_filter(&tz).expect("filter");
        assert_eq!(f.since, Some("2026-10-31T15:00:00Z".parse().expect("t")));
        assert_eq!(f.until, Some("2026-11-30T15:00:00Z".parse().expect("t")));
        assert_eq!(f.status, Some(ReviewStatus::Resolved));
        assert_eq!(f.decision, Some(Decision::Cancelled));
        assert_eq!(f.category, None, "blank means not set");
    }

    #[test]
    fn a_bad_date_or_code_is_named() {
        let tz = TimeZone::UTC;
        let bad = FilterQuery {
            since: Some("11/01".into()),
            ..FilterQuery::default()
        };
        assert!(
            bad.to_filter(&tz)
                .unwrap_err()
                .to_string()
                .contains("11/01")
        );
        let bad = FilterQuery {
            status: Some("done".into()),
            ..FilterQuery::default()
        };
        assert!(bad.to_filter(&tz).unwrap_err().to_string().contains("done"));
    }
}
