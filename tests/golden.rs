//! Golden tests: every `tests/data/*.eml` is checked and compared with the expected
//! report in `tests/data/<name>.json`, then checked again with CRLF line endings, which
//! must give the same findings.
//!
//! Drafts as an add-in posts them to the send hook (`tests/data/hook-drafts/*.json`, with
//! the reply context a plain .eml cannot carry) are checked the same way against
//! `tests/data/hook-drafts/expected/<name>.json`.
//!
//! After a deliberate change, regenerate with `SENDGUARD_BLESS=1 cargo test --test golden`
//! and review the diff of the .json files like code.

mod common;

use common::to_crlf;
use sendguard_engine::{Engine, Policy, Report};
use sendguard_extract::child::ChildProcess;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The engine as `sendguard check` builds it: PDF and xls/ods attachments are read by
/// the binary's reader child.
fn engine() -> Engine {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    policy.add_org_name("サクラシステム");
    let reader = ChildProcess::new(
        env!("CARGO_BIN_EXE_sendguard"),
        vec![sendguard_extract::child::CHILD_ARG.into()],
    );
    Engine::new(policy).with_isolation(std::sync::Arc::new(reader))
}

/// `SENDGUARD_BLESS` rewrites the expected files; under CI that would turn every
/// difference into a pass, so it is refused there.
fn blessing() -> bool {
    let bless = std::env::var_os("SENDGUARD_BLESS").is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "SENDGUARD_BLESS is refused under CI: the expected files must already match"
    );
    bless
}

fn fixtures() -> Vec<PathBuf> {
    common::files_in("data", "eml")
}

/// What must not change with line endings: everything but sizes (a text attachment
/// in 7bit/8bit grows by one byte per line under CRLF) and size-bearing messages.
fn line_ending_independent(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "check": f.check, "type": f.kind, "severity": f.severity,
                "location": f.location.to_string(), "count": f.count, "evidence": f.evidence,
            })
        })
        .collect();
    let attachments: Vec<&str> = report.attachments.iter().map(|a| a.name.as_str()).collect();
    serde_json::json!({
        "subject": report.subject, "verdict": report.verdict,
        "recipients": report.recipients, "attachments": attachments, "findings": findings,
    })
}

/// Compare a report with its expected JSON, or (blessing) write it there.
fn compare_or_bless(
    report: &Report,
    name: &str,
    expected_path: &Path,
    bless: bool,
    failures: &mut Vec<String>,
) {
    let actual = serde_json::to_string_pretty(report).expect("json") + "\n";
    if bless {
        if let Some(dir) = expected_path.parent() {
            std::fs::create_dir_all(dir).expect("expected dir");
        }
        std::fs::write(expected_path, &actual).expect("write golden");
        return;
    }
    match std::fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(_) => failures.push(format!(
            "{name}: report differs from {}",
            expected_path.display()
        )),
        Err(_) => failures.push(format!(
            "{name}: no expected file (run with SENDGUARD_BLESS=1)"
        )),
    }
}

#[test]
fn golden_reports_lf_and_crlf() {
    let engine = engine();
    let bless = blessing();
    let files = fixtures();
    assert!(files.len() >= 20, "fixtures missing: {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let raw = std::fs::read(path).expect("read fixture");
        let report = engine.check_eml(&raw, &name);
        compare_or_bless(
            &report,
            &name,
            &path.with_extension("json"),
            bless,
            &mut failures,
        );
        let crlf = engine.check_eml(&to_crlf(&raw), &name);
        if line_ending_independent(&crlf) != line_ending_independent(&report) {
            failures.push(format!(
                "{name}: CRLF gives a different report:\nLF:   {}\nCRLF: {}",
                line_ending_independent(&report),
                line_ending_independent(&crlf)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A reply whose quote reaches someone new (the reply context shows an outside recipient
/// who was not on the original) is scored like a forward; one back to the customer is not.
#[test]
fn golden_reports_of_hook_drafts() {
    let engine = engine();
    let bless = blessing();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hook-drafts");
    let files = common::files_in("data/hook-drafts", "json");
    assert!(files.len() >= 6, "hook drafts missing: {}", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(path).expect("read draft");
        let draft: sendguard_engine::Draft = serde_json::from_str(&text).expect("draft JSON");
        let report = engine.check(&draft, &name);
        compare_or_bless(
            &report,
            &name,
            &dir.join("expected").join(&name),
            bless,
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// No evidence excerpt in any fixture's report shows more than four digits of a value,
/// nor an e-mail address's full local part.
#[test]
fn evidence_is_always_masked() {
    let engine = engine();
    for path in fixtures() {
        let raw = std::fs::read(&path).expect("read fixture");
        let report = engine.check_eml(&raw, "x");
        for finding in &report.findings {
            let Some(evidence) = &finding.evidence else {
                continue;
            };
            if finding.check != sendguard_engine::CheckId::PersonalData {
                continue;
            }
            for piece in evidence.split(" / ") {
                let digits = piece.chars().filter(char::is_ascii_digit).count();
                assert!(
                    digits <= 4,
                    "{}: evidence shows {digits} digits: {piece}",
                    path.display()
                );
                if let Some((local, _)) = piece.split_once('@') {
                    assert!(
                        local.ends_with("***"),
                        "{}: address not masked: {piece}",
                        path.display()
                    );
                }
            }
        }
    }
}
