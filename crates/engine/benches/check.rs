//! Criterion benchmarks for the check path (run: `cargo bench -p sendguard-engine`).
//!
//! - a typical 5 KB Japanese business mail, parsed from ISO-2022-JP bytes and checked;
//! - 1 MB of mixed Japanese text in the body (throughput);
//! - a mail to 500 recipients at 60 domains.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sendguard_engine::{Draft, Engine, Mailbox, Policy};
use std::hint::black_box;

fn engine() -> Engine {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    policy.add_org_name("サクラシステム");
    Engine::new(policy)
}

const PARAGRAPH: &str = "いつも大変お世話になっております。サクラシステム営業部の佐藤です。\n\
先日のお打ち合わせでは貴重なお時間をいただき、誠にありがとうございました。\n\
ご依頼いただいておりました保守契約更新のお見積りにつきまして、下記のとおりご案内いたします。\n\
・対象製品: 在庫管理システム Ver.5（ライセンス数 25）\n\
・契約期間: 2024年6月1日〜2025年5月31日\n\
・お見積り金額: 1,234,560円（税別）、ご注文番号 SO-2024-05-0117\n\
ご不明な点がございましたら、お気軽にお問い合わせください。\n\n";

const SIGNATURE: &str = "--\nサクラシステム株式会社 営業部 佐藤 一郎\n〒100-0005 東京都千代田区丸の内1-2-3\nTEL 03-1234-5678 / ichiro.sato@sakura-sys.co.jp\n";

fn business_mail_5kb() -> Vec<u8> {
    let mut body = String::new();
    while body.len() < 4_800 {
        body.push_str(PARAGRAPH);
    }
    body.push_str(SIGNATURE);
    let (jis, _, _) = encoding_rs::ISO_2022_JP.encode(&body);
    let mut raw = b"From: =?ISO-2022-JP?B?GyRCOjRGIxsoQg==?= <ichiro.sato@sakura-sys.co.jp>\r\n\
To: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <hanako.yamada@minato-soft.co.jp>\r\n\
Cc: kenta.takahashi@sakura-sys.co.jp\r\n\
Subject: =?ISO-2022-JP?B?GyRCOF4kLDBGRmIbKEI=?=\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
        .to_vec();
    raw.extend_from_slice(&jis);
    raw
}

fn megabyte_draft() -> Draft {
    let mut body = String::new();
    let mut i = 0u32;
    while body.len() < 1024 * 1024 {
        body.push_str(PARAGRAPH);
        if i.is_multiple_of(7) {
            body.push_str("お客様: 山田 花子 様 TEL 090-1234-5678\n\n");
        }
        i += 1;
    }
    Draft {
        from: Some(Mailbox::new(None, "ichiro.sato@sakura-sys.co.jp")),
        to: vec![Mailbox::new(None, "hanako.yamada@minato-soft.co.jp")],
        subject: "1 MB".to_owned(),
        body_text: body,
        ..Draft::default()
    }
}

fn five_hundred_recipients() -> Draft {
    let to = (0..500)
        .map(|i| {
            Mailbox::new(
                Some("ご担当者 様"),
                &format!("user{i}@partner{}.co.jp", i % 60),
            )
        })
        .collect();
    Draft {
        from: Some(Mailbox::new(None, "ichiro.sato@sakura-sys.co.jp")),
        to,
        subject: "【ご案内】新製品発表会のお知らせ".to_owned(),
        body_text: PARAGRAPH.repeat(3),
        ..Draft::default()
    }
}

fn benches(c: &mut Criterion) {
    let engine = engine();

    let mail = business_mail_5kb();
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(mail.len() as u64));
    group.bench_function(BenchmarkId::new("business_mail_eml", mail.len()), |b| {
        b.iter(|| engine.check_eml(black_box(&mail), "bench.eml"))
    });

    let big = megabyte_draft();
    group.throughput(Throughput::Bytes(big.body_text.len() as u64));
    group.sample_size(20);
    group.bench_function("body_1mb", |b| {
        b.iter(|| engine.check(black_box(&big), "1mb"))
    });

    let many = five_hundred_recipients();
    group.throughput(Throughput::Elements(500));
    group.sample_size(50);
    group.bench_function("recipients_500", |b| {
        b.iter(|| engine.check(black_box(&many), "500"))
    });
    group.finish();
}

criterion_group!(check, benches);
criterion_main!(check);
