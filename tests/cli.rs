//! The `sendguard check` command as people and scripts use it: exit codes from the
//! contract, JSON Lines, stdin, and one-line errors that name the file.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn sendguard(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SENDGUARD_ORG_POLICY")
        .env("SENDGUARD_CONFIG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .env("SENDGUARD_DATA_DIR", env!("CARGO_TARGET_TMPDIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sendguard");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

const INTERNAL: &str = "From: a@sakura-sys.co.jp\nTo: b@sakura-sys.co.jp\nSubject: hello\n\n本日の会議は15時からです。\n";
const EXTERNAL: &str =
    "From: a@sakura-sys.co.jp\nTo: b@partner.co.jp\nSubject: hello\n\nよろしくお願いします。\n";

#[test]
fn exit_codes_follow_the_contract() {
    let pass = sendguard(
        &["check", "--internal-domain", "sakura-sys.co.jp", "-"],
        Some(INTERNAL.as_bytes()),
    );
    assert_eq!(
        pass.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&pass.stdout)
    );

    let confirm = sendguard(
        &["check", "--internal-domain", "sakura-sys.co.jp", "-"],
        Some(EXTERNAL.as_bytes()),
    );
    assert_eq!(confirm.status.code(), Some(1));
    let text = String::from_utf8_lossy(&confirm.stdout);
    assert!(
        text.contains("b@partner.co.jp") && text.contains("判定: 要確認"),
        "{text}"
    );

    let dir = tempdir("block");
    let rules = dir.join("block.toml");
    std::fs::write(&rules, "[severity]\nexternal_recipient = \"block\"\n").expect("write rules");
    let block = sendguard(
        &["check", "--rules", rules.to_str().expect("path"), "-"],
        Some(EXTERNAL.as_bytes()),
    );
    assert_eq!(block.status.code(), Some(3));
}

#[test]
fn json_lines_one_object_per_input() {
    let out = sendguard(
        &[
            "check",
            "--format",
            "json",
            "--internal-domain",
            "sakura-sys.co.jp",
            &data("14-cc-bcc-mistake.eml"),
            &data("01-internal-only.eml"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["verdict"], "confirm");
    assert_eq!(lines[1]["verdict"], "pass");
    assert!(
        lines[0]["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["check"] == "bcc_suggested")
    );
}

#[test]
fn unreadable_input_is_a_one_line_error_and_others_are_still_checked() {
    let out = sendguard(
        &[
            "check",
            "--format",
            "json",
            "/nonexistent/mail.eml",
            &data("01-internal-only.eml"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("/nonexistent/mail.eml"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn a_policy_mistake_names_file_and_line() {
    let dir = tempdir("badpolicy");
    let rules = dir.join("policy.toml");
    std::fs::write(
        &rules,
        "[bcc_suggested]\nmin_parties = 3\nmin_adresses = 10\n",
    )
    .expect("write");
    let out = sendguard(
        &["check", "--rules", rules.to_str().expect("path"), "-"],
        Some(EXTERNAL.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("policy.toml:3:") && stderr.contains("min_adresses"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(sendguard(&["check"], None).status.code(), Some(2));
    assert_eq!(
        sendguard(&["check", "--format", "xml", "-"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(sendguard(&["frobnicate"], None).status.code(), Some(2));
}

#[test]
fn rules_directory_replaces_a_list() {
    let dir = tempdir("rulesdir");
    std::fs::write(dir.join("freemail.txt"), "partner.co.jp\n").expect("write");
    let out = sendguard(
        &[
            "check",
            "--format",
            "json",
            "--rules",
            dir.to_str().expect("path"),
            "-",
        ],
        Some(EXTERNAL.as_bytes()),
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| f["check"] == "freemail_recipient")
    );
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("tempdir");
    dir
}

#[test]
fn a_named_organisation_policy_must_exist() {
    let out = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["check", &data("01-internal-only.eml")])
        .env("SENDGUARD_ORG_POLICY", "/nonexistent/org-policy.toml")
        .env("SENDGUARD_CONFIG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .env("SENDGUARD_DATA_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/org-policy.toml"));
}
