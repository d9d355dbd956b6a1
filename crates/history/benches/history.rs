//! What the recipient history costs.
//!
//! - `check/…`: one typical mail checked without a history and with one of 10,000
//!   learned sends over 2,000 addresses (the goal: ≤ 50 µs added);
//! - `snapshot/load`: reading that history into memory (the app and `serve` do it at
//!   start and after each learned send, in the background);
//! - `learn/mbox`: `history learn` over a generated Sent folder of 10,000 messages
//!   (ISO-2022-JP, Shift_JIS and UTF-8), in messages per second.
//!
//! `bench/history.sh` runs them and prints the figures the README quotes.

#[path = "../tests/support/corpus.rs"]
#[allow(clippy::unwrap_used)]
mod corpus;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sendguard_engine::{Draft, Engine, Field, Mailbox, Policy};
use sendguard_history::lesson::{LearnedRecipient, Lesson};
use sendguard_history::{HistoryStore, OrganisationList};
use std::hint::black_box;

const SENDS: usize = 10_000;
const ADDRESSES: usize = 2_000;
const DOMAINS: usize = 400;

/// A history of `SENDS` sends to `ADDRESSES` addresses at `DOMAINS` organisations, each
/// send to one to three addresses of one organisation, sometimes with a colleague in Cc.
fn big_history() -> HistoryStore {
    let mut store = HistoryStore::open_in_memory().expect("in-memory history");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let surnames = [
        "田中", "佐藤", "鈴木", "高橋", "伊藤", "渡辺", "山本", "中村",
    ];
    for i in 0..SENDS {
        let org = next(DOMAINS);
        let domain = format!("org{org}.co.jp");
        let mut recipients = Vec::new();
        for _ in 0..=next(3) {
            let person = org * (ADDRESSES / DOMAINS) + next(ADDRESSES / DOMAINS);
            let address = format!("p{person}@{domain}");
            if !recipients
                .iter()
                .any(|r: &LearnedRecipient| r.address == address)
            {
                recipients.push(LearnedRecipient {
                    address,
                    domain: domain.clone(),
                    field: Field::To,
                    external: true,
                });
            }
        }
        if next(4) == 0 {
            recipients.push(LearnedRecipient {
                address: "colleague@sakura-sys.co.jp".into(),
                domain: "sakura-sys.co.jp".into(),
                field: Field::Cc,
                external: false,
            });
        }
        let surnames_taught = if recipients.len() == 1 {
            vec![(
                recipients[0].address.clone(),
                surnames[next(surnames.len())].to_owned(),
            )]
        } else {
            Vec::new()
        };
        let lesson = Lesson {
            from: "suzuki@sakura-sys.co.jp".into(),
            keys: vec![format!("mid:{i}")],
            seen_keys: vec![format!("mid:{i}")],
            live_keys: Vec::new(),
            time: 1_700_000_000 + i as i64 * 600,
            organisations: vec![(
                domain.clone(),
                format!("取引先{org}"),
                format!("株式会社取引先{org}"),
            )],
            recipients,
            surnames: surnames_taught,
            display_names: Vec::new(),
        };
        store.learn(&lesson).expect("learn");
    }
    store
}

fn typical_draft() -> Draft {
    Draft {
        from: Some(Mailbox::new(Some("鈴木 一郎"), "suzuki@sakura-sys.co.jp")),
        to: vec![Mailbox::new(Some("田中 太郎"), "p15@org3.co.jp")],
        cc: vec![Mailbox::new(None, "colleague@sakura-sys.co.jp")],
        subject: "お見積りの件".into(),
        body_text: "株式会社取引先3\n営業部 田中様\n\nいつもお世話になっております。\nさくらシステムの鈴木です。\n\nお見積りをお送りします。ご確認ください。\n\n--\n株式会社さくらシステム 鈴木 一郎\nTEL 03-1234-5678\n".into(),
        ..Draft::default()
    }
}

fn checks(c: &mut Criterion) {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    let engine = Engine::new(policy);
    let store = big_history();
    let snapshot = store
        .snapshot(&OrganisationList::default())
        .expect("snapshot");
    let draft = typical_draft();
    let mut group = c.benchmark_group("check");
    group.bench_function("without_history", |b| {
        b.iter(|| black_box(engine.check(black_box(&draft), "bench")))
    });
    group.bench_function("with_history_10k_sends_2k_addresses", |b| {
        b.iter(|| black_box(engine.check_with_history(black_box(&draft), "bench", Some(&snapshot))))
    });
    group.finish();
    c.bench_function("addressee/of_draft", |b| {
        b.iter(|| {
            black_box(sendguard_engine::addressee::of_draft(
                black_box(&draft),
                engine.policy(),
            ))
        })
    });
    c.bench_function("snapshot/load_10k_sends", |b| {
        b.iter(|| black_box(store.snapshot(&OrganisationList::default())))
    });
}

fn learning(c: &mut Criterion) {
    let dir = std::env::temp_dir().join(format!("sendguard-bench-history-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench dir");
    let mbox = dir.join("Sent");
    std::fs::write(&mbox, corpus::sent_mbox(SENDS, 7)).expect("write mbox");
    let policy = Policy::builtin();
    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.throughput(Throughput::Elements(SENDS as u64));
    group.bench_function("mbox_10k_messages", |b| {
        b.iter_batched(
            || HistoryStore::open_in_memory().expect("history"),
            |mut store| {
                sendguard_history::learn_paths(
                    &mut store,
                    std::slice::from_ref(&mbox),
                    None,
                    &policy,
                    &mut |_| {},
                )
                .expect("learn")
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, checks, learning);
criterion_main!(benches);
