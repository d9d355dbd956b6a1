//! `sendguard check --record` and `sendguard log …` as a team lead uses them: record,
//! read the figures, export for Excel, gather files, and bad input that changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sendguard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("SENDGUARD_ORG_POLICY")
        .env_remove("SENDGUARD_DB")
        .env("SENDGUARD_CONFIG_DIR", env!("CARGO_TARGET_TMPDIR"))
        .env("SENDGUARD_DATA_DIR", env!("CARGO_TARGET_TMPDIR"))
        .output()
        .expect("run sendguard")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("log_cli-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn record(db: &str, files: &[&str]) {
    let mut args = vec!["check", "--record", "--db", db, "--format", "json"];
    let paths: Vec<String> = files.iter().map(|f| data(f)).collect();
    args.extend(paths.iter().map(String::as_str));
    let o = sendguard(&args);
    assert!(
        matches!(o.status.code(), Some(0 | 1 | 3)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn recorded_checks_show_in_stats_and_export_to_excel_csv() {
    let dir = scratch("stats");
    let db = dir.join("x.db");
    let db = db.to_str().expect("utf-8 path");
    record(
        db,
        &[
            "02-iso2022jp-external.eml",
            "30-att-csv-utf8-bom.eml",
            "30-att-pdf-text.eml",
        ],
    );
    let stats = sendguard(&["log", "stats", "--db", db]);
    assert_eq!(stats.status.code(), Some(0));
    let text = stdout(&stats);
    assert!(text.contains("記録 3 件"), "{text}");
    assert!(text.contains("personal_data"), "{text}");

    let csv_path = dir.join("out.csv");
    let o = sendguard(&[
        "log",
        "export",
        "--db",
        db,
        "--format",
        "csv",
        "-o",
        csv_path.to_str().expect("utf-8"),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let bytes = std::fs::read(&csv_path).expect("csv written");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    assert_eq!(text.matches("\r\n").count(), 4, "header + 3 rows, CRLF");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert!(text.starts_with("種別,"), "{text}");
    // Masked, never the full address the mails were sent to.
    assert!(!text.contains("yoshida@toto-print.co.jp"), "{text}");
    assert!(text.contains("***@toto-print.co.jp"), "{text}");
}

#[test]
fn team_files_import_once_and_bad_files_change_nothing() {
    let dir = scratch("import");
    let member = dir.join("member.db");
    let lead = dir.join("lead.db");
    let (member, lead) = (
        member.to_str().expect("utf-8"),
        lead.to_str().expect("utf-8"),
    );
    record(
        member,
        &["02-iso2022jp-external.eml", "30-att-zipcrypto.eml"],
    );
    let export = dir.join("team.jsonl");
    let export = export.to_str().expect("utf-8");
    let o = sendguard(&[
        "log", "export", "--db", member, "--format", "jsonl", "-o", export,
    ]);
    assert_eq!(o.status.code(), Some(0));

    // The same file twice: the second import adds nothing.
    assert_eq!(
        sendguard(&["log", "import", "--db", lead, export])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        sendguard(&["log", "import", "--db", lead, export])
            .status
            .code(),
        Some(0)
    );
    let listed = sendguard(&["log", "list", "--db", lead, "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(entries.as_array().map(Vec::len), Some(2));

    // A corrupt file: a clear one-line error, and the log is as it was.
    let broken = dir.join("broken.jsonl");
    let good = std::fs::read_to_string(export).expect("export");
    let first_line = good.lines().next().expect("header");
    std::fs::write(
        &broken,
        format!("{first_line}\n{{\"kind\": \"event\", \"uuid\": 12\n"),
    )
    .expect("write");
    let o = sendguard(&[
        "log",
        "import",
        "--db",
        lead,
        broken.to_str().expect("utf-8"),
    ]);
    assert_ne!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("broken.jsonl:2"), "{err}");
    let listed = sendguard(&["log", "list", "--db", lead, "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(entries.as_array().map(Vec::len), Some(2));
}

#[test]
fn an_unknown_review_status_is_refused() {
    let dir = scratch("status");
    let db = dir.join("x.db");
    let db = db.to_str().expect("utf-8");
    record(db, &["02-iso2022jp-external.eml"]);
    let listed = sendguard(&["log", "list", "--db", db, "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    let uuid = entries[0]["uuid"].as_str().expect("uuid").to_owned();
    let o = sendguard(&["log", "review", &uuid, "--db", db, "--status", "done"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("不明") && err.contains("unknown status"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let o = sendguard(&["log", "review", &uuid, "--db", db, "--status", "対策済"]);
    assert_eq!(o.status.code(), Some(0));
    let shown = stdout(&sendguard(&["log", "show", &uuid, "--db", db]));
    assert!(shown.contains("対策済"), "{shown}");
}
