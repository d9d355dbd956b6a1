//! Hostile and broken input: the check never panics, never hangs, and says what it could
//! not read. Each case runs on a thread with the default 2 MiB stack (the size of the
//! desktop app's and the hook's worker threads), under a generous watchdog so a hang
//! fails the test instead of stalling CI.

use sendguard_engine::{CheckId, Engine, Policy, Report};
use std::sync::mpsc;
use std::time::Duration;

const WATCHDOG: Duration = Duration::from_secs(120);

fn check(raw: Vec<u8>) -> Report {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let mut policy = Policy::builtin();
            policy.add_internal_domain("sakura-sys.co.jp");
            let report = Engine::new(policy).check_eml(&raw, "hostile.eml");
            let _ = tx.send(report);
        })
        .expect("spawn");
    rx.recv_timeout(WATCHDOG)
        .expect("the check hung or panicked")
}

fn has(report: &Report, check: CheckId) -> bool {
    report.findings.iter().any(|f| f.check == check)
}

const HEAD: &str = "From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: test\r\n";

#[test]
fn empty_input() {
    let report = check(Vec::new());
    assert!(has(&report, CheckId::ParseWarning));
    assert!(report.recipients.is_empty());
}

#[test]
fn binary_garbage() {
    // A fixed xorshift stream: arbitrary bytes, reproducible.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let report = check(bytes);
    assert!(has(&report, CheckId::ParseWarning));
}

#[test]
fn two_megabyte_header_line() {
    let raw = format!(
        "{HEAD}X-Long: {}\r\n\r\nbody\r\n",
        "a".repeat(2 * 1024 * 1024)
    );
    let report = check(raw.into_bytes());
    assert_eq!(report.recipients.len(), 1);
    let long_subject = format!(
        "From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: {}\r\n\r\nbody\r\n",
        "=?UTF-8?B?44GC?= ".repeat(100_000)
    );
    let report = check(long_subject.into_bytes());
    assert!(report.subject.starts_with("あああ"));
}

#[test]
fn twenty_thousand_recipients() {
    let to: Vec<String> = (0..20_000)
        .map(|i| format!("user{i}@partner{}.co.jp", i % 50))
        .collect();
    let raw = format!(
        "From: a@sakura-sys.co.jp\r\nTo: {}\r\nSubject: many\r\n\r\nbody\r\n",
        to.join(", ")
    );
    let report = check(raw.into_bytes());
    assert_eq!(report.recipients.len(), 20_000);
    assert!(has(&report, CheckId::BccSuggested));
}

#[test]
fn multipart_nested_two_thousand_deep() {
    let depth = 2_000;
    let mut raw = String::from(HEAD);
    for i in 0..depth {
        raw.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n"
        ));
    }
    raw.push_str("Content-Type: text/plain; charset=utf-8\r\n\r\n個人番号 1234 5678 9018\r\n");
    for i in (0..depth).rev() {
        raw.push_str(&format!("--b{i}--\r\n"));
    }
    let report = check(raw.into_bytes());
    assert_eq!(report.recipients.len(), 1);
}

#[test]
fn message_rfc822_nested_hundred_thousand_deep() {
    let depth = 100_000;
    let mut raw = String::from(HEAD);
    raw.push_str("Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n");
    for _ in 0..depth {
        raw.push_str("Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n");
    }
    raw.push_str("Content-Type: text/plain\r\n\r\nhello\r\n--outer--\r\n");
    let report = check(raw.into_bytes());
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.check == CheckId::ParseWarning && f.message.contains("入れ子")),
        "nesting beyond the limit is reported"
    );
}

#[test]
fn broken_boundaries_and_invalid_base64() {
    let raw = format!(
        "{HEAD}Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\n--other\r\nContent-Type: text/plain\r\n\r\n社外秘の資料です\r\n"
    );
    let report = check(raw.into_bytes());
    assert!(has(&report, CheckId::ParseWarning));
    assert!(
        has(&report, CheckId::ConfidentialKeyword),
        "the undivided body is still read"
    );

    let raw = format!(
        "{HEAD}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not*base64???\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%%\r\n--b--\r\n"
    );
    let report = check(raw.into_bytes());
    assert!(report.attachments.iter().any(|a| a.name == "a.pdf"));
    assert!(
        has(&report, CheckId::ParseWarning),
        "the broken part is reported"
    );
}

#[test]
fn unterminated_constructs() {
    for raw in [
        "From: =?UTF-8?B?",
        "To: \"unclosed <a@b.c",
        "Subject: =?ISO-2022-JP?B?GyRC?=\r\n\r\n\x1b$B",
        "Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\n",
        "To: <>, <@>, @, a@, @b\r\n\r\n",
        "Content-Disposition: attachment; filename*0*=%%%; filename*99999999999*=x\r\n\r\n",
    ] {
        let mut bytes = HEAD.as_bytes().to_vec();
        bytes.extend_from_slice(raw.as_bytes());
        let _ = check(bytes);
        let _ = check(raw.as_bytes().to_vec());
    }
}

/// Inputs the fuzzer found: each once crashed or hung something. They must give a
/// report (a debug assertion inside mail-parser is caught and reported).
#[test]
fn fuzzer_findings_are_checked() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).expect("tests/hostile") {
        let path = entry.expect("entry").path();
        let report = check(std::fs::read(&path).expect("read"));
        assert!(!report.source.is_empty(), "{}", path.display());
        count += 1;
    }
    assert!(count >= 1);
}

/// Inputs that once took quadratic time: many hits on one long line, many exception
/// hits, a header full of "=?". Each must finish well inside the watchdog.
#[test]
fn many_hits_on_one_line_stay_linear() {
    let body = |s: String| format!("{HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n{s}\r\n");
    let phones: String = (0..20_000)
        .map(|i| format!("TEL 03-1234-{:04} ", i % 10_000))
        .collect();
    let report = check(body(phones).into_bytes());
    assert!(has(&report, CheckId::PersonalData));

    let report = check(body("機密 機密保持\n".repeat(100_000)).into_bytes());
    assert!(has(&report, CheckId::ConfidentialKeyword));

    let report = check(body("添付いたします including attachments ".repeat(10_000)).into_bytes());
    assert!(
        !has(&report, CheckId::MissingAttachment),
        "every mention is a disclaimer"
    );

    let subject = format!(
        "From: a@sakura-sys.co.jp\r\nTo: b@partner.co.jp\r\nSubject: {}\r\n\r\nbody\r\n",
        "=?x?b?_".repeat(60_000)
    );
    let report = check(subject.into_bytes());
    assert_eq!(report.recipients.len(), 1);
}

#[test]
fn bare_cr_line_endings_are_read() {
    let raw =
        "From: a@sakura-sys.co.jp\rTo: b@partner.co.jp\rSubject: cr\r\r個人番号 1234 5678 9018\r";
    let report = check(raw.as_bytes().to_vec());
    assert_eq!(report.subject, "cr");
    assert_eq!(report.recipients.len(), 1);
    assert!(has(&report, CheckId::PersonalData));
}
