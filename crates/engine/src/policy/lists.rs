//! The word lists shipped in `rules/*.txt`: free-mail domains, confidential keywords,
//! attachment phrases and disclaimers, spoofed roles, surnames.
//!
//! Lists are plain text (one entry per line, `#` comments) so that administrators can
//! maintain them without touching TOML; they are built into the binary and can be
//! replaced per file by a `--rules` directory or extended from the policy's `[lists]`.

use super::settings::ListAdditions;
use std::collections::HashSet;

const FREEMAIL: &str = include_str!("../../../../rules/freemail.txt");
const CONFIDENTIAL: &str = include_str!("../../../../rules/confidential-keywords.txt");
const ATTACHMENT_PHRASES: &str = include_str!("../../../../rules/attachment-phrases.txt");
const ATTACHMENT_DISCLAIMERS: &str = include_str!("../../../../rules/attachment-disclaimers.txt");
const SPOOF_ROLES: &str = include_str!("../../../../rules/spoof-roles.txt");
const SURNAMES: &str = include_str!("../../../../rules/surnames.txt");
const BUSINESS_LABELS: &str = include_str!("../../../../rules/business-labels.txt");
const CORPORATE_MARKERS: &str = include_str!("../../../../rules/corporate-markers.txt");
const SENSITIVE_FILENAMES: &str = include_str!("../../../../rules/sensitive-filenames.txt");
const COMPANY_WORDS: &str = include_str!("../../../../rules/company-words.txt");

/// The list files a `--rules` directory may replace, by file name.
pub const LIST_FILES: [&str; 10] = [
    "freemail.txt",
    "confidential-keywords.txt",
    "attachment-phrases.txt",
    "attachment-disclaimers.txt",
    "spoof-roles.txt",
    "surnames.txt",
    "business-labels.txt",
    "corporate-markers.txt",
    "sensitive-filenames.txt",
    "company-words.txt",
];

#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub freemail: HashSet<String>,
    pub confidential_keywords: Vec<String>,
    pub attachment_phrases: Vec<String>,
    pub attachment_disclaimers: Vec<String>,
    pub spoof_roles: Vec<String>,
    pub surnames: Vec<String>,
    pub business_labels: Vec<String>,
    pub corporate_markers: Vec<String>,
    pub sensitive_filenames: Vec<String>,
    /// Endings that make a display name's first word a company's name (besides the
    /// legal forms of `corporate_markers`).
    pub company_words: Vec<String>,
}

impl Lists {
    pub fn builtin() -> Lists {
        Lists {
            freemail: entries(FREEMAIL).map(|d| d.to_ascii_lowercase()).collect(),
            confidential_keywords: entries(CONFIDENTIAL).map(str::to_owned).collect(),
            attachment_phrases: entries(ATTACHMENT_PHRASES).map(str::to_owned).collect(),
            attachment_disclaimers: entries(ATTACHMENT_DISCLAIMERS).map(str::to_owned).collect(),
            spoof_roles: entries(SPOOF_ROLES).map(str::to_owned).collect(),
            surnames: entries(SURNAMES).map(str::to_owned).collect(),
            business_labels: entries(BUSINESS_LABELS).map(str::to_owned).collect(),
            corporate_markers: entries(CORPORATE_MARKERS).map(str::to_owned).collect(),
            sensitive_filenames: entries(SENSITIVE_FILENAMES).map(str::to_owned).collect(),
            company_words: entries(COMPANY_WORDS).map(str::to_owned).collect(),
        }
    }

    /// Replace one list from a file of the same name.
    pub fn replace(&mut self, file_name: &str, text: &str) -> Result<(), String> {
        let items = || entries(text).map(str::to_owned);
        match file_name {
            "freemail.txt" => self.freemail = items().map(|d| d.to_ascii_lowercase()).collect(),
            "confidential-keywords.txt" => self.confidential_keywords = items().collect(),
            "attachment-phrases.txt" => self.attachment_phrases = items().collect(),
            "attachment-disclaimers.txt" => self.attachment_disclaimers = items().collect(),
            "spoof-roles.txt" => self.spoof_roles = items().collect(),
            "surnames.txt" => self.surnames = items().collect(),
            "business-labels.txt" => self.business_labels = items().collect(),
            "corporate-markers.txt" => self.corporate_markers = items().collect(),
            "sensitive-filenames.txt" => self.sensitive_filenames = items().collect(),
            "company-words.txt" => self.company_words = items().collect(),
            other => return Err(format!("unknown list file \"{other}\" / 不明なリストです")),
        }
        Ok(())
    }

    pub fn extend_from_settings(&mut self, additions: &ListAdditions) {
        self.freemail.extend(
            additions
                .freemail_domains
                .iter()
                .map(|d| d.trim().to_ascii_lowercase()),
        );
        self.confidential_keywords
            .extend(additions.confidential_keywords.iter().cloned());
        self.attachment_phrases
            .extend(additions.attachment_phrases.iter().cloned());
        self.attachment_disclaimers
            .extend(additions.attachment_disclaimers.iter().cloned());
        self.spoof_roles
            .extend(additions.spoof_roles.iter().cloned());
    }

    /// True for a free-mail domain or a subdomain of one.
    pub fn is_freemail(&self, domain: &str) -> bool {
        let mut rest = domain;
        loop {
            if self.freemail.contains(rest) {
                return true;
            }
            match rest.split_once('.') {
                Some((_, parent)) if parent.contains('.') => rest = parent,
                _ => return false,
            }
        }
    }
}

fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
