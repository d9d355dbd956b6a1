//! A deterministic corpus for the recipient history (`docs`: recipient-history.md): one
//! office worker's Sent folder as an mbox, and new drafts ("probes") labelled with the
//! history checks that should fire on them.
//!
//! Only `encoding_rs` and std: the randomness is a seeded splitmix64, so a seed gives
//! the same bytes on every machine.
//!
//! # The world
//!
//! The sender is 鈴木 一郎 <suzuki@sakura-sys.co.jp> (株式会社さくらシステム, internal
//! domain `sakura-sys.co.jp`), with colleagues at the same domain. Nineteen outside
//! organisations are mailed (legal forms before and after the name, ㈱/(株), 有限会社,
//! 合同会社, a hiragana particle (日の出食品) or Latin letters (JBサポート) in the name,
//! one English "Nexus Trading Inc.", one free-mail one-person office, one company whose
//! owner uses a free-mail address), with 1–3 people each. Surnames repeat across
//! organisations on purpose (田中 ×2, 佐藤 ×3, 高橋 ×2, 渡辺 ×2, 山田 ×2, 佐々木 ×2), some
//! local parts are not names (`info@`, `sales01@`, `t.tanaka@`). 宛名 are written as
//! people write them: full-width spaces, （株）, titles (部長 田中様), さん. Two project groups
//! (three outside addresses over two organisations, an internal colleague in Cc) and
//! four two-person teams are mailed together. Each known organisation also has
//! *newcomers* (never mailed by the sender; a few of them mailed by the shared account,
//! whose mail in the Sent folder must be skipped), and seven organisations are never
//! mailed at all.
//!
//! # The Sent folder ([`sent_folder`], [`sent_mbox`])
//!
//! `count` mbox entries: ~3 % from another address (shared account, a colleague),
//! ~1 in 70 an exact duplicate of an earlier entry, ~15 % internal mail, the rest to
//! outside people, teams and groups. With `count >= FULL_HISTORY` it is guaranteed
//! that every outside person gets at least 3 solo sends (the first with an
//! organisation + person 宛名), the one alternative address exactly 1, every group 6
//! and every team 3 sends together. Group members are only ever mailed alone or with
//! their own group; team members only alone or with their own team; the group's
//! internal Cc colleague appears on no other outside mail. ~30 % of outside mail are
//! replies quoting the customer ("> " lines, "-----Original Message-----", or
//! 「差出人: / 送信日時:」), some quotes naming a third organisation (which must not be
//! learned for the replied address). Encodings: ~40 % ISO-2022-JP, ~35 % UTF-8
//! (base64, quoted-printable or 8bit), ~25 % Shift_JIS (labelled `Shift_JIS` or
//! `cp932`), headers RFC 2047; mostly CRLF, some messages with LF bodies, a few LF-only.
//!
//! # Probes ([`probes`]) and the labelling rules
//!
//! Labels assume the history was learned from `sent_folder(n, _)` with
//! `n >= FULL_HISTORY` (any seed) and the default `history.min_sends` (30), and follow
//! the spec, not any implementation:
//!
//! - `right`: the right person at an address used before (any 宛名 style, replies whose
//!   quote names other organisations, internal mail, no 宛名, a group/team sent together
//!   again, attachments named for the recipient's own organisation, free-mail people,
//!   an internal colleague added in Cc) → no history finding at all.
//! - `surname`: the 宛名 names organisation A and surname S; the recipient is the S of
//!   organisation B (sent before) → `recipient_mismatch`, subject_of = that address,
//!   suggestion = A's address for S (the most used one).
//! - `otherorg`: the 宛名 names organisation A and a person who is not the recipient;
//!   the recipient is at B → `recipient_mismatch`, subject_of = the recipient;
//!   suggestion = A's address for that surname when A has exactly one known person of
//!   that surname, else `None` (unknown person, 御中, ご担当者様).
//! - `newperson`: a never-mailed address at a known domain, the 宛名 naming that
//!   organisation → `first_time_recipient` only (some carry an attachment named for
//!   that organisation).
//! - `newdomain`: a never-mailed address at a never-mailed domain (or a new free-mail
//!   address) → `first_time_recipient` only.
//! - `unusual`: a group or team sent together before plus one outside address never
//!   sent together with any of them → `unusual_recipient` about the outsider (plus
//!   `first_time_recipient` when the outsider was never mailed at all).
//! - `attachment`: the right people and 宛名, an attachment whose name holds another
//!   known organisation's name → `attachment_for_other_party`, subject_of = the file
//!   name (some `surname`/`otherorg` probes carry one as well and expect both).
//!
//! A probe's `expect` lists exactly the history checks that should fire; any other
//! history finding is a false alarm.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use encoding_rs::{Encoding, ISO_2022_JP, SHIFT_JIS, UTF_8};

pub const INTERNAL_DOMAIN: &str = "sakura-sys.co.jp";
pub const ME: &str = "suzuki@sakura-sys.co.jp";

pub const RECIPIENT_MISMATCH: &str = "recipient_mismatch";
pub const ATTACHMENT_FOR_OTHER_PARTY: &str = "attachment_for_other_party";
pub const UNUSUAL_RECIPIENT: &str = "unusual_recipient";
pub const FIRST_TIME_RECIPIENT: &str = "first_time_recipient";
/// The four history checks.
pub const HISTORY_CHECKS: [&str; 4] = [
    RECIPIENT_MISMATCH,
    ATTACHMENT_FOR_OTHER_PARTY,
    UNUSUAL_RECIPIENT,
    FIRST_TIME_RECIPIENT,
];

/// From this many mbox entries on, the Sent folder holds every guaranteed send (see
/// the module docs) and the probes' labels hold.
pub const FULL_HISTORY: usize = 220;

// ---------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------

/// splitmix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0, "below(0)");
        (self.next_u64() % n as u64) as usize
    }

    /// True `p` times in a hundred.
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    /// One of `items`, copied.
    pub fn one<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------

/// A person mail goes to (or comes from).
#[derive(Debug, Clone)]
pub struct Person {
    /// 田中; "Smith" for English names; empty for a desk nobody in particular answers.
    pub surname: &'static str,
    pub given: &'static str,
    pub surname_en: &'static str,
    pub given_en: &'static str,
    /// "Mr." / "Ms." for English salutations.
    pub title_en: &'static str,
    pub address: String,
    pub dept: &'static str,
    /// How often the person is mailed besides the guaranteed sends (1 = normal).
    pub weight: usize,
    /// An older address of the same person, sent to exactly once.
    pub alt_address: Option<String>,
    /// A shared desk (`info@`): addressed as the organisation (御中) or ご担当者様.
    pub desk: bool,
}

/// An outside organisation.
#[derive(Debug, Clone)]
pub struct Org {
    /// The organisation's own domain (a free-mail person's is the free-mail domain).
    pub domain: String,
    /// The full legal name: 楓商事株式会社, ㈱青葉物流, Nexus Trading Inc.
    pub legal: &'static str,
    /// Renderings of the legal name a 宛名 may use (the spec's forms); first = legal.
    pub forms: Vec<&'static str>,
    /// Renderings outside the spec's list (東和電機(株)), used now and then in the Sent
    /// folder only.
    pub odd_forms: Vec<&'static str>,
    /// The name without legal form: 楓商事.
    pub short: &'static str,
    pub english: bool,
    /// A one-person office on a free-mail address.
    pub freemail: bool,
    /// Mailed by the sender (in the Sent folder).
    pub people: Vec<Person>,
    /// Never mailed by the sender.
    pub newcomers: Vec<Person>,
    /// A telephone number for the organisation's signatures.
    pub phone: &'static str,
}

/// Recipients sent to together.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: &'static str,
    /// The subject tag: 【物流改善PJ】.
    pub tag: &'static str,
    pub to: Vec<String>,
    pub cc: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct World {
    pub me: Person,
    pub internal_domain: &'static str,
    pub company: &'static str,
    pub colleagues: Vec<Person>,
    /// Internal addresses whose mail turns up in the Sent folder (not the sender).
    pub other_senders: Vec<Person>,
    /// Organisations the sender has mailed.
    pub orgs: Vec<Org>,
    /// Organisations never mailed (first-time domains).
    pub new_orgs: Vec<Org>,
    /// Project groups (three outside addresses and an internal Cc).
    pub groups: Vec<Group>,
    /// Two people of one organisation mailed together.
    pub teams: Vec<Group>,
}

/// One person per row, whitespace-separated: surname, given name, both in Latin
/// letters, the local part (or a whole free-mail address), department, weight, and an
/// optional flag: "Mr."/"Ms." (English salutations) or "desk" (a shared desk such as
/// `info@`). "-" is an empty field.
type Row = &'static str;

fn people(domain: &str, rows: &[Row]) -> Vec<Person> {
    rows.iter()
        .map(|row| {
            let f: Vec<&'static str> = row
                .split_whitespace()
                .map(|s| if s == "-" { "" } else { s })
                .collect();
            assert!(f.len() == 7 || f.len() == 8, "a person row: {row}");
            let (local, flag) = (f[4], f.get(7).copied().unwrap_or_default());
            Person {
                surname: f[0],
                given: f[1],
                surname_en: f[2],
                given_en: f[3],
                title_en: if flag.ends_with('.') { flag } else { "" },
                address: if local.contains('@') {
                    local.to_string()
                } else {
                    format!("{local}@{domain}")
                },
                dept: f[5],
                weight: f[6].parse().expect("a weight"),
                alt_address: None,
                desk: flag == "desk",
            }
        })
        .collect()
}

/// An organisation: its domain, the legal name and the spec's other renderings of it,
/// renderings outside the spec's list, the short name, a phone number, the people
/// mailed and the newcomers never mailed.
fn org(
    domain: &str,
    forms: &[&'static str],
    odd_forms: &[&'static str],
    short: &'static str,
    phone: &'static str,
    mailed: &[Row],
    newcomers: &[Row],
) -> Org {
    Org {
        domain: domain.to_string(),
        legal: forms[0],
        forms: forms.to_vec(),
        odd_forms: odd_forms.to_vec(),
        short,
        english: short.is_ascii(),
        freemail: domain == "gmail.com",
        people: people(domain, mailed),
        newcomers: people(domain, newcomers),
        phone,
    }
}

impl World {
    /// The one world every corpus is drawn from.
    pub fn new() -> Self {
        let internal = INTERNAL_DOMAIN;
        let me = people(internal, &["鈴木 一郎 Suzuki Ichiro suzuki 営業部 1"]);
        let colleagues = people(
            internal,
            &[
                "山本 健太 Yamamoto Kenta yamamoto 営業部 1",
                "中村 美咲 Nakamura Misaki m.nakamura 技術部 1",
                "小林 大輔 Kobayashi Daisuke kobayashi 営業部 1",
                "加藤 由美 Kato Yumi kato 営業部 1",
                "高木 誠一 Takagi Seiichi takagi 営業部 1",
            ],
        );
        // A shared account and a colleague whose mail lands in the Sent folder.
        let other_senders = people(
            internal,
            &[
                "- - - - eigyo 営業部 1",
                "山本 健太 Yamamoto Kenta yamamoto 営業部 1",
            ],
        );

        let mut orgs = vec![
            org(
                "kaede-shoji.co.jp",
                &["楓商事株式会社"],
                &["楓商事(株)"],
                "楓商事",
                "03-3561-2201",
                &[
                    "田中 太郎 Tanaka Taro t.tanaka 営業部 3",
                    "佐藤 花子 Sato Hanako sato 購買部 2",
                    "伊藤 誠 Ito Makoto ito 物流部 1",
                ],
                &[
                    "小野 健 Ono Ken k.ono 経理部 1",
                    "田村 恵 Tamura Megumi m.tamura 営業部 1",
                ],
            ),
            org(
                "hikari-tech.co.jp",
                &["株式会社ひかりテック", "(株)ひかりテック"],
                &[],
                "ひかりテック",
                "045-212-3380",
                &[
                    "田中 健一 Tanaka Kenichi tanaka 開発部 3",
                    "渡辺 直子 Watanabe Naoko watanabe 総務部 2",
                    "高橋 翔 Takahashi Sho sales01 営業部 2",
                ],
                &["村上 亮 Murakami Ryo murakami 開発部 1"],
            ),
            org(
                "aoba-logi.jp",
                &["㈱青葉物流", "株式会社青葉物流", "(株)青葉物流"],
                &[],
                "青葉物流",
                "048-660-1172",
                &[
                    "佐藤 優 Sato Yu y.sato 配送管理部 1",
                    "木村 拓也 Kimura Takuya kimura 配送管理部 1",
                    "遠藤 真司 Endo Shinji endo 営業部 1",
                ],
                &["原田 香 Harada Kaori harada 配送管理部 1"],
            ),
            org(
                // The owner is mailed at his free-mail address; the office at info@.
                "midori-koumuten.ne.jp",
                &["有限会社みどり工務店"],
                &["(有)みどり工務店"],
                "みどり工務店",
                "042-388-0914",
                &[
                    "大野 恵子 Ohno Keiko info 事務所 1 desk",
                    "林 誠二 Hayashi Seiji hayashi.seiji@yahoo.co.jp 代表 1",
                ],
                &[],
            ),
            org(
                "tsubasa-design.jp",
                &["合同会社つばさデザイン"],
                &[],
                "つばさデザイン",
                "03-6455-7810",
                &[
                    "森 さくら Mori Sakura mori - 1",
                    "西村 亮太 Nishimura Ryota nishimura 制作部 1",
                ],
                &[],
            ),
            org(
                "nexus-trading.com",
                &["Nexus Trading Inc."],
                &[],
                "Nexus Trading",
                "+1-415-555-0142",
                &[
                    "Smith John Smith John j.smith Sales 2 Mr.",
                    "Brown Emily Brown Emily ebrown Purchasing 1 Ms.",
                ],
                &["Jones Michael Jones Michael m.jones Logistics 1 Mr."],
            ),
            org(
                "towa-denki.co.jp",
                &["東和電機株式会社"],
                &["東和電機(株)"],
                "東和電機",
                "06-6341-5520",
                &[
                    "山田 隆 Yamada Takashi yamada 情報システム部 1",
                    "清水 香織 Shimizu Kaori shimizu 情報システム部 1",
                    "井上 浩 Inoue Hiroshi inoue 総務部 1",
                ],
                &["近藤 翼 Kondo Tsubasa kondo 総務部 1"],
            ),
            org(
                "hokuto-sol.co.jp",
                &["株式会社北斗ソリューションズ"],
                &[],
                "北斗ソリューションズ",
                "011-232-4470",
                &[
                    "斎藤 恵 Saito Megumi saito システム開発部 1",
                    "松本 剛 Matsumoto Tsuyoshi matsumoto 営業部 1",
                ],
                &["福田 直人 Fukuda Naoto n.fukuda 営業部 1"],
            ),
            org(
                "yamato-seiko.co.jp",
                &["大和精工株式会社"],
                &[],
                "大和精工",
                "0566-21-7730",
                &[
                    "山口 修 Yamaguchi Osamu yamaguchi 生産管理部 2",
                    "佐藤 健 Sato Ken k.sato 購買課 1",
                ],
                &["田中 大輔 Tanaka Daisuke tanaka 品質保証部 1"],
            ),
            org(
                "iroha-pub.co.jp",
                &["株式会社いろは出版"],
                &[],
                "いろは出版",
                "03-3264-8851",
                &[
                    "吉田 彩 Yoshida Aya a.yoshida 編集部 1",
                    "山崎 亮 Yamazaki Ryo yamazaki 制作部 1",
                ],
                &["- - - - info 総務部 1 desk"],
            ),
            org(
                "hinode-foods.co.jp",
                &["日の出食品株式会社"],
                &["日の出食品(株)"],
                "日の出食品",
                "092-441-3905",
                &[
                    "池田 裕子 Ikeda Yuko ikeda 品質保証部 1",
                    "高橋 誠 Takahashi Makoto m.takahashi 情報システム課 1",
                ],
                &["佐藤 美穂 Sato Miho sato.m 総務部 1"],
            ),
            org(
                "mirai-kensetsu.jp",
                &["株式会社ミライ建設"],
                &[],
                "ミライ建設",
                "022-715-6603",
                &[
                    "石川 学 Ishikawa Manabu ishikawa 工務部 1",
                    "渡辺 剛 Watanabe Tsuyoshi t.watanabe 総務部 1",
                ],
                &["菊地 陽介 Kikuchi Yosuke kikuchi 工務部 1"],
            ),
            org(
                "satsuki-soken.co.jp",
                &["株式会社さつき総研"],
                &[],
                "さつき総研",
                "03-5210-4418",
                &[
                    "岡田 直樹 Okada Naoki okada 調査部 1",
                    "佐々木 隆 Sasaki Takashi t.sasaki 調査部 1",
                ],
                &[],
            ),
            org(
                "alpha-systems.com",
                &["アルファシステムズ株式会社"],
                &[],
                "アルファシステムズ",
                "052-955-2260",
                &[
                    "中島 健二 Nakajima Kenji nakajima 開発部 1",
                    "小松 望 Komatsu Nozomi komatsu 業務部 1",
                    "佐々木 恵美 Sasaki Emi e.sasaki 業務部 1",
                ],
                &[],
            ),
            org(
                "hayate-unyu.co.jp",
                &["有限会社はやて運輸"],
                &[],
                "はやて運輸",
                "0480-31-5092",
                &[
                    "藤田 茂 Fujita Shigeru fujita 代表 1",
                    "- - - - info 配車 1 desk",
                ],
                &[],
            ),
            org(
                "cosmo-print.co.jp",
                &["㈱コスモ印刷", "株式会社コスモ印刷", "(株)コスモ印刷"],
                &[],
                "コスモ印刷",
                "03-3866-0275",
                &[
                    "前田 聡 Maeda Satoshi maeda 営業部 1",
                    "山田 由紀 Yamada Yuki y.yamada 制作部 1",
                ],
                &[],
            ),
            org(
                "bayside-kikaku.jp",
                &["合同会社ベイサイド企画"],
                &[],
                "ベイサイド企画",
                "045-650-2281",
                &["松井 亜希 Matsui Aki matsui - 1"],
                &[],
            ),
            org(
                "jb-support.co.jp",
                &["株式会社JBサポート"],
                &[],
                "JBサポート",
                "03-5956-4410",
                &["長谷川 真一 Hasegawa Shinichi hasegawa 技術部 1"],
                &[],
            ),
            org(
                // A one-person office on a free-mail address.
                "gmail.com",
                &["小川デザイン事務所"],
                &[],
                "小川デザイン事務所",
                "090-4418-2275",
                &["小川 真理 Ogawa Mari ogawa.mari.design - 1"],
                &[],
            ),
        ];
        orgs[0].people[0].alt_address = Some("taro.tanaka@kaede-shoji.co.jp".to_string());

        let new_orgs = vec![
            org(
                "shinsei-eng.co.jp",
                &["株式会社新星エンジニアリング"],
                &[],
                "新星エンジニアリング",
                "03-5789-1102",
                &[],
                &[
                    "高田 光 Takada Hikaru takada 技術部 1",
                    "佐藤 潤 Sato Jun j.sato 購買部 1",
                ],
            ),
            org(
                "kamome-shokai.jp",
                &["有限会社かもめ商会"],
                &[],
                "かもめ商会",
                "078-391-6620",
                &[],
                &["大西 徹 Onishi Toru onishi - 1"],
            ),
            org(
                "toho-chem.co.jp",
                &["東邦ケミカル株式会社"],
                &[],
                "東邦ケミカル",
                "044-270-3315",
                &[],
                &[
                    "野口 千尋 Noguchi Chihiro noguchi 購買部 1",
                    "田中 愛 Tanaka Ai a.tanaka 総務部 1",
                ],
            ),
            org(
                "lumina-inc.com",
                &["Lumina Inc."],
                &[],
                "Lumina",
                "+1-206-555-0199",
                &[],
                &["Miller Sarah Miller Sarah s.miller Procurement 1 Ms."],
            ),
            org(
                "soranotech.jp",
                &["㈱ソラノテック", "株式会社ソラノテック"],
                &[],
                "ソラノテック",
                "03-6803-2290",
                &[],
                &[
                    "青木 悠 Aoki Yu aoki 開発部 1",
                    "- - - - contact 営業 1 desk",
                ],
            ),
            org(
                "hoshizora.ne.jp",
                &["合同会社ほしぞら企画"],
                &[],
                "ほしぞら企画",
                "0263-88-1450",
                &[],
                &["中川 舞 Nakagawa Mai nakagawa - 1"],
            ),
            org(
                "gmail.com",
                &["石田翻訳事務所"],
                &[],
                "石田翻訳事務所",
                "080-3321-9047",
                &[],
                &["石田 修 Ishida Osamu ishida.honyaku - 1"],
            ),
        ];

        let aoba = "aoba-logi.jp";
        let kaede = "kaede-shoji.co.jp";
        let towa = "towa-denki.co.jp";
        let groups = vec![
            Group {
                name: "物流改善プロジェクト",
                tag: "物流改善PJ",
                to: vec![
                    format!("y.sato@{aoba}"),
                    format!("kimura@{aoba}"),
                    format!("ito@{kaede}"),
                ],
                cc: vec![format!("yamamoto@{internal}")],
            },
            Group {
                name: "新基幹システム導入プロジェクト",
                tag: "新基幹システム",
                to: vec![
                    format!("yamada@{towa}"),
                    format!("shimizu@{towa}"),
                    "saito@hokuto-sol.co.jp".to_string(),
                ],
                cc: vec![format!("m.nakamura@{internal}")],
            },
        ];
        let team = |name, a: &str, b: &str| Group {
            name,
            tag: "",
            to: vec![a.to_string(), b.to_string()],
            cc: vec![],
        };
        let teams = vec![
            team(
                "楓商事",
                "t.tanaka@kaede-shoji.co.jp",
                "sato@kaede-shoji.co.jp",
            ),
            team(
                "ひかりテック",
                "tanaka@hikari-tech.co.jp",
                "watanabe@hikari-tech.co.jp",
            ),
            team(
                "いろは出版",
                "a.yoshida@iroha-pub.co.jp",
                "yamazaki@iroha-pub.co.jp",
            ),
            team(
                "日の出食品",
                "ikeda@hinode-foods.co.jp",
                "m.takahashi@hinode-foods.co.jp",
            ),
        ];

        World {
            me: me.into_iter().next().expect("the sender"),
            internal_domain: INTERNAL_DOMAIN,
            company: "株式会社さくらシステム",
            colleagues,
            other_senders,
            orgs,
            new_orgs,
            groups,
            teams,
        }
    }

    /// The organisation and person behind an address (people, newcomers, alternative
    /// addresses; known and new organisations).
    pub fn lookup(&self, address: &str) -> Option<(&Org, &Person)> {
        let address = address.to_ascii_lowercase();
        self.orgs.iter().chain(&self.new_orgs).find_map(|o| {
            o.people
                .iter()
                .chain(&o.newcomers)
                .find(|p| p.address == address || p.alt_address.as_deref() == Some(&address))
                .map(|p| (o, p))
        })
    }

    fn person_of(&self, address: &str) -> (&Org, &Person) {
        self.lookup(address)
            .unwrap_or_else(|| panic!("no such person in the world: {address}"))
    }

    /// The known organisation with this short name.
    pub fn org(&self, short: &str) -> &Org {
        self.orgs
            .iter()
            .chain(&self.new_orgs)
            .find(|o| o.short == short)
            .unwrap_or_else(|| panic!("no such organisation: {short}"))
    }

    fn colleague(&self, local: &str) -> &Person {
        self.colleagues
            .iter()
            .find(|c| c.address.starts_with(&format!("{local}@")))
            .unwrap_or_else(|| panic!("no such colleague: {local}"))
    }

    /// Addresses that appear in the Sent folder's group mails (with their Cc).
    fn group_members(&self) -> BTreeSet<&str> {
        self.groups
            .iter()
            .flat_map(|g| g.to.iter().chain(&g.cc))
            .map(String::as_str)
            .collect()
    }

    fn team_members(&self) -> BTreeSet<&str> {
        self.teams
            .iter()
            .flat_map(|g| g.to.iter())
            .map(String::as_str)
            .collect()
    }

    /// Colleagues who may be put in Cc of outside mail (not a group's Cc).
    fn cc_colleagues(&self) -> Vec<&Person> {
        let group_cc: BTreeSet<&str> = self
            .groups
            .iter()
            .flat_map(|g| g.cc.iter().map(String::as_str))
            .collect();
        self.colleagues
            .iter()
            .filter(|c| !group_cc.contains(c.address.as_str()))
            .collect()
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

// ---------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------

/// A local time (JST), minutes since 1970-01-01 00:00 plus seconds.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    minutes: i64,
    seconds: u32,
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const WEEKDAYS_LONG: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const WEEKDAYS_JA: [&str; 7] = ["日", "月", "火", "水", "木", "金", "土"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_LONG: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: i64,
    minute: i64,
    second: u32,
    weekday: usize,
}

impl Stamp {
    fn at(y: i64, m: u32, d: u32, hour: i64, minute: i64) -> Self {
        Stamp {
            minutes: days_from_civil(y, m, d) * 1440 + hour * 60 + minute,
            seconds: 0,
        }
    }

    fn parts(self) -> Parts {
        let days = self.minutes.div_euclid(1440);
        let rest = self.minutes.rem_euclid(1440);
        let (year, month, day) = civil_from_days(days);
        Parts {
            year,
            month,
            day,
            hour: rest / 60,
            minute: rest % 60,
            second: self.seconds,
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }

    /// The next working moment, some minutes to hours later.
    fn advance(self, rng: &mut Rng) -> Self {
        let mut minutes = self.minutes + 7 + rng.below(170) as i64;
        loop {
            let days = minutes.div_euclid(1440);
            let time = minutes.rem_euclid(1440);
            let weekday = (days + 4).rem_euclid(7);
            if weekday == 0 || weekday == 6 || time >= 19 * 60 + 30 {
                minutes = (days + 1) * 1440 + 8 * 60 + 20 + rng.below(70) as i64;
            } else if time < 8 * 60 {
                minutes = days * 1440 + 8 * 60 + 20 + rng.below(70) as i64;
            } else {
                break;
            }
        }
        Stamp {
            minutes,
            seconds: rng.below(60) as u32,
        }
    }

    /// Some hours or days before.
    fn before(self, rng: &mut Rng) -> Self {
        Stamp {
            minutes: self.minutes - 60 - rng.below(3 * 1440) as i64,
            seconds: rng.below(60) as u32,
        }
    }

    fn rfc2822(self) -> String {
        let p = self.parts();
        format!(
            "{}, {} {} {} {:02}:{:02}:{:02} +0900",
            WEEKDAYS[p.weekday],
            p.day,
            MONTHS[p.month as usize - 1],
            p.year,
            p.hour,
            p.minute,
            p.second
        )
    }

    fn asctime(self) -> String {
        let p = self.parts();
        format!(
            "{} {} {:>2} {:02}:{:02}:{:02} {}",
            WEEKDAYS[p.weekday],
            MONTHS[p.month as usize - 1],
            p.day,
            p.hour,
            p.minute,
            p.second,
            p.year
        )
    }

    fn japanese(self) -> String {
        let p = self.parts();
        format!(
            "{}年{}月{}日({}) {}:{:02}",
            p.year, p.month, p.day, WEEKDAYS_JA[p.weekday], p.hour, p.minute
        )
    }

    fn english_long(self) -> String {
        let p = self.parts();
        let (h, ampm) = match p.hour {
            0 => (12, "AM"),
            1..=11 => (p.hour, "AM"),
            12 => (12, "PM"),
            _ => (p.hour - 12, "PM"),
        };
        format!(
            "{}, {} {}, {} {}:{:02} {}",
            WEEKDAYS_LONG[p.weekday],
            MONTHS_LONG[p.month as usize - 1],
            p.day,
            p.year,
            h,
            p.minute,
            ampm
        )
    }

    fn compact(self) -> String {
        let p = self.parts();
        format!(
            "{}{:02}{:02}{:02}{:02}{:02}",
            p.year, p.month, p.day, p.hour, p.minute, p.second
        )
    }
}

// ---------------------------------------------------------------------------------
// Messages and their bytes
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Mailbox {
    name: Option<String>,
    address: String,
}

impl Mailbox {
    fn new(name: Option<String>, address: &str) -> Self {
        Mailbox {
            name,
            address: address.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
struct Attachment {
    name: String,
    content_type: &'static str,
    bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Mail {
    from: Mailbox,
    to: Vec<Mailbox>,
    cc: Vec<Mailbox>,
    bcc: Vec<Mailbox>,
    subject: String,
    date: Stamp,
    message_id: Option<String>,
    in_reply_to: Option<String>,
    body: Vec<String>,
    attachments: Vec<Attachment>,
    mailer: usize,
}

/// How a message's text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Charset {
    Jis,
    Utf8Base64,
    Utf8Qp,
    Utf8Bit,
    ShiftJis,
    Cp932,
}

impl Charset {
    /// ~40 % ISO-2022-JP, ~35 % UTF-8, ~25 % Shift_JIS.
    fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..40 => Charset::Jis,
            40..55 => Charset::Utf8Base64,
            55..65 => Charset::Utf8Qp,
            65..75 => Charset::Utf8Bit,
            75..90 => Charset::ShiftJis,
            _ => Charset::Cp932,
        }
    }

    /// The n-th of a rotation through all three families.
    fn rotate(n: usize, rng: &mut Rng) -> Self {
        match n % 3 {
            0 => Charset::Jis,
            1 => rng.one(&[Charset::Utf8Base64, Charset::Utf8Qp, Charset::Utf8Bit]),
            _ => rng.one(&[Charset::ShiftJis, Charset::Cp932]),
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            Charset::Jis => ISO_2022_JP,
            Charset::ShiftJis | Charset::Cp932 => SHIFT_JIS,
            _ => UTF_8,
        }
    }

    fn header_label(self) -> &'static str {
        match self {
            Charset::Jis => "ISO-2022-JP",
            Charset::ShiftJis | Charset::Cp932 => "Shift_JIS",
            _ => "UTF-8",
        }
    }

    fn body_label(self) -> &'static str {
        match self {
            Charset::Jis => "ISO-2022-JP",
            Charset::ShiftJis => "Shift_JIS",
            Charset::Cp932 => "cp932",
            _ => "UTF-8",
        }
    }
}

/// Line endings of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Eol {
    Crlf,
    /// CRLF headers, LF body (a client that stored what it was given).
    Mixed,
    Lf,
}

impl Eol {
    fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..82 => Eol::Crlf,
            82..93 => Eol::Mixed,
            _ => Eol::Lf,
        }
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            B64[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            B64[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

fn encode(text: &str, charset: Charset) -> (Vec<u8>, bool) {
    let (bytes, _, errors) = charset.encoding().encode(text);
    (bytes.into_owned(), errors)
}

/// Every text of the mail can be written in `charset`.
fn encodable(mail: &Mail, charset: Charset) -> bool {
    let names = mail
        .to
        .iter()
        .chain(&mail.cc)
        .chain(std::iter::once(&mail.from))
        .filter_map(|m| m.name.as_deref());
    let texts = mail
        .body
        .iter()
        .map(String::as_str)
        .chain(names)
        .chain(std::iter::once(mail.subject.as_str()))
        .chain(mail.attachments.iter().map(|a| a.name.as_str()));
    texts.into_iter().all(|t| !encode(t, charset).1)
}

/// RFC 2047 encoded words for `text`, a few characters each.
fn encoded_words(text: &str, charset: Charset, q: bool) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let per_word = if q { 6 } else { 10 };
    chars
        .chunks(per_word)
        .map(|chunk| {
            let piece: String = chunk.iter().collect();
            let (bytes, _) = encode(&piece, charset);
            if q {
                let mut word = format!("=?{}?Q?", charset.header_label());
                for &b in &bytes {
                    match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'!' | b'*' | b'+' | b'-' => {
                            word.push(b as char);
                        }
                        b' ' => word.push('_'),
                        _ => {
                            let _ = write!(word, "={b:02X}");
                        }
                    }
                }
                word.push_str("?=");
                word
            } else {
                format!("=?{}?B?{}?=", charset.header_label(), base64(&bytes))
            }
        })
        .collect()
}

/// An unstructured header value as folded tokens: a leading ASCII part ("Re: ") kept,
/// the rest encoded when it is not ASCII.
fn unstructured(text: &str, charset: Charset, q: bool) -> Vec<String> {
    if text.is_ascii() {
        return vec![text.to_string()];
    }
    let split = text
        .char_indices()
        .take_while(|(_, c)| c.is_ascii())
        .filter(|(_, c)| *c == ' ')
        .map(|(i, _)| i + 1)
        .last()
        .unwrap_or(0);
    let (head, rest) = text.split_at(split);
    let mut words = encoded_words(rest, charset, q);
    if !head.is_empty() {
        let first = format!("{}{}", head, words[0]);
        words[0] = first;
    }
    words
}

fn phrase(name: &str, charset: Charset, q: bool) -> Vec<String> {
    if name.is_ascii() {
        if name.chars().any(|c| "()<>@,;:\\\".[]".contains(c)) {
            vec![format!(
                "\"{}\"",
                name.replace('\\', "\\\\").replace('"', "\\\"")
            )]
        } else {
            vec![name.to_string()]
        }
    } else {
        encoded_words(name, charset, q)
    }
}

/// A header as physical lines (continuations start with a space).
fn header(name: &str, tokens: &[String]) -> Vec<String> {
    let mut lines = vec![format!("{name}:")];
    for token in tokens {
        let last = lines.last_mut().expect("a line");
        if last.len() + 1 + token.len() <= 76 || last.ends_with(':') {
            last.push(' ');
            last.push_str(token);
        } else {
            lines.push(format!(" {token}"));
        }
    }
    lines
}

fn address_header(name: &str, boxes: &[Mailbox], charset: Charset, q: bool) -> Vec<String> {
    let mut tokens = Vec::new();
    for (i, m) in boxes.iter().enumerate() {
        let last = i + 1 == boxes.len();
        let comma = if last { "" } else { "," };
        match &m.name {
            Some(n) => {
                tokens.extend(phrase(n, charset, q));
                tokens.push(format!("<{}>{comma}", m.address));
            }
            None => tokens.push(format!("{}{comma}", m.address)),
        }
    }
    header(name, &tokens)
}

fn quoted_printable(line: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &b) in line.iter().enumerate() {
        let last = i + 1 == line.len();
        let piece = match b {
            b'=' => "=3D".to_string(),
            b' ' | b'\t' if last => format!("={b:02X}"),
            33..=126 | b' ' | b'\t' => (b as char).to_string(),
            _ => format!("={b:02X}"),
        };
        if current.len() + piece.len() > 75 {
            current.push('=');
            out.push(std::mem::take(&mut current));
        }
        current.push_str(&piece);
    }
    out.push(current);
    out
}

/// The text part's body lines (already transfer-encoded), its charset label and
/// transfer encoding.
fn text_body(lines: &[String], charset: Charset) -> (Vec<Vec<u8>>, &'static str) {
    match charset {
        Charset::Utf8Base64 => {
            let mut text = Vec::new();
            for line in lines {
                text.extend_from_slice(line.as_bytes());
                text.extend_from_slice(b"\r\n");
            }
            let encoded = base64(&text);
            let out = encoded.as_bytes().chunks(76).map(<[u8]>::to_vec).collect();
            (out, "base64")
        }
        Charset::Utf8Qp => {
            let out = lines
                .iter()
                .flat_map(|l| quoted_printable(l.as_bytes()))
                .map(String::into_bytes)
                .collect();
            (out, "quoted-printable")
        }
        Charset::Utf8Bit => (
            lines.iter().map(|l| l.as_bytes().to_vec()).collect(),
            "8bit",
        ),
        Charset::Jis => (lines.iter().map(|l| encode(l, charset).0).collect(), "7bit"),
        Charset::ShiftJis | Charset::Cp932 => {
            (lines.iter().map(|l| encode(l, charset).0).collect(), "8bit")
        }
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Content-Type and Content-Disposition lines naming an attachment.
fn attachment_headers(a: &Attachment, charset: Charset, style: usize) -> Vec<String> {
    if a.name.is_ascii() {
        return vec![
            format!("Content-Type: {}; name=\"{}\"", a.content_type, a.name),
            format!("Content-Disposition: attachment; filename=\"{}\"", a.name),
        ];
    }
    let words = encoded_words(&a.name, charset, false);
    let quoted = words.join("\r\n ");
    let mut lines = Vec::new();
    let mut push_folded = |text: String| lines.extend(text.split("\r\n").map(str::to_string));
    push_folded(format!(
        "Content-Type: {};\r\n name=\"{quoted}\"",
        a.content_type
    ));
    if style.is_multiple_of(2) {
        // RFC 2047 in the parameter, as Outlook and older Thunderbird write it.
        push_folded(format!(
            "Content-Disposition: attachment;\r\n filename=\"{quoted}\""
        ));
    } else {
        // RFC 2231, continued when long.
        let encoded = percent_encode(&a.name);
        let mut text = String::from("Content-Disposition: attachment;");
        if encoded.len() <= 60 {
            let _ = write!(text, "\r\n filename*=UTF-8''{encoded}");
        } else {
            // Continued, each piece whole characters (as clients write it).
            let mut pieces = vec![String::new()];
            for c in a.name.chars() {
                let piece = percent_encode(c.encode_utf8(&mut [0; 4]));
                if pieces.last().is_some_and(|p| p.len() + piece.len() > 54) {
                    pieces.push(String::new());
                }
                pieces.last_mut().expect("a piece").push_str(&piece);
            }
            let last = pieces.len() - 1;
            for (n, piece) in pieces.iter().enumerate() {
                let prefix = if n == 0 { "UTF-8''" } else { "" };
                let sep = if n == last { "" } else { ";" };
                let _ = write!(text, "\r\n filename*{n}*={prefix}{piece}{sep}");
            }
        }
        push_folded(text);
    }
    lines
}

/// The message's bytes, with the chosen charset (UTF-8 base64 when a text cannot be
/// written in it) and line endings.
fn render(mail: &Mail, charset: Charset, eol: Eol, seq: u64) -> Vec<u8> {
    let charset = if encodable(mail, charset) {
        charset
    } else {
        Charset::Utf8Base64
    };
    let q = matches!(charset, Charset::Utf8Qp) && seq.is_multiple_of(2);
    let mut head: Vec<String> = Vec::new();
    if let Some(id) = &mail.message_id {
        head.push(format!("Message-ID: {id}"));
    }
    head.push(format!("Date: {}", mail.date.rfc2822()));
    head.extend(address_header(
        "From",
        std::slice::from_ref(&mail.from),
        charset,
        q,
    ));
    head.extend(address_header("To", &mail.to, charset, q));
    if !mail.cc.is_empty() {
        head.extend(address_header("Cc", &mail.cc, charset, q));
    }
    if !mail.bcc.is_empty() {
        head.extend(address_header("Bcc", &mail.bcc, charset, q));
    }
    head.extend(header("Subject", &unstructured(&mail.subject, charset, q)));
    if let Some(parent) = &mail.in_reply_to {
        head.push(format!("In-Reply-To: {parent}"));
        head.push(format!("References: {parent}"));
    }
    match mail.mailer % 3 {
        0 => head.push(
            "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.10.1"
                .to_string(),
        ),
        1 => head.push("X-Mailer: Microsoft Outlook 16.0".to_string()),
        _ => {}
    }
    head.push("MIME-Version: 1.0".to_string());

    let (text, cte) = text_body(&mail.body, charset);
    let label = charset.body_label();
    let text_type = if seq.is_multiple_of(3) {
        format!("Content-Type: text/plain; charset={label}; format=flowed")
    } else {
        format!("Content-Type: text/plain; charset=\"{label}\"")
    };
    let mut body: Vec<Vec<u8>> = Vec::new();
    if mail.attachments.is_empty() {
        head.push(text_type);
        head.push(format!("Content-Transfer-Encoding: {cte}"));
        body = text;
    } else {
        let boundary = format!(
            "------------{:016X}{:08X}",
            seq.wrapping_mul(0x9E37_79B9),
            seq
        );
        head.push(format!(
            "Content-Type: multipart/mixed;\r\n boundary=\"{boundary}\""
        ));
        let mut push = |line: &str| body.push(line.as_bytes().to_vec());
        push("This is a multi-part message in MIME format.");
        push(&format!("--{boundary}"));
        push(&text_type);
        push(&format!("Content-Transfer-Encoding: {cte}"));
        push("");
        body.extend(text);
        for (i, a) in mail.attachments.iter().enumerate() {
            body.push(Vec::new());
            body.push(format!("--{boundary}").into_bytes());
            for line in attachment_headers(a, charset, seq as usize + i) {
                body.push(line.into_bytes());
            }
            body.push(b"Content-Transfer-Encoding: base64".to_vec());
            body.push(Vec::new());
            for chunk in base64(&a.bytes).as_bytes().chunks(76) {
                body.push(chunk.to_vec());
            }
        }
        body.push(Vec::new());
        body.push(format!("--{boundary}--").into_bytes());
    }

    let head_eol: &[u8] = if eol == Eol::Lf { b"\n" } else { b"\r\n" };
    let body_eol: &[u8] = if eol == Eol::Crlf { b"\r\n" } else { b"\n" };
    let mut out = Vec::with_capacity(2048);
    for line in &head {
        // Folded headers carry "\r\n " inside; write each physical line.
        for (i, physical) in line.split("\r\n").enumerate() {
            if i > 0 && !physical.starts_with(' ') {
                out.push(b' ');
            }
            out.extend_from_slice(physical.as_bytes());
            out.extend_from_slice(head_eol);
        }
    }
    out.extend_from_slice(head_eol);
    for line in &body {
        out.extend_from_slice(line);
        out.extend_from_slice(body_eol);
    }
    out
}

/// A tiny valid PDF.
fn pdf(title: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 20 50 Td ({title}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        let _ = write!(out, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.into_bytes()
}

fn attachment(name: &str) -> Attachment {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let (content_type, bytes) = match ext.as_str() {
        "pdf" => ("application/pdf", pdf("Document")),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            empty_zip(),
        ),
        "docx" => (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            empty_zip(),
        ),
        "pptx" => (
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            empty_zip(),
        ),
        "csv" => (
            "text/csv",
            "品目,数量\r\n保守作業,1\r\n".as_bytes().to_vec(),
        ),
        _ => ("text/plain", b"memo\r\n".to_vec()),
    };
    Attachment {
        name: name.to_string(),
        content_type,
        bytes,
    }
}

/// An empty zip archive (the end-of-central-directory record only).
fn empty_zip() -> Vec<u8> {
    let mut z = b"PK\x05\x06".to_vec();
    z.extend_from_slice(&[0; 18]);
    z
}

// ---------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------

const ITEMS: [&str; 10] = [
    "サーバ保守契約",
    "ネットワーク機器更新",
    "業務システム改修",
    "ライセンス更新",
    "クラウド移行",
    "社内LAN工事",
    "PC入替",
    "勤怠システム導入",
    "バックアップ装置",
    "セキュリティ診断",
];
const ITEMS_EN: [&str; 5] = [
    "server maintenance",
    "network equipment",
    "license renewal",
    "cloud migration",
    "security assessment",
];

#[derive(Debug, Clone, Copy)]
enum Topic {
    Estimate,
    Meeting,
    Invoice,
    Delivery,
    Documents,
    Answer,
    Thanks,
}

const TOPICS: [Topic; 7] = [
    Topic::Estimate,
    Topic::Meeting,
    Topic::Invoice,
    Topic::Delivery,
    Topic::Documents,
    Topic::Answer,
    Topic::Thanks,
];

struct Fill {
    item: &'static str,
    item_en: &'static str,
    month: u32,
    day: u32,
    hour: u32,
}

impl Fill {
    fn draw(rng: &mut Rng) -> Self {
        Fill {
            item: rng.one(&ITEMS),
            item_en: rng.one(&ITEMS_EN),
            month: 1 + rng.below(12) as u32,
            day: 1 + rng.below(28) as u32,
            hour: 10 + rng.below(7) as u32,
        }
    }

    fn apply(&self, template: &str) -> String {
        template
            .replace("{item}", self.item)
            .replace("{item_en}", self.item_en)
            .replace("{m}", &self.month.to_string())
            .replace("{m2}", &(self.month % 12 + 1).to_string())
            .replace("{d}", &self.day.to_string())
            .replace("{h}", &self.hour.to_string())
    }
}

fn subject_for(topic: Topic, fill: &Fill, rng: &mut Rng) -> String {
    let options: &[&str] = match topic {
        Topic::Estimate => &[
            "【お見積り】{item}の件",
            "{item} お見積書送付のご案内",
            "御見積書送付の件",
        ],
        Topic::Meeting => &[
            "お打合せ日程のご相談",
            "{m}月{d}日 打合せの件",
            "定例会のご案内",
        ],
        Topic::Invoice => &["{m}月分ご請求書の送付", "請求書送付のご案内"],
        Topic::Delivery => &["{item} 納品のご連絡", "納品書送付の件"],
        Topic::Documents => &["資料送付の件", "{item} ご提案資料"],
        Topic::Answer => &["お問い合わせの件", "{item}についてのご回答"],
        Topic::Thanks => &["本日の御礼", "先日の御礼（{item}）"],
    };
    fill.apply(rng.one(options))
}

fn subject_en(topic: Topic, fill: &Fill, rng: &mut Rng) -> String {
    let options: &[&str] = match topic {
        Topic::Estimate => &["Quotation for {item_en}", "Our quotation ({item_en})"],
        Topic::Meeting | Topic::Thanks => &["Meeting on {m}/{d}", "Thank you for the meeting"],
        Topic::Invoice => &["Invoice for {item_en}"],
        _ => &["Documents for {item_en}", "Your question about {item_en}"],
    };
    fill.apply(rng.one(options))
}

fn content_lines(topic: Topic, fill: &Fill, rng: &mut Rng) -> Vec<String> {
    let options: &[&str] = match topic {
        Topic::Estimate => &[
            "先日ご依頼いただきました{item}のお見積りをお送りいたします。",
            "ご査収のほど、よろしくお願いいたします。",
            "納期は{m}月{d}日頃を予定しております。",
            "ご不明な点がございましたら、お気軽にお問い合わせください。",
            "なお、お見積りの有効期限は発行日より30日間となっております。",
        ],
        Topic::Meeting => &[
            "{m}月{d}日の打合せの件でご連絡いたしました。",
            "当日は{h}時に貴社へお伺いする予定です。",
            "ご都合が悪い場合は、お手数ですがお知らせください。",
            "議題は{item}の進め方を予定しております。",
        ],
        Topic::Invoice => &[
            "{m}月分の請求書をお送りいたします。",
            "お支払期日は{m2}月末日となっております。",
            "お手数ですが、ご確認のほどよろしくお願いいたします。",
        ],
        Topic::Delivery => &[
            "ご注文いただきました{item}の件、本日発送いたしました。",
            "到着は{m}月{d}日を予定しております。",
            "納品書は別途郵送いたします。",
        ],
        Topic::Documents => &[
            "{item}に関する資料をお送りいたします。",
            "先日の打合せでご説明した内容をまとめております。",
            "ご検討のほど、よろしくお願いいたします。",
        ],
        Topic::Answer => &[
            "お問い合わせいただきました{item}の件、回答いたします。",
            "現行の構成のままでも対応可能です。",
            "詳細は改めてご説明させていただきます。",
        ],
        Topic::Thanks => &[
            "本日はお忙しいところお時間をいただき、誠にありがとうございました。",
            "いただいたご意見は社内で共有いたします。",
            "{item}の件、引き続き検討を進めてまいります。",
        ],
    };
    let n = 2 + rng.below(options.len().min(4) - 1);
    options[..n].iter().map(|t| fill.apply(t)).collect()
}

fn content_en(fill: &Fill, rng: &mut Rng) -> Vec<String> {
    let mut lines = vec![fill.apply(rng.one(&[
        "Please find attached our quotation for {item_en}.",
        "Thank you for your inquiry about {item_en}.",
        "I am writing about the schedule for {item_en}.",
    ]))];
    if rng.percent(40) {
        // A body line starting with "From " (escaped as ">From " in the mbox).
        lines.push("From next week, our office hours will be 9:00 to 17:30 JST.".to_string());
    }
    lines.push(
        rng.pick(&[
            "Please let me know if you have any questions.",
            "We look forward to hearing from you.",
        ])
        .to_string(),
    );
    lines
}

fn closing(rng: &mut Rng) -> String {
    rng.pick(&[
        "よろしくお願いいたします。",
        "引き続きよろしくお願い申し上げます。",
        "以上、よろしくお願いいたします。",
        "何卒よろしくお願いいたします。",
    ])
    .to_string()
}

fn greeting(rng: &mut Rng, first: bool) -> Vec<String> {
    if first {
        return vec![
            "初めてご連絡いたします。".to_string(),
            "株式会社さくらシステム 営業部の鈴木と申します。".to_string(),
        ];
    }
    let hello = rng.one(&[
        "いつもお世話になっております。",
        "お世話になっております。",
        "平素より大変お世話になっております。",
        "いつも大変お世話になっております。",
    ]);
    let me = rng.one(&[
        "株式会社さくらシステムの鈴木です。",
        "さくらシステムの鈴木でございます。",
        "さくらシステム 営業部の鈴木です。",
    ]);
    if rng.percent(50) {
        vec![format!("{hello}{me}")]
    } else {
        vec![hello.to_string(), me.to_string()]
    }
}

fn signature(rng: &mut Rng) -> Vec<String> {
    let lines: &[&str] = match rng.below(3) {
        0 => &[
            "--",
            "株式会社さくらシステム",
            "営業部　鈴木 一郎",
            "〒105-0011 東京都港区芝公園1-2-3 さくらビル5F",
            "TEL: 03-1234-5678　FAX: 03-1234-5679",
            "E-mail: suzuki@sakura-sys.co.jp",
        ],
        1 => &[
            "━━━━━━━━━━━━━━━━━━━━",
            "株式会社さくらシステム 営業部",
            "鈴木一郎（Ichiro Suzuki）",
            "TEL: 03-1234-5678 / 携帯: 090-1234-5678",
            "━━━━━━━━━━━━━━━━━━━━",
        ],
        _ => &[
            "------------------------------",
            "株式会社さくらシステム 営業部 鈴木一郎",
            "TEL: 03-1234-5678",
        ],
    };
    lines.iter().map(|s| s.to_string()).collect()
}

fn signature_en() -> Vec<String> {
    [
        "Best regards,",
        "",
        "Ichiro Suzuki",
        "Sales Department, Sakura System Co., Ltd.",
        "Tel: +81-3-1234-5678",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// How the 宛名 block names the recipient.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sal {
    /// 楓商事株式会社 / 営業部 田中様 (two or three lines).
    OrgDeptPerson,
    /// 楓商事株式会社 田中様 (one line).
    OrgPerson,
    /// 楓商事 田中様 (the name without legal form).
    ShortPerson,
    /// 田中様 / 田中 太郎 様.
    PersonOnly,
    /// No 宛名 (the greeting first).
    None,
}

impl Sal {
    fn draw(rng: &mut Rng) -> Self {
        match rng.below(100) {
            0..32 => Sal::OrgDeptPerson,
            32..48 => Sal::OrgPerson,
            48..64 => Sal::ShortPerson,
            64..88 => Sal::PersonOnly,
            _ => Sal::None,
        }
    }
}

fn legal_form<'a>(org: &'a Org, rng: &mut Rng, odd: bool) -> &'a str {
    if odd && !org.odd_forms.is_empty() {
        rng.one(&org.odd_forms)
    } else if org.forms.len() > 1 && rng.percent(40) {
        rng.one(&org.forms)
    } else {
        org.legal
    }
}

/// A space as people type it between the parts of a 宛名: mostly ASCII, now and then
/// the full-width one.
fn space(rng: &mut Rng) -> &'static str {
    if rng.percent(25) { "\u{3000}" } else { " " }
}

/// A legal name as people write it: （株） for (株), a space after 株式会社 and the like.
fn written(form: &str, rng: &mut Rng) -> String {
    if let Some(rest) = form.strip_prefix("(株)")
        && rng.percent(40)
    {
        return format!("（株）{rest}");
    }
    for legal in ["株式会社", "有限会社", "合同会社"] {
        if rng.percent(15) {
            if let Some(rest) = form.strip_prefix(legal) {
                return format!("{legal}{}{rest}", space(rng));
            }
            if let Some(rest) = form.strip_suffix(legal) {
                return format!("{rest}{}{legal}", space(rng));
            }
        }
    }
    form.to_string()
}

/// The 宛名 lines for one person (English: the lines before "Dear …", without it).
fn salutation(org: &Org, p: &Person, style: Sal, rng: &mut Rng, odd: bool) -> Vec<String> {
    let form = written(legal_form(org, rng, odd), rng);
    if org.english {
        return match style {
            Sal::OrgDeptPerson | Sal::OrgPerson => {
                vec![format!("{} {} {}", p.title_en, p.given, p.surname), form]
            }
            _ => vec![],
        };
    }
    let sp = space(rng);
    if p.desk {
        let who = if p.surname.is_empty() {
            format!("{}ご担当者様", p.dept)
        } else {
            format!("{}{sp}{}様", p.dept, p.surname)
        };
        return match style {
            Sal::None => vec![],
            Sal::OrgDeptPerson => vec![form, who],
            Sal::ShortPerson => vec![format!("{}{sp}{who}", org.short)],
            _ => vec![format!("{form}{sp}御中")],
        };
    }
    // 部長 田中様: a title before the name, now and then.
    let title = if !p.dept.is_empty() && rng.percent(15) {
        format!("{}{sp}", rng.one(&["部長", "課長", "主任"]))
    } else {
        String::new()
    };
    let dept = if p.dept.is_empty() {
        String::new()
    } else {
        format!("{}{sp}{title}", p.dept)
    };
    match style {
        Sal::OrgDeptPerson => match rng.below(3) {
            0 => vec![form, format!("{dept}{}様", p.surname)],
            1 if !p.dept.is_empty() => vec![
                form,
                p.dept.to_string(),
                format!("{title}{}{sp}{}{sp}様", p.surname, p.given),
            ],
            _ => vec![form, format!("{dept}{}{sp}{}様", p.surname, p.given)],
        },
        Sal::OrgPerson => vec![format!("{form}{sp}{dept}{}様", p.surname)],
        Sal::ShortPerson => {
            if rng.percent(50) {
                vec![format!("{}{sp}{}様", org.short, p.surname)]
            } else {
                vec![org.short.to_string(), format!("{}様", p.surname)]
            }
        }
        Sal::PersonOnly => match rng.below(20) {
            0..11 => vec![format!("{}様", p.surname)],
            11..17 => vec![format!("{}{sp}{}{sp}様", p.surname, p.given)],
            _ => vec![format!("{}さん", p.surname)],
        },
        Sal::None => vec![],
    }
}

/// The display name an address book or a reply gives a person.
fn display(org: &Org, p: &Person, style: usize) -> Option<String> {
    if org.english {
        return match style % 4 {
            0 => Some(format!("{} {}", p.given, p.surname)),
            1 => Some(format!("{}, {}", p.surname, p.given)),
            2 => Some(format!("{} {} ({})", p.given, p.surname, org.short)),
            _ => None,
        };
    }
    if p.desk {
        return match style % 4 {
            0 => Some(org.legal.to_string()),
            1 => Some(format!("{} {}", org.short, p.dept)),
            2 => None,
            _ => Some("info".to_string()),
        };
    }
    match style % 9 {
        0 => Some(format!("{} {}", p.surname, p.given)),
        1 => Some(format!("{} {}様", org.short, p.surname)),
        2 => Some(format!("{} {}（{}）", p.surname, p.given, org.short)),
        3 => Some(format!("{} {}", p.given_en, p.surname_en)),
        4 => None,
        5 => Some(format!("{}{}", p.surname, p.given)),
        6 => Some(format!("{} {} 様", p.surname, p.given)),
        7 => Some(format!("{} {}/{}", p.surname, p.given, org.legal)),
        _ => Some(format!("{} {}", p.surname_en, p.given_en)),
    }
}

fn mailbox(org: &Org, p: &Person, rng: &mut Rng) -> Mailbox {
    Mailbox::new(display(org, p, rng.below(9)), &p.address)
}

fn colleague_box(c: &Person, rng: &mut Rng) -> Mailbox {
    let name = match rng.below(3) {
        0 => Some(format!("{} {}", c.surname, c.given)),
        1 => Some(format!("{}{}", c.surname, c.given)),
        _ => None,
    };
    Mailbox::new(name, &c.address)
}

fn me_box(world: &World, rng: &mut Rng) -> Mailbox {
    let me = &world.me;
    match rng.below(100) {
        0..55 => Mailbox::new(Some(format!("{} {}", me.surname, me.given)), &me.address),
        55..75 => Mailbox::new(Some("Ichiro Suzuki".to_string()), &me.address),
        75..90 => Mailbox::new(Some(format!("{}{}", me.surname, me.given)), &me.address),
        90..98 => Mailbox::new(None, &me.address),
        // Some clients keep the case the account was typed in.
        _ => Mailbox::new(
            Some(format!("{} {}", me.surname, me.given)),
            "suzuki@Sakura-Sys.co.jp",
        ),
    }
}

#[allow(clippy::too_many_arguments)]
/// The quoted original of a reply: what `p` of `org` wrote to the sender, perhaps
/// naming a third organisation.
fn quote(
    world: &World,
    org: &Org,
    p: &Person,
    third: Option<(&Org, &Person)>,
    when: Stamp,
    subject: &str,
    style: usize,
    rng: &mut Rng,
) -> Vec<String> {
    let mut inner: Vec<String> = Vec::new();
    let writer = if p.surname.is_empty() {
        format!("{} {}", org.short, p.dept)
    } else {
        format!("{} {}", p.surname, p.given)
    };
    if org.english {
        inner.push("Dear Mr. Suzuki,".to_string());
        inner.push(String::new());
        inner.push("Thank you for your email.".to_string());
        if let Some((t, _)) = third {
            inner.push(format!(
                "We have also shared this with {} ({}).",
                t.short, t.legal
            ));
        }
        inner.push("We will get back to you shortly.".to_string());
        inner.push(String::new());
        inner.push("Best regards,".to_string());
        inner.push(format!("{} {}", p.given, p.surname));
        inner.push(org.legal.to_string());
    } else {
        inner.push(world.company.to_string());
        inner.push(format!("{} {}様", world.me.dept, world.me.surname));
        if let Some((t, tp)) = third
            && rng.percent(50)
            && !tp.surname.is_empty()
            && !t.english
        {
            inner.push(format!("{} {}様", legal_form(t, rng, false), tp.surname));
        }
        inner.push(String::new());
        inner.push("いつもお世話になっております。".to_string());
        let me_line = if p.surname.is_empty() {
            format!("{}です。", org.short)
        } else {
            format!("{}の{}です。", org.short, p.surname)
        };
        inner.push(me_line);
        inner.push(String::new());
        inner.push(
            rng.pick(&[
                "お見積りありがとうございます。",
                "ご連絡ありがとうございます。",
                "内容を確認いたしました。",
                "日程の件、承知いたしました。",
            ])
            .to_string(),
        );
        if let Some((t, _)) = third {
            inner.push(match rng.below(3) {
                0 => format!("なお、本件は{}様とも共有しております。", t.short),
                1 => format!(
                    "{}さんの見積とも比較のうえ、改めてご連絡いたします。",
                    t.short
                ),
                _ => format!(
                    "{}の担当者様にもご同席いただく予定です。",
                    legal_form(t, rng, false)
                ),
            });
        }
        inner.push("社内で検討のうえ、改めてご連絡いたします。".to_string());
        inner.push(String::new());
        inner.push("よろしくお願いいたします。".to_string());
        inner.push(String::new());
        inner.push("----------------------------------".to_string());
        inner.push(org.legal.to_string());
        inner.push(format!("{} {}", p.dept, writer).trim().to_string());
        inner.push(format!("TEL: {}", org.phone));
        inner.push("----------------------------------".to_string());
    }
    let from = format!("{writer} <{}>", p.address);
    let me = format!(
        "{} {} <{}>",
        world.me.surname, world.me.given, world.me.address
    );
    let mut out = Vec::new();
    match style % 3 {
        0 => {
            if org.english || rng.percent(30) {
                out.push(format!(
                    "On {}, {from} wrote:",
                    when.english_long().replace(',', "")
                ));
            } else {
                out.push(format!("{} {from}:", when.japanese()));
            }
            for line in inner {
                if line.is_empty() {
                    out.push(">".to_string());
                } else {
                    out.push(format!("> {line}"));
                }
            }
        }
        1 => {
            out.push("-----Original Message-----".to_string());
            out.push(format!("From: {from}"));
            out.push(format!("Sent: {}", when.english_long()));
            out.push(format!("To: {me}"));
            out.push(format!("Subject: {subject}"));
            out.push(String::new());
            out.extend(inner);
        }
        _ => {
            out.push("________________________________".to_string());
            out.push(format!("差出人: {from}"));
            out.push(format!("送信日時: {}", when.japanese()));
            out.push(format!("宛先: {me}"));
            out.push(format!("件名: {subject}"));
            out.push(String::new());
            out.extend(inner);
        }
    }
    out
}

/// What the sender's own text of a reply looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Own {
    /// 宛名, greeting, text, signature.
    Full,
    /// No 宛名: greeting, text, signature.
    NoSalutation,
    /// A short line or two and a name, no greeting.
    Short,
}

struct BodySpec<'a> {
    salutation: Vec<String>,
    english_dear: Option<String>,
    first: bool,
    topic: Topic,
    fill: &'a Fill,
    /// Lines after the greeting (e.g. naming another organisation).
    extra: Vec<String>,
    own: Own,
    quote: Option<Vec<String>>,
    cc_note: Option<String>,
}

fn compose(spec: BodySpec<'_>, rng: &mut Rng) -> Vec<String> {
    let mut body = Vec::new();
    if let Some(dear) = &spec.english_dear {
        if spec.own != Own::Short {
            body.extend(spec.salutation.iter().cloned());
            if !spec.salutation.is_empty() {
                body.push(String::new());
            }
            body.push(dear.clone());
            body.push(String::new());
            body.push("Thank you for your continued support.".to_string());
        }
        body.extend(content_en(spec.fill, rng));
        body.extend(spec.extra);
        body.push(String::new());
        body.extend(signature_en());
    } else if spec.own == Own::Short {
        body.push(
            rng.pick(&[
                "承知いたしました。",
                "ご連絡ありがとうございます。承知しました。",
                "ご確認ありがとうございます。",
            ])
            .to_string(),
        );
        body.extend(spec.extra);
        body.push(closing(rng));
        body.push(String::new());
        body.push("鈴木".to_string());
    } else {
        if spec.own == Own::Full && !spec.salutation.is_empty() {
            body.extend(spec.salutation.iter().cloned());
            if let Some(note) = &spec.cc_note {
                body.push(note.clone());
            }
            body.push(String::new());
        }
        body.extend(greeting(rng, spec.first));
        body.push(String::new());
        body.extend(content_lines(spec.topic, spec.fill, rng));
        body.extend(spec.extra);
        body.push(String::new());
        body.push(closing(rng));
        body.push(String::new());
        body.extend(signature(rng));
    }
    if let Some(q) = spec.quote {
        body.push(String::new());
        body.extend(q);
    }
    body
}

fn reply_prefix(rng: &mut Rng) -> &'static str {
    rng.one(&["Re: ", "RE: ", "Re: ", "Re: Re: ", "RE: Re: "])
}

fn message_id(stamp: Stamp, seq: u64, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!(
            "<{:08x}-{:04x}-{:04x}-{:012x}@sakura-sys.co.jp>",
            rng.next_u64() as u32,
            rng.next_u64() as u16,
            seq as u16,
            rng.next_u64() & 0xFFFF_FFFF_FFFF
        ),
        1 => format!(
            "<TYCPR01MB{:05}{:08X}@TYCPR01MB{:05}.jpnprd01.prod.outlook.com>",
            seq % 100_000,
            rng.next_u64() as u32,
            rng.below(100_000)
        ),
        _ => format!(
            "<{}.{seq:06}.{:06x}@sakura-sys.co.jp>",
            stamp.compact(),
            rng.below(1 << 24)
        ),
    }
}

fn parent_id(org: &Org, rng: &mut Rng) -> String {
    let domain = if org.freemail {
        "mail.gmail.com"
    } else {
        org.domain.as_str()
    };
    format!(
        "<{:016x}.{:04}@{domain}>",
        rng.next_u64(),
        rng.below(10_000)
    )
}

// ---------------------------------------------------------------------------------
// The Sent folder
// ---------------------------------------------------------------------------------

/// A generated Sent folder and what a learner should make of it.
#[derive(Debug, Clone)]
pub struct SentFolder {
    pub mbox: Vec<u8>,
    /// mbox entries (messages a reader finds).
    pub messages: usize,
    /// Distinct messages from the sender (what a first learn learns).
    pub from_me: usize,
    /// Messages from another address (to be skipped).
    pub not_me: usize,
    /// Exact repeats of an earlier message from the sender (seen before).
    pub duplicates: usize,
    /// Per outside or internal address (lower case): distinct messages from the sender
    /// that went to it (To or Cc).
    pub sends: BTreeMap<String, usize>,
    /// The recipient sets (To + Cc, lower case) of the distinct messages from the sender.
    pub recipient_sets: Vec<BTreeSet<String>>,
}

#[derive(Debug, Clone, Copy)]
enum Plan {
    Solo {
        org: usize,
        person: usize,
        alt: bool,
        first: bool,
    },
    Team(usize),
    Group(usize),
    Internal,
    NotMe,
    Duplicate,
}

fn plan(world: &World, count: usize, rng: &mut Rng) -> Vec<Plan> {
    let not_me = if count >= 20 {
        (count * 3 / 100).max(1)
    } else {
        0
    };
    let duplicates = if count >= 40 { (count / 70).max(1) } else { 0 };
    let internal = count * 15 / 100;
    let outside = count - not_me - duplicates - internal;

    let mut guaranteed = Vec::new();
    for (oi, o) in world.orgs.iter().enumerate() {
        for (pi, p) in o.people.iter().enumerate() {
            let n = if p.weight >= 3 { 4 } else { 3 };
            for k in 0..n {
                guaranteed.push(Plan::Solo {
                    org: oi,
                    person: pi,
                    alt: false,
                    first: k == 0,
                });
            }
            if p.alt_address.is_some() {
                guaranteed.push(Plan::Solo {
                    org: oi,
                    person: pi,
                    alt: true,
                    first: true,
                });
            }
        }
    }
    for g in 0..world.groups.len() {
        guaranteed.extend(std::iter::repeat_n(Plan::Group(g), 6));
    }
    for t in 0..world.teams.len() {
        guaranteed.extend(std::iter::repeat_n(Plan::Team(t), 3));
    }
    rng.shuffle(&mut guaranteed);
    guaranteed.truncate(outside);

    let weighted: Vec<(usize, usize)> = world
        .orgs
        .iter()
        .enumerate()
        .flat_map(|(oi, o)| {
            o.people
                .iter()
                .enumerate()
                .flat_map(move |(pi, p)| std::iter::repeat_n((oi, pi), p.weight))
        })
        .collect();
    let mut plans = guaranteed;
    while plans.len() < outside {
        let r = rng.below(100);
        plans.push(if r < 10 {
            Plan::Group(rng.below(world.groups.len()))
        } else if r < 16 {
            Plan::Team(rng.below(world.teams.len()))
        } else {
            let (org, person) = rng.one(&weighted);
            Plan::Solo {
                org,
                person,
                alt: false,
                first: false,
            }
        });
    }
    plans.extend(std::iter::repeat_n(Plan::Internal, internal));
    plans.extend(std::iter::repeat_n(Plan::NotMe, not_me));
    plans.extend(std::iter::repeat_n(Plan::Duplicate, duplicates));
    rng.shuffle(&mut plans);
    plans
}

/// A third organisation for a quote or a mention: not `org`.
fn third_party<'a>(world: &'a World, org: &Org, rng: &mut Rng) -> (&'a Org, &'a Person) {
    loop {
        let t = rng.pick(&world.orgs);
        if t.domain != org.domain && !t.freemail && !t.people.is_empty() {
            let p = rng.pick(&t.people);
            return (t, p);
        }
    }
}

fn attachment_name_for(org: &Org, fill: &Fill, rng: &mut Rng) -> String {
    if org.english {
        return format!("Quotation_{}.pdf", org.short.replace(' ', "_"));
    }
    match rng.below(5) {
        0 => format!("見積書_{}様.pdf", org.short),
        1 => format!("御見積書_{}様.pdf", org.legal),
        2 => format!("請求書_{}御中_{}月分.pdf", org.short, fill.month),
        3 => format!("{}様_打合せ資料.pdf", org.short),
        _ => format!("議事録_{:02}{:02}.pdf", fill.month, fill.day),
    }
}

struct SentMail {
    mail: Mail,
    from_me: bool,
}

fn solo_mail(
    world: &World,
    oi: usize,
    pi: usize,
    alt: bool,
    first: bool,
    stamp: Stamp,
    rng: &mut Rng,
) -> Mail {
    let o = &world.orgs[oi];
    let p = &o.people[pi];
    let fill = Fill::draw(rng);
    let topic = rng.one(&TOPICS);
    let mut to = mailbox(o, p, rng);
    if alt {
        to.address = p.alt_address.clone().expect("an alternative address");
    }
    let mut cc = Vec::new();
    let mut cc_note = None;
    if rng.percent(18) {
        let c = rng.one(&world.cc_colleagues());
        cc.push(colleague_box(c, rng));
        if rng.percent(50) {
            cc_note = Some(format!("（CC: 弊社 {}）", c.surname));
        }
    }
    let reply = !first && rng.percent(30);
    let style = if first {
        if rng.percent(60) {
            Sal::OrgDeptPerson
        } else {
            Sal::OrgPerson
        }
    } else {
        Sal::draw(rng)
    };
    let odd = !first && rng.percent(6);
    let sal = salutation(o, p, style, rng, odd);
    let mut subject = if o.english {
        subject_en(topic, &fill, rng)
    } else {
        subject_for(topic, &fill, rng)
    };
    let mut extra = Vec::new();
    if !o.english && rng.percent(10) {
        let (t, _) = third_party(world, o, rng);
        extra.push(format!("なお、{}様とも日程を調整しております。", t.short));
    }
    let mut own = Own::Full;
    let mut quoted = None;
    let mut in_reply_to = None;
    if reply {
        let original = subject.clone();
        subject = format!("{}{}", reply_prefix(rng), subject);
        own = match rng.below(100) {
            0..60 => Own::Full,
            60..85 => Own::NoSalutation,
            _ => Own::Short,
        };
        let third = rng.percent(25).then(|| third_party(world, o, rng));
        let style = rng.below(3);
        quoted = Some(quote(
            world,
            o,
            p,
            third,
            stamp.before(rng),
            &original,
            style,
            rng,
        ));
        in_reply_to = Some(parent_id(o, rng));
    }
    let english_dear = o.english.then(|| {
        if rng.percent(8) && !first {
            format!("Dear {},", p.given)
        } else {
            format!("Dear {} {},", p.title_en, p.surname)
        }
    });
    let body = compose(
        BodySpec {
            salutation: sal,
            english_dear,
            first: false,
            topic,
            fill: &fill,
            extra,
            own,
            quote: quoted,
            cc_note,
        },
        rng,
    );
    let attachments = if rng.percent(7) {
        vec![attachment(&attachment_name_for(o, &fill, rng))]
    } else {
        vec![]
    };
    Mail {
        from: me_box(world, rng),
        to: vec![to],
        cc,
        bcc: vec![],
        subject,
        date: stamp,
        message_id: None,
        in_reply_to,
        body,
        attachments,
        mailer: rng.below(3),
    }
}

fn team_salutation(o: &Org, people: &[&Person], rng: &mut Rng) -> Vec<String> {
    let form = written(legal_form(o, rng, false), rng);
    match rng.below(4) {
        0 => vec![
            form.to_string(),
            people
                .iter()
                .map(|p| format!("{}様", p.surname))
                .collect::<Vec<_>>()
                .join("、"),
        ],
        1 => {
            let mut lines = vec![form.to_string()];
            lines.extend(people.iter().map(|p| format!("{} {}様", p.dept, p.surname)));
            lines
        }
        2 => vec![format!(
            "{} {}",
            o.short,
            people
                .iter()
                .map(|p| format!("{}様", p.surname))
                .collect::<Vec<_>>()
                .join("、")
        )],
        _ => vec![form.to_string(), "ご担当者各位".to_string()],
    }
}

fn team_mail(world: &World, t: usize, stamp: Stamp, rng: &mut Rng) -> Mail {
    let team = &world.teams[t];
    let people: Vec<(&Org, &Person)> = team.to.iter().map(|a| world.person_of(a)).collect();
    let o = people[0].0;
    let fill = Fill::draw(rng);
    let topic = rng.one(&TOPICS);
    let mut subject = subject_for(topic, &fill, rng);
    let sal = team_salutation(o, &people.iter().map(|(_, p)| *p).collect::<Vec<_>>(), rng);
    let mut quoted = None;
    let mut in_reply_to = None;
    let mut own = Own::Full;
    if rng.percent(30) {
        let original = subject.clone();
        subject = format!("{}{}", reply_prefix(rng), subject);
        let (qo, qp) = people[rng.below(people.len())];
        let style = rng.below(3);
        quoted = Some(quote(
            world,
            qo,
            qp,
            None,
            stamp.before(rng),
            &original,
            style,
            rng,
        ));
        in_reply_to = Some(parent_id(o, rng));
        if rng.percent(30) {
            own = Own::NoSalutation;
        }
    }
    let body = compose(
        BodySpec {
            salutation: sal,
            english_dear: None,
            first: false,
            topic,
            fill: &fill,
            extra: vec![],
            own,
            quote: quoted,
            cc_note: None,
        },
        rng,
    );
    let mut cc = Vec::new();
    if rng.percent(20) {
        cc.push(colleague_box(rng.one(&world.cc_colleagues()), rng));
    }
    let attachments = if rng.percent(10) {
        vec![attachment(&attachment_name_for(o, &fill, rng))]
    } else {
        vec![]
    };
    Mail {
        from: me_box(world, rng),
        to: people.iter().map(|(o, p)| mailbox(o, p, rng)).collect(),
        cc,
        bcc: vec![],
        subject,
        date: stamp,
        message_id: None,
        in_reply_to,
        body,
        attachments,
        mailer: rng.below(3),
    }
}

fn group_salutation(world: &World, g: &Group, rng: &mut Rng) -> Vec<String> {
    match rng.below(4) {
        0 => vec!["関係者各位".to_string()],
        1 => vec![format!("{} 関係者各位", g.name)],
        2 => vec!["各位".to_string()],
        _ => {
            // One line per organisation, in the order the To names them.
            let mut lines: Vec<(String, Vec<&str>)> = Vec::new();
            for a in &g.to {
                let (o, p) = world.person_of(a);
                match lines.iter_mut().find(|(name, _)| *name == o.short) {
                    Some((_, names)) => names.push(p.surname),
                    None => lines.push((o.short.to_string(), vec![p.surname])),
                }
            }
            let mut out: Vec<String> = lines
                .into_iter()
                .map(|(short, names)| {
                    let o = world.org(&short);
                    let names: Vec<String> = names.iter().map(|s| format!("{s}様")).collect();
                    format!(
                        "{}{}{}",
                        written(legal_form(o, rng, false), rng),
                        space(rng),
                        names.join("、")
                    )
                })
                .collect();
            for c in &g.cc {
                if let Some(col) = world.colleagues.iter().find(|p| &p.address == c) {
                    out.push(format!("（CC: 弊社 {}）", col.surname));
                }
            }
            out
        }
    }
}

fn group_body_lines(g: &Group, fill: &Fill, n: usize, rng: &mut Rng) -> (String, Vec<String>) {
    let (subject, lines) = match rng.below(3) {
        0 => (
            format!("【{}】第{n}回定例会 議事録", g.tag),
            vec![
                format!("第{n}回定例会の議事録をお送りいたします。"),
                fill.apply("次回は{m}月{d}日 {h}時からを予定しております。"),
                "ご確認のほど、よろしくお願いいたします。".to_string(),
            ],
        ),
        1 => (
            format!("【{}】課題一覧の更新", g.tag),
            vec![
                "課題一覧を更新しましたのでご確認ください。".to_string(),
                fill.apply("ご意見があれば{m}月{d}日までにお知らせください。"),
            ],
        ),
        _ => (
            format!("【{}】次回定例会の日程", g.tag),
            vec![
                fill.apply("次回の定例会は{m}月{d}日 {h}時からでいかがでしょうか。"),
                "ご都合をお知らせいただけますと幸いです。".to_string(),
            ],
        ),
    };
    (subject, lines)
}

fn group_mail(world: &World, gi: usize, stamp: Stamp, rng: &mut Rng, with_cc: bool) -> Mail {
    let g = &world.groups[gi];
    let fill = Fill::draw(rng);
    let n = 1 + rng.below(20);
    let (mut subject, lines) = group_body_lines(g, &fill, n, rng);
    let sal = group_salutation(world, g, rng);
    let mut body = sal;
    body.push(String::new());
    body.extend(greeting(rng, false));
    body.push(String::new());
    body.extend(lines);
    body.push(String::new());
    body.push(closing(rng));
    body.push(String::new());
    body.extend(signature(rng));
    let mut in_reply_to = None;
    if rng.percent(30) {
        let original = subject.clone();
        subject = format!("{}{}", reply_prefix(rng), subject);
        let member: &String = rng.pick(&g.to);
        let (qo, qp) = world.person_of(member);
        let style = rng.below(3);
        body.push(String::new());
        body.extend(quote(
            world,
            qo,
            qp,
            None,
            stamp.before(rng),
            &original,
            style,
            rng,
        ));
        in_reply_to = Some(parent_id(qo, rng));
    }
    let to =
        g.to.iter()
            .map(|a| {
                let (o, p) = world.person_of(a);
                mailbox(o, p, rng)
            })
            .collect();
    let cc = if with_cc {
        g.cc.iter()
            .map(|a| {
                let c = world
                    .colleagues
                    .iter()
                    .find(|p| &p.address == a)
                    .expect("a colleague");
                colleague_box(c, rng)
            })
            .collect()
    } else {
        vec![]
    };
    let attachments = if rng.percent(15) {
        vec![attachment(&format!("議事録_{}_第{n}回.pdf", g.tag))]
    } else {
        vec![]
    };
    Mail {
        from: me_box(world, rng),
        to,
        cc,
        bcc: vec![],
        subject,
        date: stamp,
        message_id: None,
        in_reply_to,
        body,
        attachments,
        mailer: rng.below(3),
    }
}

fn internal_mail(world: &World, stamp: Stamp, rng: &mut Rng) -> Mail {
    let fill = Fill::draw(rng);
    let first: &Person = rng.pick(&world.colleagues);
    let mut to = vec![first];
    if rng.percent(30) {
        let second: &Person = rng.pick(&world.colleagues);
        if second.address != first.address {
            to.push(second);
        }
    }
    let o = rng.pick(&world.orgs);
    let mut body = Vec::new();
    match rng.below(5) {
        0 => body.push(format!("{}さん", to[0].surname)),
        1 => body.push(
            to.iter()
                .map(|c| format!("{}さん", c.surname))
                .collect::<Vec<_>>()
                .join("、"),
        ),
        2 => body.push("営業部各位".to_string()),
        3 => {
            // Names a customer before the greeting: internal mail is never mismatched.
            let p = rng.pick(&o.people);
            if p.surname.is_empty() || o.english {
                body.push(format!("{}様の件です。", o.short));
            } else {
                body.push(format!("{} {}様の件です。", o.legal, p.surname));
            }
        }
        _ => {}
    }
    if !body.is_empty() {
        body.push(String::new());
    }
    body.push("お疲れ様です。鈴木です。".to_string());
    body.push(String::new());
    let lines = [
        format!("{}様の{}の件、見積書を作成しました。", o.short, fill.item),
        "ご確認をお願いします。".to_string(),
        fill.apply("来週の定例会は{d}日に変更になりました。"),
        "出張精算の書類を提出しました。".to_string(),
        "会議室の予約をお願いできますでしょうか。".to_string(),
    ];
    let k = rng.below(lines.len() - 1);
    body.extend(lines[k..k + 2].iter().cloned());
    body.push(String::new());
    body.push("以上です。よろしくお願いします。".to_string());
    body.push(String::new());
    body.push("鈴木".to_string());
    let subject = rng
        .pick(&[
            format!("【共有】{}様 見積の件", o.short),
            "週報".to_string(),
            "会議室予約の件".to_string(),
            "Re: 出張精算について".to_string(),
            format!("【相談】{}様案件", o.short),
        ])
        .clone();
    let mut cc = Vec::new();
    if rng.percent(20) {
        cc.push(colleague_box(world.colleague("takagi"), rng));
    }
    let attachments = if rng.percent(8) {
        vec![attachment(&format!(
            "週報_{:02}{:02}.xlsx",
            fill.month, fill.day
        ))]
    } else {
        vec![]
    };
    Mail {
        from: me_box(world, rng),
        to: to.iter().map(|c| colleague_box(c, rng)).collect(),
        cc,
        bcc: vec![],
        subject,
        date: stamp,
        message_id: None,
        in_reply_to: None,
        body,
        attachments,
        mailer: rng.below(3),
    }
}

/// Mail in the Sent folder that someone else sent (a shared account, a colleague):
/// to newcomers the sender never mailed, or to known people.
fn not_me_mail(world: &World, stamp: Stamp, rng: &mut Rng) -> Mail {
    let sender = rng.pick(&world.other_senders);
    let from = if sender.surname.is_empty() {
        Mailbox::new(Some("さくらシステム 営業部".to_string()), &sender.address)
    } else {
        Mailbox::new(
            Some(format!("{} {}", sender.surname, sender.given)),
            &sender.address,
        )
    };
    let candidates: Vec<(&Org, &Person)> = world
        .orgs
        .iter()
        .filter(|o| !o.english)
        .flat_map(|o| o.newcomers.iter().filter(|p| !p.desk).map(move |p| (o, p)))
        .collect();
    let (o, p) = rng.one(&candidates);
    let fill = Fill::draw(rng);
    let topic = rng.one(&TOPICS);
    let mut body = salutation(o, p, Sal::OrgDeptPerson, rng, false);
    body.push(String::new());
    body.push("いつもお世話になっております。".to_string());
    let who = if sender.surname.is_empty() {
        "株式会社さくらシステム 営業部です。".to_string()
    } else {
        format!("株式会社さくらシステムの{}です。", sender.surname)
    };
    body.push(who);
    body.push(String::new());
    body.extend(content_lines(topic, &fill, rng));
    body.push(String::new());
    body.push(closing(rng));
    body.push(String::new());
    body.push("株式会社さくらシステム 営業部".to_string());
    body.push("TEL: 03-1234-5670".to_string());
    Mail {
        from,
        to: vec![mailbox(o, p, rng)],
        cc: vec![],
        bcc: vec![],
        subject: subject_for(topic, &fill, rng),
        date: stamp,
        message_id: None,
        in_reply_to: None,
        body,
        attachments: vec![],
        mailer: rng.below(3),
    }
}

/// One mbox entry: the From_ line, the message with "From " lines escaped, a blank
/// line after.
fn mbox_entry(mail: &Mail, raw: &[u8], eol: Eol, rng: &mut Rng) -> Vec<u8> {
    let nl: &[u8] = if eol == Eol::Lf { b"\n" } else { b"\r\n" };
    let mut out = Vec::with_capacity(raw.len() + 128);
    let envelope = if rng.percent(30) {
        "-".to_string()
    } else {
        mail.from.address.to_ascii_lowercase()
    };
    out.extend_from_slice(format!("From {envelope} {}", mail.date.asctime()).as_bytes());
    out.extend_from_slice(nl);
    if rng.percent(40) {
        out.extend_from_slice(b"X-Mozilla-Status: 0001");
        out.extend_from_slice(nl);
        out.extend_from_slice(b"X-Mozilla-Status2: 00800000");
        out.extend_from_slice(nl);
    }
    let mut start = 0;
    while start < raw.len() {
        let end = raw[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(raw.len(), |i| start + i + 1);
        let line = &raw[start..end];
        if line.starts_with(b"From ") {
            out.push(b'>');
        }
        out.extend_from_slice(line);
        start = end;
    }
    out.extend_from_slice(nl);
    out
}

fn recipients_of(mail: &Mail) -> BTreeSet<String> {
    mail.to
        .iter()
        .chain(&mail.cc)
        .map(|m| m.address.to_ascii_lowercase())
        .collect()
}

/// The Sent folder of `count` mbox entries, with the counts a learner should report.
pub fn sent_folder(count: usize, seed: u64) -> SentFolder {
    let world = World::new();
    let mut rng = Rng::new(seed ^ 0x5E17_F01D_E12A_0001);
    let plans = plan(&world, count, &mut rng);
    let mut stamp = Stamp::at(2024, 4, 1, 9, 0);
    let mut mbox = Vec::with_capacity(count * 3000);
    let mut entries: Vec<Vec<u8>> = Vec::new();
    let mut mine: Vec<usize> = Vec::new();
    let mut folder = SentFolder {
        mbox: Vec::new(),
        messages: 0,
        from_me: 0,
        not_me: 0,
        duplicates: 0,
        sends: BTreeMap::new(),
        recipient_sets: Vec::new(),
    };
    for (seq, plan) in plans.into_iter().enumerate() {
        stamp = stamp.advance(&mut rng);
        if let Plan::Duplicate = plan
            && !mine.is_empty()
        {
            let k = mine[mine.len() - 1 - rng.below(mine.len().min(25))];
            let copy = entries[k].clone();
            mbox.extend_from_slice(&copy);
            entries.push(copy);
            folder.duplicates += 1;
            folder.messages += 1;
            continue;
        }
        let sent = match plan {
            Plan::Solo {
                org,
                person,
                alt,
                first,
            } => SentMail {
                mail: solo_mail(&world, org, person, alt, first, stamp, &mut rng),
                from_me: true,
            },
            Plan::Team(t) => SentMail {
                mail: team_mail(&world, t, stamp, &mut rng),
                from_me: true,
            },
            Plan::Group(g) => {
                let with_cc = rng.percent(85);
                SentMail {
                    mail: group_mail(&world, g, stamp, &mut rng, with_cc),
                    from_me: true,
                }
            }
            Plan::Internal | Plan::Duplicate => SentMail {
                mail: internal_mail(&world, stamp, &mut rng),
                from_me: true,
            },
            Plan::NotMe => SentMail {
                mail: not_me_mail(&world, stamp, &mut rng),
                from_me: false,
            },
        };
        let mut mail = sent.mail;
        mail.message_id = Some(message_id(stamp, seq as u64, &mut rng));
        let charset = Charset::draw(&mut rng);
        let eol = Eol::draw(&mut rng);
        let raw = render(&mail, charset, eol, seq as u64);
        let entry = mbox_entry(&mail, &raw, eol, &mut rng);
        mbox.extend_from_slice(&entry);
        folder.messages += 1;
        if sent.from_me {
            folder.from_me += 1;
            let set = recipients_of(&mail);
            for a in &set {
                *folder.sends.entry(a.clone()).or_default() += 1;
            }
            folder.recipient_sets.push(set);
            mine.push(entries.len());
        } else {
            folder.not_me += 1;
        }
        entries.push(entry);
    }
    folder.mbox = mbox;
    folder
}

/// The Sent folder's mbox bytes.
pub fn sent_mbox(count: usize, seed: u64) -> Vec<u8> {
    sent_folder(count, seed).mbox
}

// ---------------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------------

/// A history check that should fire on a probe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    pub check: &'static str,
    /// The recipient address (or attachment file name) the finding is about.
    pub subject_of: Option<String>,
    /// For `recipient_mismatch`: the address that should be suggested (`None`: no
    /// suggestion expected). Not used for the other checks.
    pub suggestion: Option<String>,
}

/// A new draft and the history checks that should fire on it.
#[derive(Debug, Clone)]
pub struct Probe {
    pub name: String,
    /// right, surname, otherorg, newperson, newdomain, unusual, attachment.
    pub kind: &'static str,
    pub eml: Vec<u8>,
    pub expect: Vec<Expect>,
}

fn expect(check: &'static str, subject_of: &str) -> Expect {
    Expect {
        check,
        subject_of: Some(subject_of.to_string()),
        suggestion: None,
    }
}

fn mismatch(subject_of: &str, suggestion: Option<&str>) -> Expect {
    Expect {
        check: RECIPIENT_MISMATCH,
        subject_of: Some(subject_of.to_string()),
        suggestion: suggestion.map(str::to_string),
    }
}

struct Prober<'w> {
    world: &'w World,
    rng: Rng,
    stamp: Stamp,
    probes: Vec<Probe>,
    counters: BTreeMap<&'static str, usize>,
}

/// What a probe draft holds besides its body.
struct DraftSpec {
    to: Vec<Mailbox>,
    cc: Vec<Mailbox>,
    bcc: Vec<Mailbox>,
    subject: String,
    body: Vec<String>,
    attachments: Vec<String>,
    in_reply_to: Option<String>,
}

impl<'w> Prober<'w> {
    fn add(&mut self, kind: &'static str, detail: &str, draft: DraftSpec, expect: Vec<Expect>) {
        let n = self.counters.entry(kind).or_default();
        *n += 1;
        let n = *n;
        self.stamp = self.stamp.advance(&mut self.rng);
        let mail = Mail {
            from: me_box(self.world, &mut self.rng),
            to: draft.to,
            cc: draft.cc,
            bcc: draft.bcc,
            subject: draft.subject,
            date: self.stamp,
            message_id: None,
            in_reply_to: draft.in_reply_to,
            body: draft.body,
            attachments: draft.attachments.iter().map(|a| attachment(a)).collect(),
            mailer: self.rng.below(3),
        };
        let seq = self.probes.len() as u64;
        let charset = Charset::rotate(n, &mut self.rng);
        let eol = Eol::draw(&mut self.rng);
        let eml = render(&mail, charset, eol, seq);
        self.probes.push(Probe {
            name: format!("{kind}-{n:02}-{detail}"),
            kind,
            eml,
            expect,
        });
    }

    fn recipient(&mut self, address: &str) -> Mailbox {
        let (o, p) = self.world.person_of(address);
        let mut m = mailbox(o, p, &mut self.rng);
        address.clone_into(&mut m.address);
        m
    }

    fn recipient_styled(&mut self, address: &str, style: usize) -> Mailbox {
        let (o, p) = self.world.person_of(address);
        let mut m = Mailbox::new(display(o, p, style), &p.address);
        address.clone_into(&mut m.address);
        m
    }

    fn colleague(&mut self, local: &str) -> Mailbox {
        let c = self.world.colleague(local).clone();
        colleague_box(&c, &mut self.rng)
    }

    /// A plain business mail body: 宛名, greeting, text, signature.
    fn body(&mut self, sal: Vec<String>, first: bool, extra: Vec<String>) -> (String, Vec<String>) {
        let fill = Fill::draw(&mut self.rng);
        let topic = self.rng.one(&TOPICS);
        let subject = subject_for(topic, &fill, &mut self.rng);
        let body = compose(
            BodySpec {
                salutation: sal,
                english_dear: None,
                first,
                topic,
                fill: &fill,
                extra,
                own: Own::Full,
                quote: None,
                cc_note: None,
            },
            &mut self.rng,
        );
        (subject, body)
    }

    fn body_en(&mut self, sal: Vec<String>, dear: String) -> (String, Vec<String>) {
        let fill = Fill::draw(&mut self.rng);
        let topic = self.rng.one(&TOPICS);
        let subject = subject_en(topic, &fill, &mut self.rng);
        let body = compose(
            BodySpec {
                salutation: sal,
                english_dear: Some(dear),
                first: false,
                topic,
                fill: &fill,
                extra: vec![],
                own: Own::Full,
                quote: None,
                cc_note: None,
            },
            &mut self.rng,
        );
        (subject, body)
    }

    /// The 宛名 for a person, in a style that names the organisation (the spec's forms).
    fn org_salutation(&mut self, org: &Org, p: &Person) -> Vec<String> {
        let style = *self
            .rng
            .pick(&[Sal::OrgDeptPerson, Sal::OrgPerson, Sal::ShortPerson]);
        salutation(org, p, style, &mut self.rng, false)
    }

    fn simple(
        &mut self,
        to: Vec<Mailbox>,
        sal: Vec<String>,
        attachments: Vec<String>,
    ) -> DraftSpec {
        let (subject, body) = self.body(sal, false, vec![]);
        DraftSpec {
            to,
            cc: vec![],
            bcc: vec![],
            subject,
            body,
            attachments,
            in_reply_to: None,
        }
    }
}

/// A 宛名 naming organisation `org` and a person by surname (who may not exist there).
fn named(org: &Org, dept: &str, surname: &str, rng: &mut Rng) -> Vec<String> {
    let form = written(legal_form(org, rng, false), rng);
    let sp = space(rng);
    let dept = if dept.is_empty() {
        String::new()
    } else {
        format!("{dept}{sp}")
    };
    match rng.below(3) {
        0 => vec![form, format!("{dept}{surname}様")],
        1 => vec![format!("{form}{sp}{dept}{surname}様")],
        _ => vec![format!("{}{sp}{surname}様", org.short)],
    }
}

/// The probes: new drafts of every kind the spec names, labelled (see the module docs).
pub fn probes(world: &World, seed: u64) -> Vec<Probe> {
    let mut pr = Prober {
        world,
        rng: Rng::new(seed ^ 0x0B5E_55ED_0000_0002),
        stamp: Stamp::at(2026, 2, 2, 9, 0),
        probes: Vec::new(),
        counters: BTreeMap::new(),
    };
    right_sends(&mut pr);
    surname_mismatches(&mut pr);
    other_org_mismatches(&mut pr);
    new_people(&mut pr);
    new_domains(&mut pr);
    unusual(&mut pr);
    attachments_for_others(&mut pr);
    pr.probes
}

fn right_sends(pr: &mut Prober<'_>) {
    let w = pr.world;
    // The right person at the address used before, with varied 宛名 and display names.
    let plain = [
        "t.tanaka@kaede-shoji.co.jp",
        "sato@kaede-shoji.co.jp",
        "tanaka@hikari-tech.co.jp",
        "sales01@hikari-tech.co.jp",
        "y.sato@aoba-logi.jp",
        "k.sato@yamato-seiko.co.jp",
        "m.takahashi@hinode-foods.co.jp",
        "t.watanabe@mirai-kensetsu.jp",
        "yamada@towa-denki.co.jp",
        "y.yamada@cosmo-print.co.jp",
        "info@midori-koumuten.ne.jp",
        "info@hayate-unyu.co.jp",
        "nakajima@alpha-systems.com",
        "matsui@bayside-kikaku.jp",
        "okada@satsuki-soken.co.jp",
        "e.sasaki@alpha-systems.com",
        "hasegawa@jb-support.co.jp",
    ];
    for (i, a) in plain.iter().enumerate() {
        let (o, p) = w.person_of(a);
        let style = [
            Sal::OrgDeptPerson,
            Sal::OrgPerson,
            Sal::ShortPerson,
            Sal::PersonOnly,
        ][i % 4];
        let sal = salutation(o, p, style, &mut pr.rng, false);
        let to = pr.recipient_styled(a, i);
        let draft = pr.simple(vec![to], sal, vec![]);
        pr.add("right", &local(a), draft, vec![]);
    }
    // English customers.
    for (i, a) in ["j.smith@nexus-trading.com", "ebrown@nexus-trading.com"]
        .iter()
        .enumerate()
    {
        let (o, p) = w.person_of(a);
        let sal = salutation(
            o,
            p,
            if i == 0 { Sal::OrgPerson } else { Sal::None },
            &mut pr.rng,
            false,
        );
        let (subject, body) = pr.body_en(sal, format!("Dear {} {},", p.title_en, p.surname));
        let to = pr.recipient(a);
        pr.add(
            "right",
            &local(a),
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments: vec![],
                in_reply_to: None,
            },
            vec![],
        );
    }
    // The address of the same person used once before.
    {
        let a = "taro.tanaka@kaede-shoji.co.jp";
        let (o, p) = w.person_of(a);
        let sal = salutation(o, p, Sal::OrgDeptPerson, &mut pr.rng, false);
        let to = Mailbox::new(Some("田中 太郎".to_string()), a);
        let draft = pr.simple(vec![to], sal, vec![]);
        pr.add("right", "alt-address", draft, vec![]);
    }
    // "田中様" alone to the 田中 who is the recipient.
    {
        let a = "tanaka@hikari-tech.co.jp";
        let to = pr.recipient_styled(a, 0);
        let draft = pr.simple(vec![to], vec!["田中様".to_string()], vec![]);
        pr.add("right", "surname-only", draft, vec![]);
    }

    // Replies whose quote names other organisations.
    let replies = [
        (
            "t.tanaka@kaede-shoji.co.jp",
            "y.sato@aoba-logi.jp",
            Own::Full,
            0,
        ),
        (
            "tanaka@hikari-tech.co.jp",
            "t.tanaka@kaede-shoji.co.jp",
            Own::NoSalutation,
            1,
        ),
        (
            "yamaguchi@yamato-seiko.co.jp",
            "watanabe@hikari-tech.co.jp",
            Own::Full,
            1,
        ),
        (
            "ikeda@hinode-foods.co.jp",
            "sales01@hikari-tech.co.jp",
            Own::Short,
            2,
        ),
        (
            "j.smith@nexus-trading.com",
            "yamada@towa-denki.co.jp",
            Own::Full,
            1,
        ),
        (
            "mori@tsubasa-design.jp",
            "ishikawa@mirai-kensetsu.jp",
            Own::Full,
            2,
        ),
        (
            "fujita@hayate-unyu.co.jp",
            "yamaguchi@yamato-seiko.co.jp",
            Own::NoSalutation,
            0,
        ),
        (
            "a.yoshida@iroha-pub.co.jp",
            "maeda@cosmo-print.co.jp",
            Own::Short,
            0,
        ),
        (
            "kimura@aoba-logi.jp",
            "t.tanaka@kaede-shoji.co.jp",
            Own::Short,
            1,
        ),
    ];
    for (a, third, own, style) in replies {
        let (o, p) = w.person_of(a);
        let (to_org, tp) = w.person_of(third);
        let fill = Fill::draw(&mut pr.rng);
        let topic = pr.rng.one(&TOPICS);
        let original = if o.english {
            subject_en(topic, &fill, &mut pr.rng)
        } else {
            subject_for(topic, &fill, &mut pr.rng)
        };
        let when = pr.stamp.before(&mut pr.rng);
        let q = quote(
            w,
            o,
            p,
            Some((to_org, tp)),
            when,
            &original,
            style,
            &mut pr.rng,
        );
        let sal = salutation(o, p, Sal::OrgDeptPerson, &mut pr.rng, false);
        let english_dear = o
            .english
            .then(|| format!("Dear {} {},", p.title_en, p.surname));
        let body = compose(
            BodySpec {
                salutation: sal,
                english_dear,
                first: false,
                topic,
                fill: &fill,
                extra: vec![],
                own,
                quote: Some(q),
                cc_note: None,
            },
            &mut pr.rng,
        );
        let subject = format!("{}{}", reply_prefix(&mut pr.rng), original);
        let to = pr.recipient(a);
        let parent = parent_id(o, &mut pr.rng);
        pr.add(
            "right",
            &format!("reply-{}", local(a)),
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments: vec![],
                in_reply_to: Some(parent),
            },
            vec![],
        );
    }

    // Internal mail.
    let internal: [(&[&str], &[&str], Vec<String>); 6] = [
        (&["yamamoto"], &[], vec!["山本さん".to_string()]),
        (&["kobayashi", "kato"], &[], vec![]),
        (&["kato"], &["takagi"], vec!["営業部各位".to_string()]),
        (
            &["kobayashi"],
            &[],
            vec!["楓商事株式会社 田中様の件です。".to_string()],
        ),
        (
            &["m.nakamura"],
            &["takagi"],
            vec![
                "株式会社ひかりテック".to_string(),
                "田中様より下記の問い合わせがありました。".to_string(),
            ],
        ),
        (
            &["yamamoto", "m.nakamura"],
            &[],
            vec!["山本さん、中村さん".to_string()],
        ),
    ];
    for (i, (to, cc, first_lines)) in internal.into_iter().enumerate() {
        let to: Vec<Mailbox> = to.iter().map(|l| pr.colleague(l)).collect();
        let cc: Vec<Mailbox> = cc.iter().map(|l| pr.colleague(l)).collect();
        let fill = Fill::draw(&mut pr.rng);
        let mut body = first_lines;
        if !body.is_empty() {
            body.push(String::new());
        }
        body.push("お疲れ様です。鈴木です。".to_string());
        body.push(String::new());
        body.push(format!(
            "{}の件、見積書を作成しましたのでご確認ください。",
            fill.item
        ));
        body.push("青葉物流様への発送は来週を予定しています。".to_string());
        body.push(String::new());
        body.push("鈴木".to_string());
        let attachments = if i == 2 {
            vec![format!("週報_{:02}{:02}.xlsx", fill.month, fill.day)]
        } else {
            vec![]
        };
        pr.add(
            "right",
            "internal",
            DraftSpec {
                to,
                cc,
                bcc: vec![],
                subject: format!("【共有】{}の件", fill.item),
                body,
                attachments,
                in_reply_to: None,
            },
            vec![],
        );
    }

    // No 宛名 block: the greeting first (other organisations named in the text after it).
    for a in [
        "kimura@aoba-logi.jp",
        "shimizu@towa-denki.co.jp",
        "endo@aoba-logi.jp",
        "nishimura@tsubasa-design.jp",
        "komatsu@alpha-systems.com",
    ] {
        let (o, _) = w.person_of(a);
        let (t, _) = third_party(w, o, &mut pr.rng);
        let extra = vec![format!("なお、{}様とも日程を調整しております。", t.short)];
        let (subject, body) = pr.body(vec![], false, extra);
        let to = pr.recipient(a);
        pr.add(
            "right",
            &format!("no-salutation-{}", local(a)),
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments: vec![],
                in_reply_to: None,
            },
            vec![],
        );
    }

    // Groups and teams sent together again (whole, a part, another colleague in Cc).
    let g0 = w.groups[0].clone();
    let g1 = w.groups[1].clone();
    // (group, To, with the group's Cc, another colleague in Cc, attachment)
    type GroupCase<'a> = (
        &'a Group,
        Vec<String>,
        bool,
        Option<&'a str>,
        Option<String>,
    );
    let group_cases: [GroupCase<'_>; 6] = [
        (&g0, g0.to.clone(), true, None, None),
        (
            &g0,
            g0.to.clone(),
            false,
            None,
            Some(format!("議事録_{}_第5回.pdf", g0.tag)),
        ),
        (
            &g0,
            vec![g0.to[0].clone(), g0.to[2].clone()],
            false,
            None,
            None,
        ),
        (
            &g1,
            g1.to.clone(),
            true,
            None,
            Some("東和電機様_課題一覧.xlsx".to_string()),
        ),
        (&g1, g1.to.clone(), true, Some("kobayashi"), None),
        (
            &g1,
            vec![g1.to[0].clone(), g1.to[2].clone()],
            false,
            None,
            Some(format!("課題一覧_{}.xlsx", g1.tag)),
        ),
    ];
    for (g, to, with_cc, extra_cc, attachment) in group_cases {
        let fill = Fill::draw(&mut pr.rng);
        let (subject, lines) = group_body_lines(g, &fill, 3, &mut pr.rng);
        let mut body = group_salutation(w, g, &mut pr.rng);
        body.push(String::new());
        body.extend(greeting(&mut pr.rng, false));
        body.push(String::new());
        body.extend(lines);
        body.push(String::new());
        body.push(closing(&mut pr.rng));
        body.push(String::new());
        body.extend(signature(&mut pr.rng));
        let to: Vec<Mailbox> = to.iter().map(|a| pr.recipient(a)).collect();
        let mut cc = Vec::new();
        if with_cc {
            for c in &g.cc {
                let local = c.split('@').next().unwrap_or_default().to_string();
                cc.push(pr.colleague(&local));
            }
        }
        if let Some(c) = extra_cc {
            cc.push(pr.colleague(c));
        }
        pr.add(
            "right",
            &format!("group-{}", if g.tag == g0.tag { "a" } else { "b" }),
            DraftSpec {
                to,
                cc,
                bcc: vec![],
                subject,
                body,
                attachments: attachment.into_iter().collect(),
                in_reply_to: None,
            },
            vec![],
        );
    }
    for (ti, attachment) in [
        (0, None),
        (1, Some("御見積書_株式会社ひかりテック様.pdf")),
        (3, Some("見積書_日の出食品様.pdf")),
    ] {
        let team = w.teams[ti].clone();
        let people: Vec<(&Org, &Person)> = team.to.iter().map(|a| w.person_of(a)).collect();
        let sal = team_salutation(
            people[0].0,
            &people.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
            &mut pr.rng,
        );
        let to: Vec<Mailbox> = team.to.iter().map(|a| pr.recipient(a)).collect();
        let draft = pr.simple(
            to,
            sal,
            attachment.into_iter().map(str::to_string).collect(),
        );
        pr.add(
            "right",
            &format!("team-{}", local(&team.to[0])),
            draft,
            vec![],
        );
    }

    // Attachments named for the recipient's own organisation (or nobody's).
    let own_attachments: [(&str, &[&str]); 7] = [
        ("t.tanaka@kaede-shoji.co.jp", &["見積書_楓商事様.pdf"]),
        (
            "watanabe@hikari-tech.co.jp",
            &["御見積書_株式会社ひかりテック様.pdf"],
        ),
        ("ebrown@nexus-trading.com", &["Quotation_Nexus Trading.pdf"]),
        (
            "a.yoshida@iroha-pub.co.jp",
            &["請求書_いろは出版御中_2026年1月分.pdf"],
        ),
        ("matsumoto@hokuto-sol.co.jp", &["弊社サービスのご紹介.pdf"]),
        (
            "ishikawa@mirai-kensetsu.jp",
            &["会社案内_株式会社さくらシステム.pdf"],
        ),
        (
            "yamazaki@iroha-pub.co.jp",
            &["議事録_0120.docx", "見積書_いろは出版様.pdf"],
        ),
    ];
    for (a, names) in own_attachments {
        let (o, p) = w.person_of(a);
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let to = pr.recipient(a);
        let draft = if o.english {
            let sal = salutation(o, p, Sal::OrgPerson, &mut pr.rng, false);
            let (subject, body) = pr.body_en(sal, format!("Dear {} {},", p.title_en, p.surname));
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments: names,
                in_reply_to: None,
            }
        } else {
            let sal = pr.org_salutation(o, p);
            pr.simple(vec![to], sal, names)
        };
        pr.add("right", &format!("attachment-{}", local(a)), draft, vec![]);
    }

    // Free-mail people: a one-person office, a company owner on yahoo.co.jp.
    for (a, sal) in [
        (
            "ogawa.mari.design@gmail.com",
            vec!["小川デザイン事務所".to_string(), "小川 真理 様".to_string()],
        ),
        (
            "hayashi.seiji@yahoo.co.jp",
            vec!["有限会社みどり工務店".to_string(), "林様".to_string()],
        ),
        ("hayashi.seiji@yahoo.co.jp", vec!["林様".to_string()]),
    ] {
        let to = pr.recipient(a);
        let draft = pr.simple(vec![to], sal, vec![]);
        pr.add("right", &format!("freemail-{}", local(a)), draft, vec![]);
    }

    // An internal colleague added in Cc (internal recipients are never unusual).
    for (a, c, note) in [
        ("t.tanaka@kaede-shoji.co.jp", "yamamoto", false),
        ("sato@kaede-shoji.co.jp", "kobayashi", true),
        ("saito@hokuto-sol.co.jp", "kato", false),
    ] {
        let (o, p) = w.person_of(a);
        let mut sal = pr.org_salutation(o, p);
        let col = w.colleague(c);
        if note {
            sal.push(format!("（CC: 弊社 {}）", col.surname));
        }
        let to = pr.recipient(a);
        let mut draft = pr.simple(vec![to], sal, vec![]);
        draft.cc.push(pr.colleague(c));
        pr.add(
            "right",
            &format!("cc-colleague-{}", local(a)),
            draft,
            vec![],
        );
    }

    // Forwards: another party's mail passed on, its header and 宛名 in the forwarded part.
    for (a, original) in [
        ("ito@kaede-shoji.co.jp", "endo@aoba-logi.jp"),
        ("inoue@towa-denki.co.jp", "saito@hokuto-sol.co.jp"),
    ] {
        let (o, p) = w.person_of(a);
        let (fo, fp) = w.person_of(original);
        let fill = Fill::draw(&mut pr.rng);
        let topic = pr.rng.one(&TOPICS);
        let original_subject = subject_for(topic, &fill, &mut pr.rng);
        let when = pr.stamp.before(&mut pr.rng);
        let forwarded = quote(w, fo, fp, None, when, &original_subject, 1, &mut pr.rng);
        let sal = pr.org_salutation(o, p);
        let extra = vec![format!(
            "{}様からの連絡を、ご参考までに下記に転送いたします。",
            fo.short
        )];
        let mut body = compose(
            BodySpec {
                salutation: sal,
                english_dear: None,
                first: false,
                topic,
                fill: &fill,
                extra,
                own: Own::Full,
                quote: None,
                cc_note: None,
            },
            &mut pr.rng,
        );
        body.push(String::new());
        body.extend(forwarded.into_iter().map(|l| {
            if l == "-----Original Message-----" {
                "---------- Forwarded message ----------".to_string()
            } else {
                l
            }
        }));
        let to = pr.recipient(a);
        pr.add(
            "right",
            &format!("forward-{}", local(a)),
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject: format!("FW: {original_subject}"),
                body,
                attachments: vec![],
                in_reply_to: None,
            },
            vec![],
        );
    }

    // A legal form outside the spec's list, full-width spaces.
    {
        let a = "inoue@towa-denki.co.jp";
        let sal = vec!["東和電機(株)\u{3000}総務部\u{3000}井上様".to_string()];
        let to = pr.recipient(a);
        let draft = pr.simple(vec![to], sal, vec![]);
        pr.add("right", "odd-form-inoue-towa", draft, vec![]);
    }

    // A colleague in Bcc.
    {
        let a = "yamaguchi@yamato-seiko.co.jp";
        let (o, p) = w.person_of(a);
        let sal = pr.org_salutation(o, p);
        let to = pr.recipient(a);
        let mut draft = pr.simple(vec![to], sal, vec![]);
        draft.bcc.push(pr.colleague("takagi"));
        pr.add("right", "bcc-colleague-yamaguchi-yamato", draft, vec![]);
    }
}

fn local(address: &str) -> String {
    let (local, domain) = address.split_once('@').unwrap_or((address, ""));
    let domain = domain.split(['.', '-']).next().unwrap_or_default();
    format!("{}-{domain}", local.replace('.', ""))
}

/// The same surname at another organisation: the 宛名 names organisation A and S, the
/// To is the S of organisation B.
fn surname_mismatches(pr: &mut Prober<'_>) {
    let w = pr.world;
    let cases: [(&str, &str, Option<&str>); 16] = [
        (
            "t.sasaki@satsuki-soken.co.jp",
            "e.sasaki@alpha-systems.com",
            None,
        ),
        (
            "e.sasaki@alpha-systems.com",
            "t.sasaki@satsuki-soken.co.jp",
            None,
        ),
        (
            "t.tanaka@kaede-shoji.co.jp",
            "tanaka@hikari-tech.co.jp",
            None,
        ),
        (
            "tanaka@hikari-tech.co.jp",
            "t.tanaka@kaede-shoji.co.jp",
            None,
        ),
        ("sato@kaede-shoji.co.jp", "y.sato@aoba-logi.jp", None),
        ("y.sato@aoba-logi.jp", "sato@kaede-shoji.co.jp", None),
        ("k.sato@yamato-seiko.co.jp", "sato@kaede-shoji.co.jp", None),
        ("y.sato@aoba-logi.jp", "k.sato@yamato-seiko.co.jp", None),
        (
            "m.takahashi@hinode-foods.co.jp",
            "sales01@hikari-tech.co.jp",
            None,
        ),
        (
            "sales01@hikari-tech.co.jp",
            "m.takahashi@hinode-foods.co.jp",
            None,
        ),
        (
            "t.watanabe@mirai-kensetsu.jp",
            "watanabe@hikari-tech.co.jp",
            None,
        ),
        (
            "watanabe@hikari-tech.co.jp",
            "t.watanabe@mirai-kensetsu.jp",
            None,
        ),
        (
            "yamada@towa-denki.co.jp",
            "y.yamada@cosmo-print.co.jp",
            None,
        ),
        (
            "y.yamada@cosmo-print.co.jp",
            "yamada@towa-denki.co.jp",
            None,
        ),
        (
            "t.tanaka@kaede-shoji.co.jp",
            "tanaka@hikari-tech.co.jp",
            Some("見積書_楓商事様.pdf"),
        ),
        (
            "k.sato@yamato-seiko.co.jp",
            "y.sato@aoba-logi.jp",
            Some("御見積書_大和精工株式会社様.pdf"),
        ),
    ];
    for (i, (intended, wrong, attachment)) in cases.into_iter().enumerate() {
        let (o, p) = w.person_of(intended);
        let style = [Sal::OrgDeptPerson, Sal::OrgPerson, Sal::ShortPerson][i % 3];
        let sal = salutation(o, p, style, &mut pr.rng, false);
        // Autocomplete filled in the wrong person's address book entry.
        let to = pr.recipient_styled(wrong, [0, 2, 3, 4, 7, 1][i % 6]);
        let mut expect = vec![mismatch(wrong, Some(intended))];
        if let Some(a) = attachment {
            expect.push(self::expect(ATTACHMENT_FOR_OTHER_PARTY, a));
        }
        let draft = pr.simple(
            vec![to],
            sal,
            attachment.into_iter().map(str::to_string).collect(),
        );
        pr.add(
            "surname",
            &format!("{}-to-{}", local(intended), local(wrong)),
            draft,
            expect,
        );
    }
}

/// An organisation named in the 宛名, another organisation's address in the To (not a
/// person of the same surname).
fn other_org_mismatches(pr: &mut Prober<'_>) {
    let w = pr.world;
    // (named organisation, dept, surname ("" = 御中/ご担当者様), wrong address, suggestion)
    let cases: [(&str, &str, &str, &str, Option<&str>); 16] = [
        (
            "JBサポート",
            "技術部",
            "長谷川",
            "ikeda@hinode-foods.co.jp",
            Some("hasegawa@jb-support.co.jp"),
        ),
        (
            "さつき総研",
            "調査部",
            "佐々木",
            "komatsu@alpha-systems.com",
            Some("t.sasaki@satsuki-soken.co.jp"),
        ),
        (
            "東和電機",
            "情報システム部",
            "山田",
            "watanabe@hikari-tech.co.jp",
            Some("yamada@towa-denki.co.jp"),
        ),
        (
            "東和電機",
            "総務部",
            "井上",
            "yamaguchi@yamato-seiko.co.jp",
            Some("inoue@towa-denki.co.jp"),
        ),
        (
            "Nexus Trading",
            "",
            "Brown",
            "m.takahashi@hinode-foods.co.jp",
            Some("ebrown@nexus-trading.com"),
        ),
        (
            "いろは出版",
            "編集部",
            "吉田",
            "j.smith@nexus-trading.com",
            Some("a.yoshida@iroha-pub.co.jp"),
        ),
        (
            "北斗ソリューションズ",
            "営業部",
            "松本",
            "okada@satsuki-soken.co.jp",
            Some("matsumoto@hokuto-sol.co.jp"),
        ),
        (
            "コスモ印刷",
            "営業部",
            "前田",
            "mori@tsubasa-design.jp",
            Some("maeda@cosmo-print.co.jp"),
        ),
        (
            "みどり工務店",
            "",
            "林",
            "fujita@hayate-unyu.co.jp",
            Some("hayashi.seiji@yahoo.co.jp"),
        ),
        (
            "アルファシステムズ",
            "開発部",
            "中島",
            "ikeda@hinode-foods.co.jp",
            Some("nakajima@alpha-systems.com"),
        ),
        (
            "いろは出版",
            "編集部",
            "小西",
            "ikeda@hinode-foods.co.jp",
            None,
        ),
        ("楓商事", "", "森本", "ishikawa@mirai-kensetsu.jp", None),
        (
            "ひかりテック",
            "開発部",
            "野村",
            "mori@tsubasa-design.jp",
            None,
        ),
        ("東和電機", "", "大森", "a.yoshida@iroha-pub.co.jp", None),
        ("青葉物流", "", "", "yamazaki@iroha-pub.co.jp", None),
        (
            "北斗ソリューションズ",
            "営業部",
            "松本",
            "okada@satsuki-soken.co.jp",
            Some("matsumoto@hokuto-sol.co.jp"),
        ),
    ];
    let last = cases.len() - 1;
    for (i, (short, dept, surname, wrong, suggestion)) in cases.into_iter().enumerate() {
        let o = w.org(short);
        let to = pr.recipient_styled(wrong, [0, 4, 2, 3][i % 4]);
        let mut expect = vec![mismatch(wrong, suggestion)];
        let mut attachments = vec![];
        if i == last {
            let name = "北斗ソリューションズ様_提案書.pdf";
            attachments.push(name.to_string());
            expect.push(self::expect(ATTACHMENT_FOR_OTHER_PARTY, name));
        }
        let draft = if o.english {
            let sal = vec![format!("Ms. Emily {surname}"), o.legal.to_string()];
            let (subject, body) = pr.body_en(sal, format!("Dear Ms. {surname},"));
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        } else {
            let sal = if surname.is_empty() {
                vec![format!(
                    "{} 御中",
                    written(legal_form(o, &mut pr.rng, false), &mut pr.rng)
                )]
            } else {
                named(o, dept, surname, &mut pr.rng)
            };
            pr.simple(vec![to], sal, attachments)
        };
        let named = o.domain.split(['.', '-']).next().unwrap_or_default();
        let who = match (surname.is_empty(), suggestion.is_some()) {
            (true, _) => "onchu",
            (false, true) => "known",
            (false, false) => "unknown",
        };
        pr.add(
            "otherorg",
            &format!("{named}-{who}-to-{}", local(wrong)),
            draft,
            expect,
        );
    }
}

/// A never-mailed person at a known organisation, the 宛名 naming it.
fn new_people(pr: &mut Prober<'_>) {
    let w = pr.world;
    let cases: [(&str, Option<&str>); 12] = [
        ("k.ono@kaede-shoji.co.jp", None),
        ("m.tamura@kaede-shoji.co.jp", Some("見積書_楓商事様.pdf")),
        ("murakami@hikari-tech.co.jp", None),
        ("harada@aoba-logi.jp", None),
        ("kondo@towa-denki.co.jp", None),
        (
            "n.fukuda@hokuto-sol.co.jp",
            Some("北斗ソリューションズ様_ご提案書.pdf"),
        ),
        ("tanaka@yamato-seiko.co.jp", None),
        ("sato.m@hinode-foods.co.jp", None),
        ("kikuchi@mirai-kensetsu.jp", None),
        ("m.jones@nexus-trading.com", None),
        ("info@iroha-pub.co.jp", None),
        (
            "k.ono@kaede-shoji.co.jp",
            Some("請求書_楓商事御中_2026年1月分.pdf"),
        ),
    ];
    for (i, (a, attachment)) in cases.into_iter().enumerate() {
        let (o, p) = w.person_of(a);
        let to = pr.recipient_styled(a, [0, 4, 2, 6, 3][i % 5]);
        let attachments: Vec<String> = attachment.into_iter().map(str::to_string).collect();
        let draft = if o.english {
            let sal = salutation(o, p, Sal::OrgPerson, &mut pr.rng, false);
            let (subject, body) = pr.body_en(sal, format!("Dear {} {},", p.title_en, p.surname));
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        } else {
            let style = if p.desk {
                Sal::PersonOnly
            } else {
                [Sal::OrgDeptPerson, Sal::OrgPerson, Sal::ShortPerson][i % 3]
            };
            let sal = salutation(o, p, style, &mut pr.rng, false);
            let (subject, body) = pr.body(sal, i % 2 == 0, vec![]);
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        };
        pr.add(
            "newperson",
            &local(a),
            draft,
            vec![expect(FIRST_TIME_RECIPIENT, a)],
        );
    }
}

/// A never-mailed address at a never-mailed domain (or a new free-mail address).
fn new_domains(pr: &mut Prober<'_>) {
    let w = pr.world;
    let cases: [(&str, Option<&str>); 10] = [
        (
            "takada@shinsei-eng.co.jp",
            Some("見積書_新星エンジニアリング様.pdf"),
        ),
        ("j.sato@shinsei-eng.co.jp", None),
        ("onishi@kamome-shokai.jp", None),
        ("noguchi@toho-chem.co.jp", None),
        ("a.tanaka@toho-chem.co.jp", Some("会社案内.pdf")),
        ("s.miller@lumina-inc.com", None),
        ("aoki@soranotech.jp", None),
        ("contact@soranotech.jp", None),
        ("nakagawa@hoshizora.ne.jp", None),
        ("ishida.honyaku@gmail.com", None),
    ];
    for (i, (a, attachment)) in cases.into_iter().enumerate() {
        let (o, p) = w.person_of(a);
        let to = pr.recipient_styled(a, [0, 4, 2, 3][i % 4]);
        let attachments: Vec<String> = attachment.into_iter().map(str::to_string).collect();
        let draft = if o.english {
            let sal = salutation(o, p, Sal::OrgPerson, &mut pr.rng, false);
            let (subject, body) = pr.body_en(sal, format!("Dear {} {},", p.title_en, p.surname));
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        } else {
            let style = if p.desk {
                Sal::OrgDeptPerson
            } else if o.freemail {
                Sal::PersonOnly
            } else {
                [Sal::OrgDeptPerson, Sal::OrgPerson][i % 2]
            };
            let sal = salutation(o, p, style, &mut pr.rng, false);
            let (subject, body) = pr.body(sal, true, vec![]);
            DraftSpec {
                to: vec![to],
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        };
        pr.add(
            "newdomain",
            &local(a),
            draft,
            vec![expect(FIRST_TIME_RECIPIENT, a)],
        );
    }
}

/// A group or team sent together before, plus an outside address never sent together
/// with any of them.
fn unusual(pr: &mut Prober<'_>) {
    let w = pr.world;
    // (group (g0, g1) or team (t0..), with the group's Cc, outsider, outsider is new)
    let cases: [(&str, bool, &str, bool); 14] = [
        ("g0", true, "t.tanaka@kaede-shoji.co.jp", false),
        ("g0", true, "endo@aoba-logi.jp", false),
        ("g0", true, "tanaka@hikari-tech.co.jp", false),
        ("g0", true, "okada@satsuki-soken.co.jp", false),
        ("g0", false, "fujita@hayate-unyu.co.jp", false),
        ("g1", true, "inoue@towa-denki.co.jp", false),
        ("g1", true, "matsumoto@hokuto-sol.co.jp", false),
        ("g1", false, "yamaguchi@yamato-seiko.co.jp", false),
        ("g1", true, "j.smith@nexus-trading.com", false),
        ("t0", false, "watanabe@hikari-tech.co.jp", false),
        ("t2", false, "maeda@cosmo-print.co.jp", false),
        ("g0", true, "harada@aoba-logi.jp", true),
        ("g1", true, "takada@shinsei-eng.co.jp", true),
        ("t3", false, "kikuchi@mirai-kensetsu.jp", true),
    ];
    for (key, with_cc, outsider, new) in cases {
        let (to_addrs, cc_addrs, sal, subject_lines) = if let Some(t) = key.strip_prefix('t') {
            let team = &w.teams[t.parse::<usize>().expect("team index")];
            let people: Vec<(&Org, &Person)> = team.to.iter().map(|a| w.person_of(a)).collect();
            let sal = team_salutation(
                people[0].0,
                &people.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
                &mut pr.rng,
            );
            (team.to.clone(), vec![], sal, None)
        } else {
            let g = if key == "g0" {
                &w.groups[0]
            } else {
                &w.groups[1]
            };
            let fill = Fill::draw(&mut pr.rng);
            let (subject, lines) = group_body_lines(g, &fill, 7, &mut pr.rng);
            let sal = group_salutation(w, g, &mut pr.rng);
            let cc = if with_cc { g.cc.clone() } else { vec![] };
            (g.to.clone(), cc, sal, Some((subject, lines)))
        };
        let mut to: Vec<Mailbox> = to_addrs.iter().map(|a| pr.recipient(a)).collect();
        // Autocomplete slipped the outsider in: last, or between the others.
        let at = pr.rng.below(to.len() + 1);
        let outsider_box = pr.recipient(outsider);
        to.insert(at, outsider_box);
        let cc: Vec<Mailbox> = cc_addrs
            .iter()
            .map(|a| {
                let local = a.split('@').next().unwrap_or_default().to_string();
                pr.colleague(&local)
            })
            .collect();
        let (subject, body) = match subject_lines {
            Some((subject, lines)) => {
                let mut body = sal;
                body.push(String::new());
                body.extend(greeting(&mut pr.rng, false));
                body.push(String::new());
                body.extend(lines);
                body.push(String::new());
                body.push(closing(&mut pr.rng));
                body.push(String::new());
                body.extend(signature(&mut pr.rng));
                (subject, body)
            }
            None => pr.body(sal, false, vec![]),
        };
        let mut expect = vec![self::expect(UNUSUAL_RECIPIENT, outsider)];
        if new {
            expect.push(self::expect(FIRST_TIME_RECIPIENT, outsider));
        }
        pr.add(
            "unusual",
            &format!("{key}-plus-{}", local(outsider)),
            DraftSpec {
                to,
                cc,
                bcc: vec![],
                subject,
                body,
                attachments: vec![],
                in_reply_to: None,
            },
            expect,
        );
    }
}

/// The right people and 宛名; an attachment named for another known organisation.
fn attachments_for_others(pr: &mut Prober<'_>) {
    let w = pr.world;
    let cases: [(&[&str], &[&str], &str); 14] = [
        (
            &["yamazaki@iroha-pub.co.jp"],
            &[],
            "見積書_JBサポート様.xlsx",
        ),
        (
            &["t.tanaka@kaede-shoji.co.jp"],
            &[],
            "見積書_ひかりテック様.xlsx",
        ),
        (
            &["tanaka@hikari-tech.co.jp"],
            &[],
            "御見積書_楓商事株式会社様.pdf",
        ),
        (
            &["ikeda@hinode-foods.co.jp"],
            &[],
            "【東和電機様】提案資料.pdf",
        ),
        (
            &["a.yoshida@iroha-pub.co.jp"],
            &[],
            "請求書_青葉物流御中_2026年1月分.pdf",
        ),
        (
            &["inoue@towa-denki.co.jp"],
            &[],
            "北斗ソリューションズ様向け_作業計画書.docx",
        ),
        (
            &["j.smith@nexus-trading.com"],
            &[],
            "Quotation_大和精工様.pdf",
        ),
        (
            &["yamaguchi@yamato-seiko.co.jp"],
            &[],
            "Quotation for Nexus Trading Inc.pdf",
        ),
        (
            &["mori@tsubasa-design.jp"],
            &[],
            "デザイン確認書_ミライ建設様.pdf",
        ),
        (
            &["okada@satsuki-soken.co.jp"],
            &["調査報告書_さつき総研様.pdf"],
            "見積書_いろは出版様.pdf",
        ),
        (
            &["ishikawa@mirai-kensetsu.jp"],
            &[],
            "ベイサイド企画様_打合せメモ.txt",
        ),
        (
            &["maeda@cosmo-print.co.jp"],
            &[],
            "納品書_はやて運輸御中.pdf",
        ),
        (
            &["tanaka@hikari-tech.co.jp", "watanabe@hikari-tech.co.jp"],
            &[],
            "見積書_コスモ印刷様.xlsx",
        ),
        (
            &["nakajima@alpha-systems.com"],
            &["仕様書_アルファシステムズ様.pdf"],
            "㈱青葉物流様_配送計画.pdf",
        ),
    ];
    for (to_addrs, right, wrong) in cases {
        let mut attachments: Vec<String> = right.iter().map(|s| s.to_string()).collect();
        attachments.insert(pr.rng.below(attachments.len() + 1), wrong.to_string());
        let to: Vec<Mailbox> = to_addrs.iter().map(|a| pr.recipient(a)).collect();
        let people: Vec<(&Org, &Person)> = to_addrs.iter().map(|a| w.person_of(a)).collect();
        let (o, p) = people[0];
        let draft = if o.english {
            let sal = salutation(o, p, Sal::OrgPerson, &mut pr.rng, false);
            let (subject, body) = pr.body_en(sal, format!("Dear {} {},", p.title_en, p.surname));
            DraftSpec {
                to,
                cc: vec![],
                bcc: vec![],
                subject,
                body,
                attachments,
                in_reply_to: None,
            }
        } else {
            let sal = if people.len() > 1 {
                team_salutation(
                    o,
                    &people.iter().map(|(_, p)| *p).collect::<Vec<_>>(),
                    &mut pr.rng,
                )
            } else {
                pr.org_salutation(o, p)
            };
            pr.simple(to, sal, attachments)
        };
        pr.add(
            "attachment",
            &local(to_addrs[0]),
            draft,
            vec![expect(ATTACHMENT_FOR_OTHER_PARTY, wrong)],
        );
    }
}
