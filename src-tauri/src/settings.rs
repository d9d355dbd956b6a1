//! The settings screen's values ↔ the user's `policy.toml`.
//!
//! The screen edits a handful of policy keys (internal domains, organisation names, the
//! BCC thresholds, the dialog countdown, autostart, the weekly reminder). They are
//! written into the user's own policy file with `toml_edit`, so the comments and any
//! other keys a person or administrator put there survive. Before anything is written
//! the new file is loaded as the policy would be (built-in < organisation < user), so a
//! saved file always loads. Keys the organisation policy locks are shown read-only and
//! refused here.

use std::path::{Path, PathBuf};

use sendguard_engine::Policy;
use serde::{Deserialize, Serialize};
use toml_edit::{Array, DocumentMut, Item, Table, value};

/// The editable settings, as the settings screen shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SettingsValues {
    pub internal_domains: Vec<String>,
    pub org_names: Vec<String>,
    #[ts(type = "number")]
    pub bcc_min_parties: usize,
    #[ts(type = "number")]
    pub bcc_min_addresses: usize,
    pub countdown_secs: u32,
    pub autostart: bool,
    pub weekly_reminder: bool,
    /// The SMTP relay's upstream, `host:port` (empty: the relay is off).
    pub relay_upstream: String,
    /// `starttls`, `tls` or `none`.
    pub relay_upstream_tls: String,
    /// 送信保留 in seconds.
    #[ts(type = "number")]
    pub relay_hold_secs: u64,
}

/// What `settings_get` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(rename = "Settings")]
pub struct SettingsView {
    /// True until internal domains are set: the first start asks for them.
    pub first_run: bool,
    pub values: SettingsValues,
    /// Screen keys the organisation policy locks.
    pub locked: Vec<String>,
    pub policy_path: String,
    /// The bounds of the numbers, from the engine's policy rules.
    pub limits: SettingsLimits,
    /// The port the mail client's outgoing server is set to when the relay is used.
    pub relay_port: u16,
}

/// `[min, max]` of each number on the settings screen
/// ([`sendguard_engine::policy::settings::bounds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct SettingsLimits {
    #[ts(type = "[number, number]")]
    pub bcc_min_parties: [usize; 2],
    #[ts(type = "[number, number]")]
    pub bcc_min_addresses: [usize; 2],
    #[ts(type = "[number, number]")]
    pub countdown_secs: [usize; 2],
    #[ts(type = "[number, number]")]
    pub relay_hold_secs: [usize; 2],
}

impl SettingsLimits {
    pub fn from_policy() -> SettingsLimits {
        use sendguard_engine::policy::bounds;
        let pair = |r: &std::ops::RangeInclusive<usize>| [*r.start(), *r.end()];
        SettingsLimits {
            bcc_min_parties: pair(&bounds::BCC_MIN_PARTIES),
            bcc_min_addresses: pair(&bounds::BCC_MIN_ADDRESSES),
            countdown_secs: [
                *bounds::COUNTDOWN_SECS.start() as usize,
                *bounds::COUNTDOWN_SECS.end() as usize,
            ],
            relay_hold_secs: [
                *bounds::RELAY_HOLD_SECS.start() as usize,
                *bounds::RELAY_HOLD_SECS.end() as usize,
            ],
        }
    }
}

/// A setting that cannot be saved: which field (if one) and why, in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct SettingsError {
    pub field: Option<String>,
    pub message: String,
}

impl SettingsError {
    fn field(field: &str, message: String) -> SettingsError {
        SettingsError {
            field: Some(field.to_owned()),
            message,
        }
    }

    pub fn general(message: String) -> SettingsError {
        SettingsError {
            field: None,
            message,
        }
    }
}

/// Screen key → policy key (`table.key`).
const KEYS: [(&str, &str, &str); 10] = [
    ("internal_domains", "organisation", "internal_domains"),
    ("org_names", "organisation", "names"),
    ("bcc_min_parties", "bcc_suggested", "min_parties"),
    ("bcc_min_addresses", "bcc_suggested", "min_addresses"),
    ("countdown_secs", "dialog", "countdown_secs"),
    ("autostart", "dialog", "autostart"),
    ("weekly_reminder", "dialog", "weekly_reminder"),
    ("relay_upstream", "relay", "upstream"),
    ("relay_upstream_tls", "relay", "upstream_tls"),
    ("relay_hold_secs", "relay", "hold_secs"),
];

/// The user's policy file: `policy.toml` in the config directory.
pub fn user_policy_path() -> Option<PathBuf> {
    sendguard_engine::policy::files::config_dir().map(|d| d.join("policy.toml"))
}

/// The screen's view of `policy`.
pub fn view(policy: &Policy, policy_path: &Path) -> SettingsView {
    let s = &policy.settings;
    let values = SettingsValues {
        // Shown as people read them (さくら.jp, not xn--…); saved in the stored form.
        internal_domains: s
            .organisation
            .internal_domains
            .iter()
            .map(|d| sendguard_engine::domain::to_unicode_domain(d))
            .collect(),
        org_names: s.organisation.names.clone(),
        bcc_min_parties: s.bcc.min_parties,
        bcc_min_addresses: s.bcc.min_addresses,
        countdown_secs: s.dialog.countdown_secs,
        autostart: s.dialog.autostart,
        weekly_reminder: s.dialog.weekly_reminder,
        relay_upstream: s.relay.upstream.clone(),
        relay_upstream_tls: tls_code(s.relay.upstream_tls).to_owned(),
        relay_hold_secs: s.relay.hold_secs,
    };
    let locked = KEYS
        .iter()
        .filter(|(_, table, key)| s.locked.iter().any(|l| *l == format!("{table}.{key}")))
        .map(|(screen, _, _)| (*screen).to_owned())
        .collect();
    SettingsView {
        first_run: values.internal_domains.is_empty(),
        values,
        locked,
        policy_path: policy_path.display().to_string(),
        limits: SettingsLimits::from_policy(),
        relay_port: s.relay.port,
    }
}

fn tls_code(tls: sendguard_engine::policy::UpstreamTls) -> &'static str {
    use sendguard_engine::policy::UpstreamTls;
    match tls {
        UpstreamTls::None => "none",
        UpstreamTls::Starttls => "starttls",
        UpstreamTls::Tls => "tls",
    }
}

/// A mail domain as people type it, in the engine's stored form
/// ([`sendguard_engine::domain::parse_domain`], the one rule), or the error to show.
fn clean_domain(raw: &str) -> Result<String, String> {
    sendguard_engine::domain::parse_domain(raw).ok_or_else(|| {
        format!(
            "「{}」はドメイン名ではありません (not a domain name, e.g. sakura-sys.co.jp)",
            raw.trim()
        )
    })
}

/// Checks and tidies the screen's values; the first problem is the error.
pub fn validate(values: &SettingsValues) -> Result<SettingsValues, SettingsError> {
    let mut clean = values.clone();
    clean.internal_domains = Vec::new();
    for raw in values
        .internal_domains
        .iter()
        .filter(|d| !d.trim().is_empty())
    {
        let domain = clean_domain(raw).map_err(|m| SettingsError::field("internal_domains", m))?;
        if !clean.internal_domains.contains(&domain) {
            clean.internal_domains.push(domain);
        }
    }
    clean.org_names = Vec::new();
    for name in values
        .org_names
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
    {
        if name.chars().count() > 100 {
            return Err(SettingsError::field(
                "org_names",
                format!("「{name}」は長すぎます (a name of at most 100 characters)"),
            ));
        }
        if !clean.org_names.iter().any(|n| n == name) {
            clean.org_names.push(name.to_owned());
        }
    }
    let range = |field: &str, n: usize, bounds: [usize; 2]| {
        let [lo, hi] = bounds;
        if (lo..=hi).contains(&n) {
            Ok(())
        } else {
            Err(SettingsError::field(
                field,
                format!("{lo}〜{hi} の数を入れてください (a number from {lo} to {hi})"),
            ))
        }
    };
    let limits = SettingsLimits::from_policy();
    range(
        "bcc_min_parties",
        values.bcc_min_parties,
        limits.bcc_min_parties,
    )?;
    range(
        "bcc_min_addresses",
        values.bcc_min_addresses,
        limits.bcc_min_addresses,
    )?;
    range(
        "countdown_secs",
        values.countdown_secs as usize,
        limits.countdown_secs,
    )?;
    range(
        "relay_hold_secs",
        usize::try_from(values.relay_hold_secs).unwrap_or(usize::MAX),
        limits.relay_hold_secs,
    )?;
    clean.relay_upstream = values.relay_upstream.trim().to_owned();
    if !clean.relay_upstream.is_empty() {
        sendguard_relay::parse_upstream(&clean.relay_upstream)
            .map_err(|m| SettingsError::field("relay_upstream", m))?;
    }
    if !["starttls", "tls", "none"].contains(&values.relay_upstream_tls.as_str()) {
        return Err(SettingsError::field(
            "relay_upstream_tls",
            "starttls・tls・none のどれかにしてください (one of starttls, tls, none)".to_owned(),
        ));
    }
    Ok(clean)
}

/// Domains in the form [`validate`] saves them (a value that does not parse stays as
/// written, lower-cased), without repeats.
fn stored_domains(domains: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in domains.iter().filter(|d| !d.trim().is_empty()) {
        let d = clean_domain(raw).unwrap_or_else(|_| raw.trim().to_lowercase());
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

fn set_key(doc: &mut DocumentMut, table: &str, key: &str, item: Item) {
    let entry = doc.entry(table).or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(false);
        Item::Table(t)
    });
    if let Some(t) = entry.as_table_like_mut() {
        t.insert(key, item);
    }
}

fn list(values: &[String]) -> Item {
    value(values.iter().map(String::as_str).collect::<Array>())
}

/// The new text of the user's policy file with the screen keys in `keys` set from
/// `values`; other content is kept.
pub fn edit_policy_text(
    existing: &str,
    values: &SettingsValues,
    keys: &[String],
) -> Result<String, SettingsError> {
    let mut doc: DocumentMut = existing.parse().map_err(|e| {
        SettingsError::general(format!(
            "今の policy.toml を読めません。手で直してください (the existing policy.toml does not parse: {e})"
        ))
    })?;
    let items: [(&str, Item); 10] = [
        ("internal_domains", list(&values.internal_domains)),
        ("org_names", list(&values.org_names)),
        ("bcc_min_parties", value(values.bcc_min_parties as i64)),
        ("bcc_min_addresses", value(values.bcc_min_addresses as i64)),
        ("countdown_secs", value(i64::from(values.countdown_secs))),
        ("autostart", value(values.autostart)),
        ("weekly_reminder", value(values.weekly_reminder)),
        ("relay_upstream", value(values.relay_upstream.as_str())),
        (
            "relay_upstream_tls",
            value(values.relay_upstream_tls.as_str()),
        ),
        (
            "relay_hold_secs",
            value(i64::try_from(values.relay_hold_secs).unwrap_or(i64::MAX)),
        ),
    ];
    for ((screen, table, key), (_, item)) in KEYS.iter().zip(items) {
        if keys.iter().any(|k| k == screen) {
            set_key(&mut doc, table, key, item);
        }
    }
    Ok(doc.to_string())
}

/// Validates `values`, writes them into the user's policy at `policy_path` and returns
/// the policy as it now loads. A locked key whose value differs is refused.
pub fn save(
    values: &SettingsValues,
    current: &Policy,
    policy_path: &Path,
) -> Result<Policy, SettingsError> {
    let clean = validate(values)?;
    let before = view(current, policy_path);
    // Compared in the stored form: a locked domain list written as `Sakura-Sys.co.jp`
    // or `さくら.jp` is the same list the screen sends back, not a change.
    let mut before_values = before.values.clone();
    before_values.internal_domains = stored_domains(&before_values.internal_domains);
    let old = serde_json::to_value(&before_values).unwrap_or_default();
    let new = serde_json::to_value(&clean).unwrap_or_default();
    // Only what the person changed is written: a value that merely shows the built-in or
    // the organisation's setting stays theirs to change later.
    let changed: Vec<String> = KEYS
        .iter()
        .map(|(screen, _, _)| (*screen).to_owned())
        .filter(|screen| old[screen] != new[screen])
        .collect();
    if let Some(screen) = changed.iter().find(|c| before.locked.contains(c)) {
        return Err(SettingsError::field(
            screen,
            "組織のポリシーで固定されているため変更できません (locked by the organisation policy)"
                .to_owned(),
        ));
    }
    let existing = match std::fs::read_to_string(policy_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(SettingsError::general(format!(
                "{} を読めません (cannot read: {e})",
                policy_path.display()
            )));
        }
    };
    let text = edit_policy_text(&existing, &clean, &changed)?;
    let io = |e: std::io::Error| {
        SettingsError::general(format!(
            "{} に保存できません (cannot save: {e})",
            policy_path.display()
        ))
    };
    if let Some(dir) = policy_path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    // Write beside the real file, load it as the policy would be, then rename over:
    // a file that does not load never replaces one that does.
    let candidate = policy_path.with_extension("toml.saving");
    std::fs::write(&candidate, &text).map_err(io)?;
    let loaded = sendguard_engine::policy::files::load(Some(&candidate));
    match loaded {
        Ok(policy) => {
            std::fs::rename(&candidate, policy_path).map_err(io)?;
            Ok(policy)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&candidate);
            Err(SettingsError::general(format!(
                "保存すると読み込めない設定になります (the result would not load: {e})"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> SettingsValues {
        SettingsValues {
            internal_domains: vec![" @Sakura-Sys.co.jp ".into(), "sakura-sys.co.jp".into()],
            org_names: vec!["サクラシステム".into(), " ".into()],
            bcc_min_parties: 3,
            bcc_min_addresses: 10,
            countdown_secs: 3,
            autostart: true,
            weekly_reminder: false,
            relay_upstream: String::new(),
            relay_upstream_tls: "starttls".into(),
            relay_hold_secs: 0,
        }
    }

    #[test]
    fn domains_are_tidied_and_bad_ones_named() {
        let clean = validate(&values()).expect("valid");
        assert_eq!(clean.internal_domains, vec!["sakura-sys.co.jp"]);
        assert_eq!(clean.org_names, vec!["サクラシステム"]);
        for bad in [
            "sakura_sys.co.jp",
            "localhost",
            "a..jp",
            "-a.jp",
            "山田 商事.jp",
        ] {
            let mut v = values();
            v.internal_domains = vec![bad.into()];
            let e = validate(&v).expect_err(bad);
            assert_eq!(e.field.as_deref(), Some("internal_domains"));
            assert!(e.message.contains(bad.trim()), "{}", e.message);
        }
        let mut v = values();
        v.internal_domains = vec!["さくら.jp".into()];
        let clean = validate(&v).expect("an IDN is a domain");
        assert_eq!(
            clean.internal_domains,
            ["xn--y8jl1n.jp"],
            "stored as the engine compares it"
        );
        let mut v = values();
        v.countdown_secs = 61;
        assert_eq!(
            validate(&v).expect_err("range").field.as_deref(),
            Some("countdown_secs")
        );
    }

    #[test]
    fn editing_keeps_comments_and_other_keys() {
        let existing = "# 私の設定\n[severity]\nexternal_recipient = \"info\" # 社外は参考に\n\n[organisation]\nprotected_domains = [\"bank.co.jp\"]\n";
        let clean = validate(&values()).expect("valid");
        let all: Vec<String> = KEYS.iter().map(|(k, _, _)| (*k).to_owned()).collect();
        let text = edit_policy_text(existing, &clean, &all).expect("edit");
        assert!(text.contains("# 私の設定"));
        assert!(text.contains("external_recipient = \"info\" # 社外は参考に"));
        assert!(text.contains("protected_domains = [\"bank.co.jp\"]"));
        assert!(
            text.contains("internal_domains = [\"sakura-sys.co.jp\"]"),
            "{text}"
        );
        assert!(text.contains("[dialog]"));
        assert!(text.contains("countdown_secs = 3"));
        let some = edit_policy_text("", &clean, &["countdown_secs".to_owned()]).expect("edit");
        assert!(some.contains("countdown_secs = 3"));
        assert!(
            !some.contains("internal_domains"),
            "only the keys asked for are written"
        );
    }

    #[test]
    fn save_writes_a_file_that_loads_and_refuses_a_broken_one() {
        let dir = std::env::temp_dir().join(format!("sg-settings-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("policy.toml");
        let current = Policy::builtin();
        let policy = save(&values(), &current, &path).expect("save");
        assert_eq!(policy.settings.dialog.countdown_secs, 3);
        let written = std::fs::read_to_string(&path).expect("read");
        assert!(
            !written.contains("min_parties"),
            "an unchanged default is not copied into the user's file: {written}"
        );
        assert_eq!(
            policy.settings.organisation.internal_domains,
            vec!["sakura-sys.co.jp"]
        );
        assert!(view(&policy, &path).values.autostart);

        std::fs::write(&path, "[organisation\nbroken").expect("write");
        let e = save(&values(), &current, &path).expect_err("broken file");
        assert!(e.message.contains("policy.toml"), "{}", e.message);
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "[organisation\nbroken",
            "nothing lost"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_locked_domain_list_written_otherwise_is_not_a_change() {
        let dir = std::env::temp_dir().join(format!("sg-settings-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("policy.toml");
        let mut current = Policy::builtin();
        current.settings.organisation.internal_domains =
            vec!["Sakura-Sys.co.jp".into(), "xn--y8jl1n.jp".into()];
        current
            .settings
            .locked
            .push("organisation.internal_domains".into());
        let shown = view(&current, &path);
        assert_eq!(
            shown.values.internal_domains,
            ["sakura-sys.co.jp", "さくら.jp"],
            "shown as people read them"
        );
        let mut v = shown.values.clone();
        v.countdown_secs = 5;
        let policy = save(&v, &current, &path).expect("only the countdown changed");
        assert_eq!(policy.settings.dialog.countdown_secs, 5);
        v.internal_domains.push("example.jp".into());
        let e = save(&v, &current, &path).expect_err("a real change of a locked key");
        assert_eq!(e.field.as_deref(), Some("internal_domains"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_relay_is_turned_on_from_the_screen() {
        let dir = std::env::temp_dir().join(format!("sg-settings-relay-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("policy.toml");
        let mut v = values();
        v.relay_upstream = " smtp.example.co.jp:587 ".into();
        v.relay_upstream_tls = "tls".into();
        v.relay_hold_secs = 300;
        let policy = save(&v, &Policy::builtin(), &path).expect("save");
        assert_eq!(policy.settings.relay.upstream, "smtp.example.co.jp:587");
        assert_eq!(
            policy.settings.relay.upstream_tls,
            sendguard_engine::policy::UpstreamTls::Tls
        );
        assert_eq!(policy.settings.relay.hold_secs, 300);
        assert_eq!(view(&policy, &path).relay_port, 47652);
        v.relay_upstream = "smtp.example.co.jp".into();
        assert_eq!(
            validate(&v).expect_err("no port").field.as_deref(),
            Some("relay_upstream")
        );
        v.relay_upstream = String::new();
        v.relay_upstream_tls = "ssl".into();
        assert_eq!(
            validate(&v).expect_err("unknown tls").field.as_deref(),
            Some("relay_upstream_tls")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
