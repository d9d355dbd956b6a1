//! A writer killed with SIGKILL mid-stream leaves a healthy file that holds every event
//! it reported as committed.
//!
//! The child is this test binary again, run with `NEARMISS_WRITER_DB` set, which makes
//! `writer_child` act as the writer instead of returning at once.

mod common;

use sendguard_nearmiss::{Decision, Log};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const ENV: &str = "NEARMISS_WRITER_DB";

#[test]
fn writer_child() {
    let Ok(path) = std::env::var(ENV) else {
        return; // Not the child: nothing to do.
    };
    let (engine, redactor) = common::engine();
    let mut log = Log::open(&path).expect("child opens the log");
    for i in 0..100_000u32 {
        let decision = if i % 2 == 0 {
            Decision::Cancelled
        } else {
            Decision::Sent
        };
        let record = common::record(
            &engine,
            &redactor,
            "tanaka@partner.co.jp",
            "2026-11-20T01:00:00Z",
            "child",
            decision,
        );
        let uuid = log.record(&record).expect("child records");
        // Printed only after the commit returned.
        println!("COMMITTED {uuid}");
    }
}

#[test]
fn sigkill_mid_stream_keeps_every_committed_event() {
    let dir = common::temp_dir("durability");
    let path = dir.join("nearmiss.sqlite3");
    let exe = std::env::current_exe().expect("test binary path");
    let mut child = Command::new(exe)
        .args(["--exact", "writer_child", "--nocapture", "--test-threads=1"])
        .env(ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut committed = Vec::new();
    while committed.len() < 40 {
        let line = lines
            .next()
            .expect("child ended before committing 40 events")
            .expect("read child output");
        if let Some(uuid) = line.strip_prefix("COMMITTED ") {
            committed.push(uuid.parse::<uuid::Uuid>().expect("child prints uuids"));
        }
    }
    child.kill().expect("SIGKILL the writer"); // SIGKILL on Unix
    // Lines already in the pipe were committed too: collect them after the kill.
    for line in lines.map_while(Result::ok) {
        if let Some(Ok(uuid)) = line
            .strip_prefix("COMMITTED ")
            .map(str::parse::<uuid::Uuid>)
        {
            committed.push(uuid);
        }
    }
    let status = child.wait().expect("reap writer");
    assert!(
        !status.success(),
        "the writer should have been killed: {status:?}"
    );

    let log = Log::open(&path).expect("reopen after kill");
    assert_eq!(log.integrity_check().expect("integrity_check"), "ok");
    for uuid in &committed {
        assert!(
            log.get(*uuid).expect("get").is_some(),
            "committed event {uuid} is missing after SIGKILL"
        );
    }
    assert!(committed.len() >= 40);
    std::fs::remove_dir_all(&dir).ok();
}
