//! The log is not a second copy of the data it protects: after recording events made
//! from messages full of personal data, no raw value may appear anywhere in the database
//! file or its WAL, in UTF-8 or UTF-16.

mod common;

use sendguard_nearmiss::{Changes, Decision, EventMeta, EventRecord, Log};

const MY_NUMBER: &str = "123456789018";
const PHONE: &str = "090-1234-5678";
const ACCOUNT: &str = "1234567";
const ADDRESS: &str = "千代田区丸の内1-2-3";
const NAME: &str = "山田太郎";
const EMAIL: &str = "yamada.taro@partner.co.jp";
const EMAIL_FREE: &str = "hanako.sato1985@gmail.com";

fn message() -> Vec<u8> {
    let mut csv = String::from("氏名,個人番号,電話,住所\r\n");
    for i in 0..30 {
        csv.push_str(&format!(
            "{NAME}{i},{MY_NUMBER},{PHONE},東京都{ADDRESS}\r\n"
        ));
    }
    let b64 = base64(csv.as_bytes());
    format!(
        "From: suzuki@sakura-sys.co.jp\r\n\
To: =?UTF-8?B?{name_b64}?= <{EMAIL}>\r\n\
Cc: {EMAIL_FREE}\r\n\
Subject: =?UTF-8?B?{subj_b64}?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
{NAME}様\r\nマイナンバー: {MY_NUMBER}\r\n振込先: 三菱UFJ銀行 普通 {ACCOUNT}\r\n携帯: {PHONE}\r\n住所: 東京都{ADDRESS}\r\n\r\n\
--b1\r\nContent-Type: text/csv; name=\"=?UTF-8?B?{file_b64}?=\"\r\n\
Content-Disposition: attachment; filename*=UTF-8''{file_pct}\r\nContent-Transfer-Encoding: base64\r\n\r\n{b64}\r\n--b1--\r\n",
        name_b64 = base64(NAME.as_bytes()),
        subj_b64 = base64(format!("{NAME}様 マイナンバー {MY_NUMBER} 携帯 {PHONE}").as_bytes()),
        file_b64 = base64(format!("{NAME}_履歴書.csv").as_bytes()),
        file_pct = percent(&format!("{NAME}_履歴書.csv")),
    )
    .into_bytes()
}

fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    s.encode_utf16()
        .flat_map(|u| {
            if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            }
        })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Every raw value, and the fragments of them that would still identify someone.
fn forbidden() -> Vec<String> {
    vec![
        MY_NUMBER.into(),
        PHONE.into(),
        "12345678".into(),
        ACCOUNT.into(),
        ADDRESS.into(),
        "丸の内1-2-3".into(),
        NAME.into(),
        "太郎".into(),
        "山田".into(),
        EMAIL.into(),
        "yamada.taro".into(),
        EMAIL_FREE.into(),
        "hanako".into(),
    ]
}

fn assert_clean(label: &str, bytes: &[u8]) {
    for raw in forbidden() {
        assert!(
            !contains(bytes, raw.as_bytes()),
            "{label}: UTF-8 {raw:?} found"
        );
        assert!(
            !contains(bytes, &utf16(&raw, false)),
            "{label}: UTF-16LE {raw:?} found"
        );
        assert!(
            !contains(bytes, &utf16(&raw, true)),
            "{label}: UTF-16BE {raw:?} found"
        );
    }
}

#[test]
fn the_report_really_contains_the_raw_values() {
    // Guards the test itself: if the message stopped producing these, the file check
    // below would pass for the wrong reason.
    let (engine, _) = common::engine();
    let report = engine.check_eml(&message(), "x.eml");
    let json = serde_json::to_string(&report).expect("reports serialise");
    assert!(json.contains(EMAIL), "{json}");
    assert!(json.contains(NAME), "{json}");
    assert!(json.contains(MY_NUMBER), "{json}");
    let checks: Vec<&str> = report.findings.iter().map(|f| f.check.as_str()).collect();
    assert!(checks.contains(&"personal_data"), "{checks:?}");
    let kinds: Vec<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.kind.map(|k| k.as_str()))
        .collect();
    assert!(kinds.contains(&"my_number"), "{kinds:?}");
}

#[test]
fn no_raw_personal_data_in_database_or_wal() {
    let (engine, redactor) = common::engine();
    let dir = common::temp_dir("privacy");
    let path = dir.join("log").join("nearmiss.sqlite3");
    let wal_path = dir.join("log").join("nearmiss.sqlite3-wal");
    let report = engine.check_eml(&message(), &format!("{NAME}_送信.eml"));

    let mut log = Log::open(&path).expect("open");
    let mut uuids = Vec::new();
    for decision in [
        Decision::SentAfterFix,
        Decision::Cancelled,
        Decision::Blocked,
    ] {
        let record = EventRecord::from_report(
            &report,
            &redactor,
            EventMeta {
                changes: Changes {
                    moved_to_bcc: vec![EMAIL_FREE.into()],
                    removed_recipients: vec![EMAIL.into()],
                    removed_attachments: vec![format!("{NAME}_履歴書.csv")],
                    replaced_recipients: vec![sendguard_nearmiss::Replacement {
                        from: EMAIL.into(),
                        to: EMAIL_FREE.into(),
                    }],
                },
                ..common::meta("2026-11-20T01:00:00Z", "suzuki", decision)
            },
        );
        uuids.push(log.record(&record).expect("record"));
    }
    let stored = log.get(uuids[0]).expect("get").expect("present");
    let json = serde_json::to_string(&stored).expect("serialise");
    assert_clean("stored entry", json.as_bytes());
    // The masked forms are there, so the entry is useful and the check is meaningful.
    assert!(json.contains("ya***@partner.co.jp"), "{json}");
    assert!(json.contains("履歴書.csv"), "{json}");

    // The WAL holds the commits until a checkpoint: read it while the log is open.
    let wal = std::fs::read(&wal_path).expect("WAL exists while the log is open");
    assert!(
        contains(&wal, "ya***@partner.co.jp".as_bytes()),
        "the WAL should hold the recorded events ({} bytes)",
        wal.len()
    );
    assert_clean("WAL", &wal);
    let main_while_open = std::fs::read(&path).expect("db file");
    assert_clean("db (open)", &main_while_open);
    drop(log);

    let main = std::fs::read(&path).expect("db file");
    assert!(contains(&main, "ya***@partner.co.jp".as_bytes()));
    assert_clean("db (closed)", &main);
    if let Ok(wal) = std::fs::read(&wal_path) {
        assert_clean("WAL (closed)", &wal);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn names_inside_archives_are_scrubbed_from_messages_and_notes() {
    // A zip member's folder may be a person's name; the engine quotes the member's
    // path in the finding's message and notes. None of it may reach the log raw.
    let (engine, redactor) = common::engine();
    let mut report = engine.check_eml(&message(), "x.eml");
    let mut finding = report.findings[0].clone();
    let member = format!("{NAME}/顧客.csv");
    finding.location =
        sendguard_engine::Location::Attachment(vec!["社外秘.zip".into(), member.clone()]);
    finding.message = format!("「社外秘.zip/{member}」は読めません (cannot read)");
    finding.notes = vec![format!("{member}: 暗号化されています (encrypted)")];
    report.findings.push(finding);
    let record = EventRecord::from_report(
        &report,
        &redactor,
        common::meta("2026-11-20T01:00:00Z", "suzuki", Decision::Cancelled),
    );
    let dir = common::temp_dir("privacy-members");
    let mut log = Log::open(dir.join("nearmiss.sqlite3")).expect("open");
    let uuid = log.record(&record).expect("record");
    let stored = log.get(uuid).expect("get").expect("present");
    let json = serde_json::to_string(&stored).expect("serialise");
    drop(log);
    std::fs::remove_dir_all(&dir).ok();
    assert_clean("archive member names", json.as_bytes());
    assert!(json.contains("顧客.csv"), "the safe part is kept: {json}");
}
