//! Shared helpers for the integration tests: an engine with the built-in policy and
//! reports made from real messages, so the tests exercise the same data the hook logs.
#![allow(dead_code)]

use jiff::Timestamp;
use sendguard_engine::{Engine, Policy, Redactor, Report};
use sendguard_nearmiss::{Changes, Decision, EventMeta, EventRecord};

pub fn engine() -> (Engine, Redactor) {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    let redactor = Redactor::from_policy(&policy);
    (Engine::new(policy), redactor)
}

/// A plain message from the office to `to`.
pub fn simple_eml(to: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: suzuki@sakura-sys.co.jp\r\nTo: {to}\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nお世話になっております。\r\n"
    )
    .into_bytes()
}

pub fn report(engine: &Engine, to: &str, subject: &str) -> Report {
    engine.check_eml(&simple_eml(to, subject), "mail.eml")
}

pub fn at(text: &str) -> Timestamp {
    text.parse().expect("test timestamps are valid RFC 3339")
}

pub fn meta(time: &str, user: &str, decision: Decision) -> EventMeta {
    EventMeta {
        time: at(time),
        user: user.to_owned(),
        machine: "PC-01".to_owned(),
        client: "cli".to_owned(),
        decision,
        dialog_seconds: Some(4.5),
        changes: Changes::default(),
    }
}

pub fn record(
    engine: &Engine,
    redactor: &Redactor,
    to: &str,
    time: &str,
    user: &str,
    decision: Decision,
) -> EventRecord {
    EventRecord::from_report(
        &report(engine, to, "打合せの件"),
        redactor,
        meta(time, user, decision),
    )
}

pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "nearmiss-test-{name}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}
