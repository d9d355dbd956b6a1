//! Behaviour of the log: migrations, review, filters, statistics, retention, exchange.

mod common;

use common::{at, engine, record, temp_dir};
use sendguard_nearmiss::{
    Category, Decision, Error, Filter, Log, MIGRATIONS, ManualInput, ManualReport, ReviewStatus,
    ReviewUpdate, SCHEMA_VERSION, csv_escape,
};

fn review(status: ReviewStatus, comment: &str) -> ReviewUpdate {
    ReviewUpdate {
        status,
        reviewer: Some("課長".into()),
        comment: Some(comment.into()),
        countermeasure: None,
    }
}

fn manual(what: &str) -> ManualInput {
    ManualInput {
        category: Category::Fax,
        what: what.into(),
        when: "2026-11-18 夕方".into(),
        place: "本社 3F".into(),
        reporter: "suzuki".into(),
        action: "送信先に連絡して破棄を依頼".into(),
    }
}

/// A file at `version`, written with that version's migrations only, plus a sample
/// event row (and, from v2, a review and a manual report).
fn old_db(version: usize) -> std::path::PathBuf {
    let path = temp_dir(&format!("v{version}")).join("old.sqlite3");
    let conn = rusqlite::Connection::open(&path).expect("open raw");
    for (i, step) in MIGRATIONS[..version].iter().enumerate() {
        conn.execute_batch(step).expect("old step");
        conn.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
            .expect("bump");
    }
    conn.execute(
        "INSERT INTO events (uuid, time, user, machine, client, source, subject, verdict, decision,
            dialog_seconds, moved_to_bcc, moved_to_bcc_addresses, removed_recipients, removed_attachments)
         VALUES ('6f1c1c1e-0000-4000-8000-000000000001', 1763600000, 'sato', 'PC-9', 'cli', 'a.eml',
            '見積書送付', 'confirm', 'cancelled', 3.0, 1, '[\"ta***@x.co.jp\"]', '[]', '[]')",
        [],
    )
    .expect("old event");
    conn.execute(
        "INSERT INTO findings (event_id, ord, check_id, kind, severity, count, evidence, location, message)
         VALUES (1, 0, 'personal_data', 'my_number', 'danger', 1, '********9018', 'body', 'msg')",
        [],
    )
    .expect("old finding");
    conn.execute(
        "INSERT INTO recipients (event_id, ord, address, domain, field, external, freemail)
         VALUES (1, 0, 'ta***@x.co.jp', 'x.co.jp', 'to', 1, 0)",
        [],
    )
    .expect("old recipient");
    if version >= 2 {
        conn.execute(
            "INSERT INTO reviews (item_uuid, status, reviewer, reviewed_at)
             VALUES ('6f1c1c1e-0000-4000-8000-000000000001', 'reviewed', '課長', 1763700000)",
            [],
        )
        .expect("old review");
    }
    path
}

#[test]
fn upgrades_from_every_earlier_version() {
    let (engine, redactor) = engine();
    const { assert!(SCHEMA_VERSION >= 2) };
    for version in 1..SCHEMA_VERSION as usize {
        let path = old_db(version);
        let mut log = Log::open(&path).expect("open old file");
        assert_eq!(log.schema_version().expect("version"), SCHEMA_VERSION);
        let uuid = "6f1c1c1e-0000-4000-8000-000000000001"
            .parse()
            .expect("uuid");
        let old = log.get(uuid).expect("get").expect("old row kept");
        let sendguard_nearmiss::Item::Event(e) = old else {
            panic!("old row is an event")
        };
        assert_eq!(e.user, "sato");
        assert_eq!(e.findings.len(), 1);
        assert_eq!(e.findings[0].evidence.as_deref(), Some("********9018"));
        assert_eq!(e.recipients[0].address, "ta***@x.co.jp");
        assert_eq!(e.changes.moved_to_bcc, vec!["ta***@x.co.jp".to_owned()]);
        let expected = if version >= 2 {
            ReviewStatus::Reviewed
        } else {
            ReviewStatus::Unreviewed
        };
        assert_eq!(e.status(), expected, "v{version}");
        // New tables work.
        log.review(uuid, review(ReviewStatus::Resolved, "対策済み"))
            .expect("review");
        let m = ManualReport::new(manual("FAX 誤送信"), &redactor, at("2026-11-18T09:00:00Z"));
        log.report_manual(&m).expect("manual");
        let r = record(
            &engine,
            &redactor,
            "a@partner.co.jp",
            "2026-11-19T00:00:00Z",
            "x",
            Decision::Sent,
        );
        log.record(&r).expect("record");
        assert_eq!(log.list(&Filter::default()).expect("list").len(), 3);
        assert_eq!(log.integrity_check().expect("check"), "ok");
    }
}

#[test]
fn newer_schema_is_refused_untouched() {
    let path = temp_dir("newer").join("new.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).expect("raw");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .expect("future");
    }
    let before = std::fs::read(&path).expect("read");
    match Log::open(&path) {
        Err(Error::NewerSchema { found: 99, known }) => assert_eq!(known, SCHEMA_VERSION),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).expect("read"), before, "file changed");
    assert!(!path.with_extension("sqlite3-wal").exists());
}

#[test]
fn review_moves_forward_and_back_and_rejects_unknown_status() {
    let (engine, redactor) = engine();
    let mut log = Log::open_in_memory().expect("log");
    let r = record(
        &engine,
        &redactor,
        "a@partner.co.jp",
        "2026-11-19T00:00:00Z",
        "x",
        Decision::Cancelled,
    );
    let uuid = log.record(&r).expect("record");
    assert_eq!(
        log.get(uuid).expect("get").expect("some").status(),
        ReviewStatus::Unreviewed
    );
    log.review(uuid, review(ReviewStatus::Reviewed, "確認"))
        .expect("review");
    log.review(uuid, review(ReviewStatus::Resolved, "対策"))
        .expect("review");
    let got = log.get(uuid).expect("get").expect("some");
    assert_eq!(got.status(), ReviewStatus::Resolved);
    assert_eq!(
        got.review().and_then(|r| r.comment.as_deref()),
        Some("対策")
    );
    log.review(uuid, review(ReviewStatus::Unreviewed, "差し戻し"))
        .expect("reset");
    assert_eq!(
        log.get(uuid).expect("get").expect("some").status(),
        ReviewStatus::Unreviewed
    );

    assert_eq!(
        ReviewStatus::parse("確認済").expect("ja"),
        ReviewStatus::Reviewed
    );
    assert_eq!(
        ReviewStatus::parse("resolved").expect("code"),
        ReviewStatus::Resolved
    );
    let err = ReviewStatus::parse("foo").expect_err("unknown");
    assert!(matches!(err, Error::UnknownStatus(ref s) if s == "foo"));
    assert!(err.to_string().contains("未確認/確認済/対策済"), "{err}");
    let missing = uuid::Uuid::new_v4();
    assert!(matches!(
        log.review(missing, review(ReviewStatus::Reviewed, "x")),
        Err(Error::NotFound(u)) if u == missing
    ));
}

fn filled_log() -> (Log, Vec<uuid::Uuid>) {
    let mut log = Log::open_in_memory().expect("log");
    let ids = fill(&mut log);
    (log, ids)
}

fn fill(log: &mut Log) -> Vec<uuid::Uuid> {
    let (engine, redactor) = engine();
    log.set_time_zone(jiff::tz::TimeZone::fixed(jiff::tz::offset(9)));
    let mut ids = Vec::new();
    // external + my_number in subject, user sato, cancelled, week 47
    let r = sendguard_nearmiss::EventRecord::from_report(
        &common::report(&engine, "a@partner.co.jp", "マイナンバー 123456789018"),
        &redactor,
        common::meta("2026-11-16T01:00:00Z", "sato", Decision::Cancelled),
    );
    ids.push(log.record(&r).expect("r"));
    // external, user sato, sent, week 47
    ids.push(
        log.record(&record(
            &engine,
            &redactor,
            "b@partner.co.jp",
            "2026-11-17T01:00:00Z",
            "sato",
            Decision::Sent,
        ))
        .expect("r"),
    );
    // internal only (pass), user ito, sent, week 48
    ids.push(
        log.record(&record(
            &engine,
            &redactor,
            "c@sakura-sys.co.jp",
            "2026-11-24T01:00:00Z",
            "ito",
            Decision::Sent,
        ))
        .expect("r"),
    );
    // external, user ito, sent_after_fix, week 48
    ids.push(
        log.record(&record(
            &engine,
            &redactor,
            "d@partner.co.jp",
            "2026-11-25T01:00:00Z",
            "ito",
            Decision::SentAfterFix,
        ))
        .expect("r"),
    );
    // external, checked only (not in the rate), week 48
    ids.push(
        log.record(&record(
            &engine,
            &redactor,
            "e@partner.co.jp",
            "2026-11-25T02:00:00Z",
            "ito",
            Decision::Checked,
        ))
        .expect("r"),
    );
    // manual report, week 48
    let m = ManualReport::new(
        manual("FAX を別の番号へ送信"),
        &redactor,
        at("2026-11-26T00:00:00Z"),
    );
    ids.push(log.report_manual(&m).expect("m"));
    log.review(ids[0], review(ReviewStatus::Reviewed, "ok"))
        .expect("review");
    ids
}

#[test]
fn filters_select_the_right_entries() {
    let (log, ids) = filled_log();
    let uuids = |f: Filter| -> Vec<uuid::Uuid> {
        log.list(&f)
            .expect("list")
            .iter()
            .map(|i| i.uuid())
            .collect()
    };
    assert_eq!(uuids(Filter::default()).len(), 6);
    // newest first
    assert_eq!(uuids(Filter::default())[0], ids[5]);
    assert_eq!(
        uuids(Filter {
            limit: Some(2),
            ..Filter::default()
        }),
        vec![ids[5], ids[4]]
    );
    let week47 = Filter {
        since: Some(at("2026-11-16T00:00:00Z")),
        until: Some(at("2026-11-17T01:00:00Z")),
        ..Filter::default()
    };
    assert_eq!(uuids(week47), vec![ids[0]], "until is exclusive");
    let pd = Filter {
        check: Some(sendguard_engine::CheckId::PersonalData),
        ..Filter::default()
    };
    assert_eq!(uuids(pd), vec![ids[0]]);
    let mn = Filter {
        kind: Some(sendguard_engine::FindingType::Pii(
            sendguard_engine::report::PiiType::MyNumber,
        )),
        ..Filter::default()
    };
    assert_eq!(uuids(mn), vec![ids[0]]);
    let ext = Filter {
        check: Some(sendguard_engine::CheckId::ExternalRecipient),
        ..Filter::default()
    };
    assert_eq!(uuids(ext).len(), 4);
    let fixed = Filter {
        decision: Some(Decision::SentAfterFix),
        ..Filter::default()
    };
    assert_eq!(uuids(fixed), vec![ids[3]]);
    let reviewed = Filter {
        status: Some(ReviewStatus::Reviewed),
        ..Filter::default()
    };
    assert_eq!(uuids(reviewed), vec![ids[0]]);
    let unreviewed = Filter {
        status: Some(ReviewStatus::Unreviewed),
        ..Filter::default()
    };
    assert_eq!(uuids(unreviewed).len(), 5);
    let ito = Filter {
        user: Some("ito".into()),
        ..Filter::default()
    };
    assert_eq!(uuids(ito), vec![ids[4], ids[3], ids[2]]);
    let fax = Filter {
        category: Some(Category::Fax),
        ..Filter::default()
    };
    assert_eq!(uuids(fax), vec![ids[5]]);
}

#[test]
fn stats_count_weeks_checks_users_and_the_rate() {
    let (log, _) = filled_log();
    let s = log.stats(&Filter::default()).expect("stats");
    assert_eq!(s.events, 5);
    assert_eq!(s.manual_reports, 1);
    // dialogs: cancelled, sent(external), sent_after_fix = 3 (pass and checked excluded)
    assert_eq!(s.dialogs, 3);
    assert_eq!(s.near_misses, 2);
    let rate = s.near_miss_rate.expect("rate");
    assert!((rate - 2.0 / 3.0).abs() < 1e-9, "{rate}");
    assert_eq!(s.per_week["2026-W47"].events, 2);
    assert_eq!(s.per_week["2026-W48"].events, 3);
    assert_eq!(s.per_week["2026-W48"].manual_reports, 1);
    assert_eq!(s.per_week["2026-W48"].near_misses, 1);
    assert_eq!(s.per_check["external_recipient"], 4);
    assert_eq!(s.per_check["personal_data"], 1);
    assert_eq!(s.per_type["my_number"], 1);
    assert_eq!(s.per_user["sato"].events, 2);
    assert_eq!(s.per_user["sato"].near_misses, 1);
    assert_eq!(s.per_user["suzuki"].manual_reports, 1);
    assert_eq!(s.per_status["reviewed"], 1);
    assert_eq!(s.per_category["fax"], 1);

    let none = Filter {
        user: Some("nobody".into()),
        ..Filter::default()
    };
    assert_eq!(log.stats(&none).expect("stats").near_miss_rate, None);
}

#[test]
fn a_mail_taken_back_from_the_hold_queue_becomes_a_recalled_near_miss() {
    let (mut log, ids) = filled_log();
    let before = log.stats(&Filter::default()).expect("stats");
    // ids[2]: internal only (pass), sent: no dialog, not a near-miss.
    assert!(log.set_decision(ids[2], Decision::Recalled).expect("set"));
    let after = log.stats(&Filter::default()).expect("stats");
    assert_eq!(
        after.dialogs,
        before.dialogs + 1,
        "taking it back was a look again"
    );
    assert_eq!(after.near_misses, before.near_misses + 1);
    assert_eq!(after.per_week["2026-W48"].near_misses, 2);
    match log.get(ids[2]).expect("get").expect("there") {
        sendguard_nearmiss::Item::Event(e) => assert_eq!(e.decision, Decision::Recalled),
        other => panic!("{other:?}"),
    }
    let recalled = Filter {
        decision: Some(Decision::Recalled),
        ..Filter::default()
    };
    assert_eq!(log.list(&recalled).expect("list").len(), 1);
    assert!(
        !log.set_decision(uuid::Uuid::new_v4(), Decision::Recalled)
            .expect("set")
    );
}

#[test]
fn purge_removes_old_entries_with_their_parts() {
    let path = temp_dir("purge").join("p.sqlite3");
    let mut log = Log::open(&path).expect("log");
    let ids = fill(&mut log);
    let counts = log.purge(at("2026-11-24T00:00:00Z")).expect("purge");
    assert_eq!(counts.events, 2);
    assert_eq!(counts.reviews, 1);
    assert_eq!(counts.manual_reports, 0);
    assert!(counts.findings >= 2 && counts.recipients >= 2, "{counts:?}");
    assert!(log.get(ids[0]).expect("get").is_none());
    assert!(log.get(ids[2]).expect("get").is_some());
    let counts = log.purge(at("2030-01-01T00:00:00Z")).expect("purge all");
    assert_eq!((counts.events, counts.manual_reports), (3, 1));
    let raw = rusqlite::Connection::open(&path).expect("raw");
    for table in [
        "events",
        "findings",
        "recipients",
        "attachments",
        "reviews",
        "manual_reports",
    ] {
        let n: i64 = raw
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "{table}");
    }
    // The database itself refuses an unknown status.
    assert!(
        raw.execute(
            "INSERT INTO reviews (item_uuid, status, reviewed_at) VALUES ('x', 'foo', 0)",
            []
        )
        .is_err()
    );
}

fn export(log: &Log) -> Vec<u8> {
    let mut out = Vec::new();
    log.export_jsonl(&mut out, &Filter::default())
        .expect("export");
    out
}

#[test]
fn import_dedups_and_the_later_review_wins() {
    let (mut a, ids) = filled_log();
    let first = export(&a);
    let header = String::from_utf8(first.clone()).expect("utf8");
    assert!(header.starts_with("{\""), "{header}");
    assert!(
        header
            .lines()
            .next()
            .expect("header")
            .contains("\"sendguard_log\":1")
    );

    let mut team = Log::open_in_memory().expect("team");
    let c = team.import_reader("a1.jsonl", &first[..]).expect("import");
    assert_eq!((c.added, c.updated_review, c.unchanged), (6, 0, 0));
    let c = team
        .import_reader("a1-again.jsonl", &first[..])
        .expect("import");
    assert_eq!((c.added, c.updated_review, c.unchanged), (0, 0, 6));
    assert_eq!(team.list(&Filter::default()).expect("list").len(), 6);
    let got = team.get(ids[0]).expect("get").expect("some");
    assert_eq!(got.status(), ReviewStatus::Reviewed);
    assert_eq!(got, {
        let mut original = a.get(ids[0]).expect("get").expect("some");
        // local_time depends on the reading log's zone
        if let (sendguard_nearmiss::Item::Event(o), sendguard_nearmiss::Item::Event(g)) =
            (&mut original, &got)
        {
            o.local_time = g.local_time.clone();
        }
        original
    });

    // Later review in a second export wins; an older one does not.
    a.review_at(
        ids[0],
        review(ReviewStatus::Resolved, "later"),
        at("2030-01-01T00:00:00Z"),
    )
    .expect("review");
    a.review_at(
        ids[1],
        review(ReviewStatus::Reviewed, "new"),
        at("2030-01-01T00:00:00Z"),
    )
    .expect("review");
    let second = export(&a);
    team.review_at(
        ids[2],
        review(ReviewStatus::Resolved, "team"),
        at("2031-01-01T00:00:00Z"),
    )
    .expect("review");
    let c = team.import_reader("a2.jsonl", &second[..]).expect("import");
    assert_eq!((c.added, c.updated_review, c.unchanged), (0, 2, 4));
    assert_eq!(
        team.get(ids[0]).expect("g").expect("s").status(),
        ReviewStatus::Resolved
    );
    assert_eq!(
        team.get(ids[1]).expect("g").expect("s").status(),
        ReviewStatus::Reviewed
    );
    assert_eq!(
        team.get(ids[2]).expect("g").expect("s").status(),
        ReviewStatus::Resolved
    );
    // Re-importing the first (older reviews) changes nothing.
    let c = team.import_reader("a1.jsonl", &first[..]).expect("import");
    assert_eq!((c.added, c.updated_review, c.unchanged), (0, 0, 6));
    assert_eq!(
        team.get(ids[0]).expect("g").expect("s").status(),
        ReviewStatus::Resolved
    );
}

#[test]
fn a_corrupt_file_imports_nothing() {
    let (a, _) = filled_log();
    let good = String::from_utf8(export(&a)).expect("utf8");
    let mut lines: Vec<&str> = good.lines().collect();
    lines.insert(4, "{\"kind\": \"event\", broken");
    let bad = lines.join("\n");
    let mut team = Log::open_in_memory().expect("team");
    let err = team
        .import_reader("bad.jsonl", bad.as_bytes())
        .expect_err("corrupt");
    let msg = err.to_string();
    assert!(msg.starts_with("bad.jsonl:5:"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    assert!(team.list(&Filter::default()).expect("list").is_empty());

    let no_header = good.lines().skip(1).collect::<Vec<_>>().join("\n");
    let err = team
        .import_reader("nohdr.jsonl", no_header.as_bytes())
        .expect_err("no header");
    assert!(err.to_string().starts_with("nohdr.jsonl:1:"), "{err}");
    let future = good.replacen(
        &format!("\"schema_version\":{SCHEMA_VERSION}"),
        "\"schema_version\":99",
        1,
    );
    assert_ne!(future, good);
    let err = team
        .import_reader("future.jsonl", future.as_bytes())
        .expect_err("future");
    assert!(err.to_string().contains("99"), "{err}");
    let err = team
        .import_reader("empty.jsonl", &b""[..])
        .expect_err("empty");
    assert!(err.to_string().starts_with("empty.jsonl:1:"), "{err}");
    assert!(team.list(&Filter::default()).expect("list").is_empty());

    // Files on disk: error names the path.
    let dir = temp_dir("import");
    let path = dir.join("broken.jsonl");
    std::fs::write(&path, bad).expect("write");
    let err = team.import_file(&path).expect_err("corrupt file");
    assert!(err.to_string().contains("broken.jsonl:5:"), "{err}");
    assert!(team.list(&Filter::default()).expect("list").is_empty());
}

#[test]
fn csv_opens_in_excel_and_is_formula_safe() {
    let (engine, redactor) = engine();
    let mut log = Log::open_in_memory().expect("log");
    let r = sendguard_nearmiss::EventRecord::from_report(
        &common::report(
            &engine,
            "a@partner.co.jp",
            "=HYPERLINK(\"http://x\",\"請求書, 至急\")",
        ),
        &redactor,
        common::meta("2026-11-16T01:00:00Z", "-sato", Decision::Cancelled),
    );
    log.record(&r).expect("r");
    let mut out = Vec::new();
    assert_eq!(
        log.export_csv(&mut out, &Filter::default()).expect("csv"),
        1
    );
    assert!(out.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    let text = String::from_utf8(out[3..].to_vec()).expect("utf8");
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches("\r\n").count(),
        text.matches('\n').count(),
        "CRLF only"
    );
    let header = text.split("\r\n").next().expect("header");
    for col in [
        "日時",
        "利用者",
        "端末",
        "判定",
        "操作",
        "指摘",
        "件名",
        "宛先(社外)",
        "添付",
        "状態",
        "確認者",
        "コメント",
        "対策",
    ] {
        assert!(
            header.split(',').any(|c| c == col),
            "{col} missing in {header}"
        );
    }
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"請求書, 至急\"\")\","),
        "{text}"
    );
    assert!(text.contains(",'-sato,"), "{text}");
    assert!(text.contains("未確認"), "{text}");

    assert_eq!(csv_escape("plain"), "plain");
    assert_eq!(csv_escape("+81"), "'+81");
    assert_eq!(csv_escape("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_escape("\tx"), "'\tx");
    assert_eq!(csv_escape("\rx"), "\"'\rx\"");
    assert_eq!(csv_escape("a\"b"), "\"a\"\"b\"");
    assert_eq!(csv_escape("a\nb"), "\"a\nb\"");
}

#[test]
fn manual_reports_are_redacted() {
    let (_, redactor) = engine();
    let mut log = Log::open_in_memory().expect("log");
    let m = ManualReport::new(
        manual("山田太郎様あての書類を 090-1234-5678 に FAX"),
        &redactor,
        at("2026-11-26T00:00:00Z"),
    );
    let uuid = log.report_manual(&m).expect("m");
    let got = serde_json::to_string(&log.get(uuid).expect("g").expect("s")).expect("json");
    assert!(!got.contains("山田"), "{got}");
    assert!(!got.contains("090-1234-5678"), "{got}");
    assert!(got.contains("FAX"), "{got}");
    assert!(got.contains("\"kind\":\"manual\""), "{got}");
    assert_eq!(
        Category::parse("紛失・置き忘れ").expect("ja"),
        Category::Loss
    );
    assert!(Category::parse("x").is_err());
}
