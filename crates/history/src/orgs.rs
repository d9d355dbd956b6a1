//! The organisation list (`organisations.csv`): the names domains go by, given by an
//! administrator (beside the organisation policy) or by the person (in the config dir).
//!
//! One line per domain, `domain,name[,name…]` (`kaede-shoji.co.jp,楓商事,Kaede Shoji`),
//! CSV quoting for names with commas ("Kaede Shoji Co., Ltd."), `#` comments, UTF-8 or
//! CP932 (a list saved from Excel). Where the two lists disagree about a domain the
//! organisation's wins; listed names win over learned ones (see [`crate::view`]).

use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The list's file name, in the config dir and beside the organisation policy.
pub const FILE_NAME: &str = "organisations.csv";

/// Domains and the names they go by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationList {
    entries: BTreeMap<String, Vec<String>>,
}

impl OrganisationList {
    /// Read one list file; a missing file is an empty list.
    pub fn read(path: &Path) -> Result<OrganisationList> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(OrganisationList::default());
            }
            Err(source) => {
                return Err(Error::Io {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        OrganisationList::parse(&decode(&bytes)).map_err(|(line, message)| {
            Error::OrganisationList {
                path: path.display().to_string(),
                line,
                message,
            }
        })
    }

    /// The list in force: the organisation's `organisations.csv` beside the organisation
    /// policy (`$SENDGUARD_ORG_POLICY`) merged over the person's in the config dir.
    pub fn load_configured() -> Result<OrganisationList> {
        let own = match OrganisationList::own_path() {
            Some(path) => OrganisationList::read(&path)?,
            None => OrganisationList::default(),
        };
        let org = match sendguard_engine::policy::files::org_policy_dir() {
            Some(dir) => OrganisationList::read(&dir.join(FILE_NAME))?,
            None => OrganisationList::default(),
        };
        Ok(OrganisationList::merged(org, own))
    }

    /// The person's own list: `organisations.csv` in the config dir.
    pub fn own_path() -> Option<std::path::PathBuf> {
        sendguard_engine::policy::files::config_dir().map(|dir| dir.join(FILE_NAME))
    }

    /// The organisation's list (`org_list`) merged over the person's (`own_list`).
    pub fn merged(org_list: OrganisationList, own_list: OrganisationList) -> OrganisationList {
        let mut entries = own_list.entries;
        for (domain, names) in org_list.entries {
            entries.insert(domain, names);
        }
        OrganisationList { entries }
    }

    /// Parse the text of a list; an error names its line (1-based).
    pub fn parse(text: &str) -> std::result::Result<OrganisationList, (usize, String)> {
        let mut entries: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                (line, format!("CSV として読めません (not valid CSV: {e})"))
            })?;
            let line = record.position().map_or(0, |p| p.line() as usize);
            let mut fields = record.iter();
            let Some(domain) = fields.next().filter(|d| !d.is_empty()) else {
                continue;
            };
            let domain = sendguard_engine::domain::to_ascii_domain(&domain.to_lowercase());
            if domain.is_empty() || !domain.contains('.') || domain.contains('@') {
                return Err((
                    line,
                    "1 列目はドメインにしてください (the first column must be a domain, e.g. kaede-shoji.co.jp)".into(),
                ));
            }
            let names: Vec<String> = fields
                .filter(|n| !n.is_empty())
                .map(str::to_owned)
                .collect();
            if names.is_empty() {
                return Err((
                    line,
                    "組織名がありません (no organisation name after the domain)".into(),
                ));
            }
            let entry = entries.entry(domain).or_default();
            for name in names {
                if !entry.contains(&name) {
                    entry.push(name);
                }
            }
        }
        Ok(OrganisationList { entries })
    }

    /// The list as CSV text (what the app's editor saves).
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        for (domain, names) in &self.entries {
            let mut row = vec![domain.as_str()];
            row.extend(names.iter().map(String::as_str));
            // Writing to a Vec cannot fail.
            let _ = writer.write_record(&row);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    pub fn entries(&self) -> impl Iterator<Item = (&String, &Vec<String>)> {
        self.entries.iter()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// UTF-8 (with or without BOM), else CP932.
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_names_comments_and_cp932() {
        let text = "# 取引先\nkaede-shoji.co.jp,楓商事,\"Kaede Shoji Co., Ltd.\"\n\nHIKARI-TECH.CO.JP , ひかりテック\n";
        let list = OrganisationList::parse(text).expect("parses");
        let entries: Vec<_> = list.entries().collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[1].1,
            &vec!["楓商事".to_owned(), "Kaede Shoji Co., Ltd.".to_owned()]
        );
        assert_eq!(entries[0].0, "hikari-tech.co.jp");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("aoba.jp,青葉物流\r\n");
        assert_eq!(
            OrganisationList::parse(&decode(&sjis))
                .expect("cp932")
                .len(),
            1
        );
        let back = OrganisationList::parse(&list.to_csv()).expect("round trip");
        assert_eq!(back, list);
    }

    #[test]
    fn a_bad_line_is_named() {
        let err = OrganisationList::parse("kaede-shoji.co.jp,楓商事\n楓商事,kaede\n")
            .expect_err("not a domain");
        assert_eq!(err.0, 2);
        assert!(OrganisationList::parse("a.jp\n").is_err(), "no name");
    }

    #[test]
    fn the_organisations_list_wins_for_a_domain() {
        let org = OrganisationList::parse("a.jp,公式名\n").expect("org");
        let own = OrganisationList::parse("a.jp,通称\nb.jp,別社\n").expect("own");
        let merged = OrganisationList::merged(org, own);
        let entries: Vec<_> = merged.entries().collect();
        assert_eq!(entries[0].1, &vec!["公式名".to_owned()]);
        assert_eq!(entries.len(), 2);
    }
}
