//! The policy: every threshold, level and list the checks use.
//!
//! A policy is TOML (`rules/default.toml`, built into the binary) plus word lists
//! (`rules/*.txt`), layered: built-in < organisation policy (which may lock keys) < the
//! user's policy. Each layer is validated on its own against the schema, so a mistake is
//! reported with the file, line and column where it is; then the layers are merged as TOML
//! tables (a later layer replaces what it sets; locked keys of the organisation cannot be
//! replaced by the user) and the merged table becomes [`Settings`].
//!
//! Reading the files is in [`files`]; everything else here is pure.

pub mod files;
mod lists;
mod settings;

pub use lists::Lists;
pub use settings::bounds;
pub use settings::{
    BccSettings, DialogSettings, HookSettings, Level, LogSettings, Organisation,
    PersonalDataSettings, RecordScope, RelayAccount, RelaySettings, Settings, SeverityTable,
    UpstreamTls,
};

use crate::domain;
use std::path::PathBuf;

/// The built-in default policy text.
pub const DEFAULT_TOML: &str = include_str!("../../../../rules/default.toml");

/// Where a layer comes from; the organisation layer may lock keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    Organisation,
    User,
}

/// One policy file (and the list files beside it, when it came from a directory).
#[derive(Debug, Clone)]
pub struct Layer {
    pub kind: LayerKind,
    /// The path as shown in errors.
    pub origin: String,
    pub toml: String,
    /// `(file name, contents)` of list files that replace the shipped ones.
    pub lists: Vec<(String, String)>,
}

/// A policy that could not be loaded. The message names the file, line and problem.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}: cannot read / 読めません: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The policy the checks run with.
#[derive(Debug, Clone)]
pub struct Policy {
    pub settings: Settings,
    pub lists: Lists,
    /// Files the policy was built from, lowest layer first (`built-in` for the default).
    pub sources: Vec<String>,
    /// Things worth telling the user that are not errors (a locked key they tried to set).
    pub notices: Vec<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Policy::builtin()
    }
}

impl Policy {
    /// The shipped default policy alone.
    pub fn builtin() -> Policy {
        match Policy::from_layers(&[]) {
            Ok(policy) => policy,
            // The built-in policy is tested; should it ever fail, fall back to the schema
            // defaults rather than refusing to check mail.
            Err(_) => Policy {
                settings: Settings::default(),
                lists: Lists::builtin(),
                sources: vec!["built-in".to_owned()],
                notices: Vec::new(),
            },
        }
    }

    /// Build a policy from the built-in defaults and the given layers, in order.
    pub fn from_layers(layers: &[Layer]) -> Result<Policy, PolicyError> {
        let mut merged = parse_table("built-in rules/default.toml", DEFAULT_TOML)?;
        let mut lists = Lists::builtin();
        let mut sources = vec!["built-in".to_owned()];
        let mut notices = Vec::new();
        let mut locked: Vec<String> = Vec::new();
        for layer in layers {
            let mut table = parse_table(&layer.origin, &layer.toml)?;
            // Validate the layer on its own so errors point into this file.
            toml::from_str::<Settings>(&layer.toml)
                .map_err(|e| syntax_error(&layer.origin, &layer.toml, &e))?;
            match layer.kind {
                LayerKind::Organisation => {
                    if let Some(toml::Value::Array(keys)) = table.get("locked") {
                        for key in keys.iter().filter_map(|k| k.as_str()) {
                            // A misspelt lock would lock nothing, silently.
                            if !has_dotted(&merged, key) {
                                return Err(PolicyError::Invalid {
                                    file: layer.origin.clone(),
                                    message: format!(
                                        "locked: unknown key \"{key}\" / 存在しないキーです"
                                    ),
                                });
                            }
                            locked.push(key.to_owned());
                        }
                    }
                }

                LayerKind::User => {
                    for key in &locked {
                        if remove_dotted(&mut table, key) {
                            notices.push(format!(
                                "{}: {key} は組織のポリシーで固定されているため無視しました ({key} is locked by the organisation policy)",
                                layer.origin
                            ));
                        }
                    }
                    table.remove("locked");
                }
            }
            merge(&mut merged, table);
            for (name, text) in &layer.lists {
                lists
                    .replace(name, text)
                    .map_err(|message| PolicyError::Invalid {
                        file: format!("{} ({name})", layer.origin),
                        message,
                    })?;
            }
            sources.push(layer.origin.clone());
        }
        let settings: Settings =
            toml::Value::Table(merged)
                .try_into()
                .map_err(|e: toml::de::Error| PolicyError::Invalid {
                    file: sources.join(" + "),
                    message: e.message().to_owned(),
                })?;
        settings
            .validate()
            .map_err(|message| PolicyError::Invalid {
                file: sources.last().cloned().unwrap_or_default(),
                message,
            })?;
        lists.extend_from_settings(&settings.lists);
        Ok(Policy {
            settings,
            lists,
            sources,
            notices,
        })
    }

    /// Add an internal domain (from `--internal-domain`); stored as lower-case punycode.
    pub fn add_internal_domain(&mut self, domain: &str) {
        let d = domain::to_ascii_domain(domain.trim_start_matches('@'));
        if !d.is_empty() && !self.settings.organisation.internal_domains.contains(&d) {
            self.settings.organisation.internal_domains.push(d);
        }
    }

    /// Add a name the organisation goes by (from `--org-name`).
    pub fn add_org_name(&mut self, name: &str) {
        let n = name.trim().to_owned();
        if !n.is_empty() && !self.settings.organisation.names.contains(&n) {
            self.settings.organisation.names.push(n);
        }
    }
}

fn parse_table(origin: &str, text: &str) -> Result<toml::Table, PolicyError> {
    text.parse::<toml::Table>()
        .map_err(|e| syntax_error(origin, text, &e))
}

fn syntax_error(origin: &str, text: &str, error: &toml::de::Error) -> PolicyError {
    let (line, column) = error
        .span()
        .map(|span| line_column(text, span.start))
        .unwrap_or((1, 1));
    PolicyError::Syntax {
        file: origin.to_owned(),
        line,
        column,
        message: error.message().trim().to_owned(),
    }
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..text.floor_char_boundary(offset.min(text.len()))];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Deep-merge `overlay` into `base`: tables merge, everything else is replaced.
fn merge(base: &mut toml::Table, overlay: toml::Table) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Whether `a.b.c` names a key of the table.
fn has_dotted(table: &toml::Table, dotted: &str) -> bool {
    match dotted.split_once('.') {
        None => table.contains_key(dotted),
        Some((head, rest)) => match table.get(head) {
            Some(toml::Value::Table(inner)) => has_dotted(inner, rest),
            _ => false,
        },
    }
}

/// Remove `a.b.c` from a table; true when something was there.
fn remove_dotted(table: &mut toml::Table, dotted: &str) -> bool {
    match dotted.split_once('.') {
        None => table.remove(dotted).is_some(),
        Some((head, rest)) => match table.get_mut(head) {
            Some(toml::Value::Table(inner)) => remove_dotted(inner, rest),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(kind: LayerKind, origin: &str, toml: &str) -> Layer {
        Layer {
            kind,
            origin: origin.to_owned(),
            toml: toml.to_owned(),
            lists: Vec::new(),
        }
    }

    #[test]
    fn builtin_policy_loads_with_contract_defaults() {
        let policy = Policy::from_layers(&[]).expect("built-in policy");
        let s = &policy.settings;
        assert_eq!(s.severity.external_recipient, Level::Warning);
        assert_eq!(s.severity.bcc_suggested, Level::Danger);
        assert_eq!(s.bcc.min_parties, 3);
        assert_eq!(s.bcc.min_addresses, 10);
        assert!(policy.lists.is_freemail("gmail.com"));
        assert!(policy.lists.is_freemail("i.softbank.jp"));
        assert!(!policy.lists.is_freemail("sakura-sys.co.jp"));
    }

    #[test]
    fn user_layer_overrides_and_org_locks() {
        let org = layer(
            LayerKind::Organisation,
            "org.toml",
            "locked = [\"bcc_suggested.min_parties\"]\n[bcc_suggested]\nmin_parties = 5\n",
        );
        let user = layer(
            LayerKind::User,
            "user.toml",
            "[bcc_suggested]\nmin_parties = 2\nmin_addresses = 4\n",
        );
        let policy = Policy::from_layers(&[org, user]).expect("policy");
        assert_eq!(policy.settings.bcc.min_parties, 5, "locked key kept");
        assert_eq!(
            policy.settings.bcc.min_addresses, 4,
            "unlocked key replaced"
        );
        assert_eq!(policy.notices.len(), 1);
    }

    #[test]
    fn mistakes_name_file_line_and_problem() {
        let cases = [
            ("[severity]\nbcc_suggested = \"loud\"\n", 2, "loud"),
            ("[bcc_suggested]\nmin_partys = 3\n", 2, "min_partys"),
            ("[bcc_suggested]\nmin_parties = \"three\"\n", 2, "three"),
            ("[severity\n", 1, ""),
        ];
        for (text, line, needle) in cases {
            let err = Policy::from_layers(&[layer(LayerKind::User, "my.toml", text)])
                .expect_err(text)
                .to_string();
            assert!(err.starts_with(&format!("my.toml:{line}:")), "{err}");
            assert!(err.contains(needle), "{err}");
        }
    }

    #[test]
    fn a_misspelt_lock_is_an_error() {
        let org = layer(
            LayerKind::Organisation,
            "org.toml",
            "locked = [\"bcc_suggested.min_partys\"]\n",
        );
        let err = Policy::from_layers(&[org]).expect_err("typo").to_string();
        assert!(
            err.contains("org.toml") && err.contains("min_partys"),
            "{err}"
        );
    }

    #[test]
    fn invalid_values_are_rejected() {
        let err = Policy::from_layers(&[layer(
            LayerKind::User,
            "my.toml",
            "[bcc_suggested]\nmin_parties = 0\n",
        )])
        .expect_err("zero threshold")
        .to_string();
        assert!(err.contains("min_parties"), "{err}");
    }
}
