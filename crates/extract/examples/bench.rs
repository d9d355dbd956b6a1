//! Builds a ~10 MB xlsx with 50,000 customer rows (氏名, 住所, 電話番号, 生年月日,
//! メールアドレス) and times `extract` on it, printing the time and peak RSS.
//!
//! Run: `cargo run --release --example bench`
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::io::Cursor;
use std::time::Instant;

use common::{Cell, Emit, Rows, write_xlsx};
use sendguard_extract::{Content, Limits, extract};

const SURNAMES: &[&str] = &[
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
];
const GIVEN: &[&str] = &[
    "太郎",
    "花子",
    "一郎",
    "美咲",
    "健太",
    "陽菜",
    "翔太",
    "結衣",
    "大輔",
    "さくら",
    "拓也",
    "愛",
    "直樹",
    "彩",
    "誠",
];
const PLACES: &[&str] = &[
    "東京都千代田区丸の内",
    "東京都新宿区西新宿",
    "大阪府大阪市北区梅田",
    "愛知県名古屋市中村区名駅",
    "福岡県福岡市博多区博多駅前",
    "北海道札幌市中央区北一条西",
    "神奈川県横浜市西区みなとみらい",
    "京都府京都市下京区烏丸通",
];

fn vm(field: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .map(|l| l[field.len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn main() {
    let rows = 50_000u64;
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut source = |emit: &mut Emit<'_>| {
        emit(&[
            Cell::Str("氏名"),
            Cell::Str("住所"),
            Cell::Str("電話番号"),
            Cell::Str("生年月日"),
            Cell::Str("メールアドレス"),
        ]);
        for i in 0..rows {
            let r = rand();
            let r2 = rand();
            // Random kanji keep the file near the size of a real 50,000-row list
            // (about 10 MB); repeated names would compress far better.
            let kanji = |x: u64| char::from_u32(0x4E00 + (x % 6000) as u32).unwrap_or('山');
            let name = format!(
                "{}{} {}{}",
                SURNAMES[(r % 20) as usize],
                kanji(r2),
                GIVEN[((r >> 8) % 15) as usize],
                kanji(r2 >> 13)
            );
            let addr = format!(
                "{}{}{}町{}-{}-{} {}ビル{}階",
                PLACES[((r >> 16) % 8) as usize],
                (0..10)
                    .map(|k| kanji(rand() >> (k * 5)))
                    .collect::<String>(),
                kanji(r2 >> 39),
                (r >> 20) % 9 + 1,
                (r >> 24) % 30 + 1,
                (r >> 30) % 20 + 1,
                ["さくら", "ひまわり", "第一", "中央", "グランド"][((r >> 36) % 5) as usize],
                (r >> 40) % 30 + 1
            );
            let phone = format!("{}", 9_000_000_000u64 + (r >> 3) % 999_999_999);
            let birth = 18_000 + (r >> 12) as u32 % 20_000;
            let mail = format!(
                "u{i}.{:x}{:x}@example{}.co.jp",
                rand(),
                rand(),
                (r >> 50) % 100
            );
            emit(&[
                Cell::Str(&name),
                Cell::Str(&addr),
                Cell::Num(&phone),
                Cell::Date(birth),
                Cell::Str(&mail),
            ]);
        }
    };
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut sheets: Vec<(&str, &mut Rows<'_>)> = vec![("顧客", &mut source)];
    // Level 1, like fast exporters, and random content bring it near 10 MB.
    write_xlsx(&mut w, &mut sheets, Some(1));
    let bytes = w.finish().unwrap().into_inner();
    println!("xlsx: {} rows, {:.1} MB", rows, bytes.len() as f64 / 1e6);
    // `cargo run --release --example bench -- out.xlsx` also writes the file, so the
    // whole check can be timed on it (bench/attachments.sh).
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &bytes).unwrap();
        println!("wrote {path}");
    }
    println!("peak RSS after building the fixture: {}", vm("VmHWM:"));
    // Reset the peak so the figure below is extract's own (Linux: clear_refs 5).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let start = Instant::now();
    let out = extract("顧客リスト.xlsx", &bytes, &Limits::default());
    let elapsed = start.elapsed();
    let table_rows: usize = out
        .parts
        .iter()
        .map(|p| match &p.content {
            Content::Table { rows, .. } => rows.len(),
            Content::Text(_) => 0,
        })
        .sum();
    println!(
        "extract: {:.3} s, {table_rows} table rows, {} notes",
        elapsed.as_secs_f64(),
        out.notes.len()
    );
    if let Some(Content::Table { rows, .. }) = out.parts.first().map(|p| &p.content) {
        println!("row 1: {:?}", rows.get(1));
    }
    println!(
        "peak RSS {}: {} (current {})",
        if reset {
            "during extract"
        } else {
            "of the process"
        },
        vm("VmHWM:"),
        vm("VmRSS:")
    );
}
