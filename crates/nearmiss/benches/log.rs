//! The lead's screens over a large log: the list (newest 100) and 集計 (statistics over
//! everything). Both run in the app on a worker thread; these figures say how long a
//! lead waits. Run with `bench/log.sh` (or `cargo bench -p sendguard-nearmiss`).
//!
//! The log is filled once with `SENDGUARD_BENCH_EVENTS` events (100,000 by default)
//! made from real checks: an outside recipient, a record of personal data, a
//! confidential word, plain internal mail, with users, decisions and times spread
//! over two years.

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::{Timestamp, ToSpan};
use sendguard_engine::{Engine, Policy, Redactor};
use sendguard_nearmiss::{Changes, Decision, EventMeta, EventRecord, Filter, Log};
use std::hint::black_box;

const MAILS: [&str; 4] = [
    "From: suzuki@sakura-sys.co.jp\r\nTo: tanaka@partner.example\r\nSubject: お見積りの件\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n田中様\r\n\r\nお見積りをお送りします。\r\n",
    "From: suzuki@sakura-sys.co.jp\r\nTo: info@client.example\r\nSubject: 名簿\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n氏名: 山田太郎 住所: 東京都千代田区丸の内1-1-1 電話: 090-1234-5678\r\n氏名: 佐藤花子 住所: 大阪府大阪市北区梅田2-2-2 電話: 080-2345-6789\r\n",
    "From: suzuki@sakura-sys.co.jp\r\nTo: kato@sakura-sys.co.jp\r\nSubject: 社外秘 資料\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n社外秘の資料です。\r\n",
    "From: suzuki@sakura-sys.co.jp\r\nTo: a@alpha.example\r\nCc: b@beta.example, c@gamma.example\r\nSubject: ご案内\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n各位\r\n\r\nご案内です。\r\n",
];

const DECISIONS: [Decision; 5] = [
    Decision::Sent,
    Decision::Cancelled,
    Decision::SentAfterFix,
    Decision::Checked,
    Decision::Blocked,
];

fn filled_log(events: usize) -> Log {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    let redactor = Redactor::from_policy(&policy);
    let engine = Engine::new(policy);
    let reports: Vec<_> = MAILS
        .iter()
        .map(|m| engine.check_eml(m.as_bytes(), "mail.eml"))
        .collect();
    let start: Timestamp = "2025-01-01T00:00:00Z".parse().expect("a valid time");
    let mut log = Log::open_in_memory().expect("an in-memory log opens");
    for i in 0..events {
        let meta = EventMeta {
            time: start
                .checked_add(((i as i64) * 600).seconds())
                .expect("within range"),
            user: format!("user{:02}", i % 40),
            machine: format!("PC-{:02}", i % 40),
            client: "thunderbird".into(),
            decision: DECISIONS[i % DECISIONS.len()],
            dialog_seconds: Some(3.5),
            changes: Changes::default(),
        };
        let record = EventRecord::from_report(&reports[i % reports.len()], &redactor, meta);
        log.record(&record).expect("the event is stored");
    }
    log
}

fn lead_screens(c: &mut Criterion) {
    let events = std::env::var("SENDGUARD_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let log = filled_log(events);
    let mut group = c.benchmark_group(format!("log of {events} events"));
    group.sample_size(10);
    group.bench_function("list newest 100", |b| {
        let filter = Filter {
            limit: Some(100),
            ..Filter::default()
        };
        b.iter(|| black_box(log.list(&filter).expect("lists")))
    });
    group.bench_function("stats over all (集計)", |b| {
        b.iter(|| black_box(log.stats(&Filter::default()).expect("counts")))
    });
    group.finish();
}

criterion_group!(benches, lead_screens);
criterion_main!(benches);
