//! The personal-data census: how the engine's personal-data check behaves on a large
//! body of realistic mail, not on one fixture at a time.
//!
//! `tests/data/census/ordinary/` holds ordinary outgoing mail of サクラシステム (internal
//! notes, partner mail, replies quoting the partner's business signature, forwards of
//! business mail in every mailer's format, meeting notices, invoices with the company's
//! own bank account, tracking numbers, 法人番号, JAN codes, signatures in every framing,
//! plain and Outlook Word HTML, in ISO-2022-JP, UTF-8 and Shift_JIS). None of them holds
//! a private person's data, so a `personal_data` finding at `warning` or `danger` on any
//! of them is a false alarm: staff who are asked to tick a box on every ordinary mail
//! stop reading the box, and the guard is worth nothing on the day it matters.
//!
//! `tests/data/census/forwarded-pii/` is the other side: a private customer's data
//! (マイナンバー, a refund account, name + home address + phone + birth date, a 申込書,
//! a private signature) forwarded to an outside company, in every forward format
//! (Thunderbird en/ja, Outlook en/ja with and without the dashed line, Gmail, Becky!).
//! Forwarded text reaches someone new, so it is scored as body (the check contract's
//! "Default severities"): every one of them must be warned.
//!
//! Each file is also checked with CRLF line endings (mail on Windows), which must not
//! change the outcome. The mails are written by `tests/data/make_census.py`; regenerate
//! with it, never by hand.

mod common;

use common::to_crlf;
use sendguard_engine::{CheckId, Engine, Finding, Policy, Severity};
use std::path::{Path, PathBuf};

fn engine() -> Engine {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    policy.add_org_name("サクラシステム");
    Engine::new(policy)
}

fn census(dir: &str) -> Vec<PathBuf> {
    common::files_in(&format!("data/census/{dir}"), "eml")
}

fn is_alarm(f: &Finding) -> bool {
    f.check == CheckId::PersonalData && matches!(f.severity, Severity::Warning | Severity::Danger)
}

fn describe(f: &Finding) -> String {
    format!(
        "{} {:?} at {}: {} [evidence: {}]",
        f.kind.map_or("-", |k| k.as_str()),
        f.severity,
        f.location,
        f.message,
        f.evidence.as_deref().unwrap_or("-")
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn ordinary_mail_raises_no_personal_data_alarm() {
    let engine = engine();
    let files = census("ordinary");
    assert!(
        files.len() >= 220,
        "census/ordinary holds {} mails (run tests/data/make_census.py)",
        files.len()
    );
    let mut offending = Vec::new();
    let mut report_lines = Vec::new();
    for path in &files {
        let name = file_name(path);
        let raw = std::fs::read(path).expect("read census mail");
        for (ending, bytes) in [("LF", raw.clone()), ("CRLF", to_crlf(&raw))] {
            let report = engine.check_eml(&bytes, &name);
            let alarms: Vec<&Finding> = report.findings.iter().filter(|f| is_alarm(f)).collect();
            if alarms.is_empty() {
                continue;
            }
            if !offending.contains(&name) {
                offending.push(name.clone());
            }
            for f in alarms {
                report_lines.push(format!("{name} ({ending}): {}", describe(f)));
            }
        }
    }
    eprintln!(
        "personal-data false alarms: {} of {} ordinary mails",
        offending.len(),
        files.len()
    );
    assert!(
        offending.is_empty(),
        "{} of {} ordinary mails get a personal-data warning/danger:\n{}",
        offending.len(),
        files.len(),
        report_lines.join("\n")
    );
}

#[test]
fn forwarded_personal_data_is_warned() {
    let engine = engine();
    let files = census("forwarded-pii");
    assert!(
        files.len() >= 40,
        "census/forwarded-pii holds {} mails (run tests/data/make_census.py)",
        files.len()
    );
    let mut missed = Vec::new();
    for path in &files {
        let name = file_name(path);
        let raw = std::fs::read(path).expect("read census mail");
        for (ending, bytes) in [("LF", raw.clone()), ("CRLF", to_crlf(&raw))] {
            let report = engine.check_eml(&bytes, &name);
            if !report.findings.iter().any(is_alarm) {
                let seen: Vec<String> = report
                    .findings
                    .iter()
                    .filter(|f| f.check == CheckId::PersonalData)
                    .map(describe)
                    .collect();
                missed.push(format!(
                    "{name} ({ending}): no personal-data warning; found only: {}",
                    if seen.is_empty() {
                        "nothing".to_owned()
                    } else {
                        seen.join("; ")
                    }
                ));
            }
        }
    }
    eprintln!(
        "forwarded personal data not warned: {} of {} runs ({} mails, LF and CRLF)",
        missed.len(),
        files.len() * 2,
        files.len()
    );
    assert!(
        missed.is_empty(),
        "{} of {} runs of forwarded personal data are not warned:\n{}",
        missed.len(),
        files.len() * 2,
        missed.join("\n")
    );
}
