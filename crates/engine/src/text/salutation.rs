//! The 宛名 (addressee block) of a mail, and the names in a display name.
//!
//! A Japanese business mail opens by saying whom it is for — 「楓商事株式会社 営業部
//! 田中様」 — before the greeting (「いつもお世話になっております」). That block is the
//! sender's own statement of the organisation and the person the mail is meant for. It
//! is the best evidence there is for two things the recipient history needs:
//!
//! - learning which organisation and which person an address belongs to, from the
//!   sender's sent mail (the 宛名 of a mail to one outside domain names that domain's
//!   organisation; to one outside address, that address's person);
//! - spotting a mail addressed to one party but sent to another: 「楓商事 田中様」 in
//!   the body, `tanaka@hikari-tech.co.jp` in To.
//!
//! Display names (「田中 太郎（楓商事）」「楓商事 田中様」) teach the same, through
//! [`parse_display_name`]. [`org_key`] and [`fold_text`] make organisation names
//! comparable (「㈱楓商事」 = 「楓商事株式会社」) and findable in file names.
//!
//! The parser is conservative on purpose: a wrong name teaches the history a wrong
//! organisation and later raises false alarms, which count as much as misses. It reads
//! only the first lines of the sender's own text, stops at the greeting, and gives
//! nothing for prose, quoted mail, forwarded headers or signatures. It never panics:
//! lines are cut by characters, text is sliced with `str::get` only.

use unicode_normalization::UnicodeNormalization;

/// Who a 宛名 block or a display name says a mail is for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Addressee {
    /// Organisation names as written, trimmed, legal form kept (「楓商事株式会社」「(株)ひかりテック」「ABC Inc.」), in order of appearance, no duplicates by [`org_key`].
    pub organisations: Vec<String>,
    /// Departments/sections as written (「営業部」「経理課」「人事部 採用担当」).
    pub departments: Vec<String>,
    /// The persons addressed, in order of appearance, no two with the same surname.
    pub persons: Vec<Person>,
}

/// One person named in a 宛名 block or display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The name as written without honorific/title and without spaces inside: 「田中」「田中太郎」「Smith」「John Smith」 (English keeps one space between words).
    pub name: String,
    /// The family name: for Japanese, the name up to the first space if the written name had a space (「田中 太郎」→「田中」), else the whole name; for English with Mr./Ms./Mrs./Dr., the last word; for "Dear John," the given name as written (no honorific: surname = name).
    pub surname: String,
    /// What followed/preceded the name: 「様」「殿」「さん」「先生」「部長」「課長」… or "Mr." etc. Empty if none.
    /// A title and an honorific after the name are kept together as written
    /// (「田中課長様」 → 「課長様」); a title before the name counts only when nothing
    /// follows it (「部長 田中様」 → 「様」, "Mr. Smith" → "Mr.").
    pub honorific: String,
}

impl Addressee {
    /// Nothing was found: no organisation, department or person.
    pub fn is_empty(&self) -> bool {
        self.organisations.is_empty() && self.departments.is_empty() && self.persons.is_empty()
    }

    fn add_org(&mut self, org: &str) {
        let org = org.trim();
        let key = org_key(org);
        if !key.is_empty() && !self.organisations.iter().any(|o| org_key(o) == key) {
            self.organisations.push(org.to_owned());
        }
    }

    fn add_dept(&mut self, dept: &str) {
        let dept = dept.trim();
        if !dept.is_empty() && !self.departments.iter().any(|d| d == dept) {
            self.departments.push(dept.to_owned());
        }
    }

    fn add_person(&mut self, person: Person) {
        let surname = fold(&person.surname);
        if !self.persons.iter().any(|p| fold(&p.surname) == surname) {
            self.persons.push(person);
        }
    }

    fn absorb(&mut self, found: Found) {
        found.orgs.iter().for_each(|o| self.add_org(o));
        found.depts.iter().for_each(|d| self.add_dept(d));
        found.persons.into_iter().for_each(|p| self.add_person(p));
    }
}

// ---------------------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------------------

/// Lines of a 宛名 block at most.
const MAX_BLOCK_LINES: usize = 6;
/// Lines read after the leading blank lines (block, skipped CC lines, the greeting).
const MAX_LINES_READ: usize = 12;
/// A longer line is never a 宛名 line.
const MAX_LINE_CHARS: usize = 80;
/// Characters of a line looked at for a greeting or a quote header.
const MAX_SCAN_CHARS: usize = 300;
/// Characters of a display name looked at.
const MAX_DISPLAY_CHARS: usize = 200;
/// A person's name, spaces not counted.
const MAX_NAME_CHARS: usize = 10;
/// An organisation name without a legal form.
const MAX_ORG_CHARS: usize = 40;
/// White-space separated words of one entry (「楓商事株式会社 営業部 部長 田中 太郎 様」).
const MAX_ENTRY_TOKENS: usize = 10;

// ---------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------

/// Greetings that end the 宛名 block; the text before one on its line may be the 宛名
/// (「田中様、いつもお世話になっております。」). The earliest match on a line wins.
const JA_GREETINGS: &[&str] = &[
    "いつもお世話に",
    "いつも大変お世話に",
    "いつもたいへんお世話に",
    "大変お世話に",
    "たいへんお世話に",
    "お世話になって",
    "お世話になります",
    "お世話になりました",
    "お世話様",
    "お世話さま",
    "平素より",
    "平素は",
    "初めてご連絡",
    "初めてメール",
    "はじめてご連絡",
    "初めまして",
    "はじめまして",
    "始めまして",
    "突然のご連絡",
    "突然ご連絡",
    "突然のメール",
    "突然メール",
    "ご無沙汰",
    "御無沙汰",
    "夜分",
    "先日は",
    "先般は",
    "早速",
    "お疲れ様",
    "お疲れさま",
    "おつかれさま",
    "お疲れです",
    "ご苦労様",
    "ご苦労さま",
    "こんにちは",
    "こんばんは",
    "おはようございます",
    "拝啓",
    "謹啓",
    "前略",
    "時下",
    "いつもありがとう",
    "ありがとうございます",
    "ありがとうございました",
];

/// English greetings at the start of a line that may hold the addressee ("Dear Mr. Smith,").
const EN_GREETINGS_WITH_NAME: &[&str] = &[
    "dear",
    "hi",
    "hello",
    "hey",
    "good morning",
    "good afternoon",
    "good evening",
    "greetings",
];

/// English openings that end the block and name nobody.
const EN_GREETINGS_PLAIN: &[&str] = &[
    "to whom it may concern",
    "thank you",
    "thanks",
    "i hope",
    "hope you",
];

/// Honorifics after a person's name (「田中様」「田中 様」「Tanaka-san」).
const PERSON_HONORIFICS: &[&str] = &["先生", "さま", "サマ", "様", "殿", "さん", "サン"];

/// Honorifics after a romanised name.
const LATIN_HONORIFICS: &[&str] = &["sama", "san", "sensei"];

/// Titles after (「田中部長」) or before (「部長 田中様」) a name. A title ending a word
/// is stripped repeatedly, so 「代表取締役社長」 is two titles.
const TITLES: &[&str] = &[
    "代表取締役",
    "取締役",
    "執行役員",
    "執行役",
    "監査役",
    "相談役",
    "代表社員",
    "社長",
    "会長",
    "専務",
    "常務",
    "顧問",
    "参与",
    "本部長",
    "事業部長",
    "部長",
    "次長",
    "課長",
    "係長",
    "主任",
    "主査",
    "主幹",
    "参事",
    "室長",
    "所長",
    "支店長",
    "支社長",
    "工場長",
    "センター長",
    "グループ長",
    "チーム長",
    "店長",
    "局長",
    "事務長",
    "理事長",
    "理事",
    "監事",
    "学長",
    "校長",
    "院長",
    "園長",
    "師長",
    "教授",
    "准教授",
    "講師",
    "弁護士",
    "税理士",
    "公認会計士",
    "会計士",
    "司法書士",
    "行政書士",
    "弁理士",
    "社労士",
    "医師",
    "先生",
    "代表",
    "代理",
    "補佐",
    "マネージャー",
    "マネジャー",
    "リーダー",
    "委員長",
    "議長",
    "頭取",
    "支配人",
];

/// 「ご担当」 before a name (「ご担当 佐藤様」): read like a title.
const CHARGE_WORDS: &[&str] = &["担当", "ご担当", "御担当", "担当者", "ご担当者"];

/// English words that are never a name by themselves: titles, greetings, legal forms.
const NOT_NAMES: &[&str] = &[
    "mr",
    "ms",
    "mrs",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "dear",
    "hi",
    "hello",
    "hey",
    "inc",
    "co",
    "ltd",
    "corp",
    "corporation",
    "company",
    "llc",
    "kk",
    "limited",
    "plc",
];

/// English titles before a name.
const EN_TITLES: &[&str] = &[
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "miss",
    "mx",
    "mx.",
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
];

/// Japanese legal forms written out. Longer forms first where one contains another.
const JA_LEGAL_FORMS: &[&str] = &[
    "特定非営利活動法人",
    "地方独立行政法人",
    "独立行政法人",
    "国立大学法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "社会福祉法人",
    "社会保険労務士法人",
    "医療法人社団",
    "医療法人財団",
    "医療法人",
    "学校法人",
    "宗教法人",
    "社団法人",
    "財団法人",
    "弁護士法人",
    "税理士法人",
    "司法書士法人",
    "行政書士法人",
    "監査法人",
    "NPO法人",
    "ＮＰＯ法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "相互会社",
];

/// The abbreviated legal forms, written in brackets: (株) （株） ㈱.
const JA_LEGAL_ABBREVIATIONS: &[&str] = &[
    "株", "有", "同", "資", "名", "合", "社", "財", "医", "学", "福", "特非", "独",
];

/// The circled forms (㈱ ㈲ …).
const JA_CIRCLED_FORMS: &[char] = &['㈱', '㈲', '㈳', '㈴', '㈵', '㈶', '㈻', '㈾'];

/// The folded legal forms that [`org_key`] removes anywhere in a name.
const JA_LEGAL_FORMS_FOLDED: &[&str] = &[
    "特定非営利活動法人",
    "地方独立行政法人",
    "独立行政法人",
    "国立大学法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "社会福祉法人",
    "社会保険労務士法人",
    "医療法人社団",
    "医療法人財団",
    "医療法人",
    "学校法人",
    "宗教法人",
    "社団法人",
    "財団法人",
    "弁護士法人",
    "税理士法人",
    "司法書士法人",
    "行政書士法人",
    "監査法人",
    "npo法人",
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "相互会社",
    "(株)",
    "(有)",
    "(同)",
    "(資)",
    "(名)",
    "(合)",
    "(社)",
    "(財)",
    "(医)",
    "(学)",
    "(福)",
    "(特非)",
    "(独)",
    "(特)",
];

/// English legal-form words (folded), ending an organisation name.
const EN_LEGAL_FORMS: &[&str] = &[
    "inc",
    "inc.",
    "incorporated",
    "co",
    "co.",
    "co.,",
    "ltd",
    "ltd.",
    "co.,ltd",
    "co.,ltd.",
    "co.ltd",
    "co.ltd.",
    "corp",
    "corp.",
    "corporation",
    "company",
    "llc",
    "l.l.c.",
    "k.k.",
    "kk",
    "g.k.",
    "gk",
    "limited",
    "plc",
    "gmbh",
];

/// The same words as [`org_key`] strips them from the end of a folded name (trailing
/// dots already gone).
const EN_LEGAL_FORMS_KEY: &[&str] = &[
    "incorporated",
    "corporation",
    "company",
    "limited",
    "l.l.c",
    "k.k",
    "g.k",
    "corp",
    "gmbh",
    "inc",
    "ltd",
    "llc",
    "plc",
    "co",
    "kk",
    "gk",
];

/// Honorifics [`org_key`] takes off the end of an organisation name.
const ORG_KEY_HONORIFICS: &[&str] = &["御中", "様", "さま", "殿"];

/// Words ending an organisation name without a legal form (「楓商事」「ミナトソフト」):
/// with one, the first word of 「楓商事 田中様」 is an organisation, not a family name.
const ORG_WORDS: &[&str] = &[
    "商事",
    "商会",
    "商店",
    "商社",
    "産業",
    "工業",
    "興業",
    "物産",
    "建設",
    "工務店",
    "電機",
    "電気",
    "電工",
    "電子",
    "製作所",
    "製薬",
    "薬品",
    "化学",
    "化成",
    "食品",
    "銀行",
    "信用金庫",
    "信金",
    "証券",
    "保険",
    "生命",
    "損保",
    "不動産",
    "技研",
    "精機",
    "精工",
    "運輸",
    "物流",
    "通商",
    "貿易",
    "重工",
    "自動車",
    "鉄道",
    "航空",
    "電力",
    "出版",
    "印刷",
    "新聞",
    "放送",
    "通信",
    "情報",
    "開発",
    "設計",
    "研究所",
    "事務所",
    "大学",
    "学園",
    "学院",
    "高校",
    "学校",
    "病院",
    "医院",
    "クリニック",
    "協会",
    "組合",
    "連合会",
    "財団",
    "機構",
    "市役所",
    "区役所",
    "役場",
    "県庁",
    "庁",
    "工房",
    "社",
    "システム",
    "システムズ",
    "ソフト",
    "ソフトウェア",
    "テック",
    "テクノ",
    "テクノロジー",
    "テクノロジーズ",
    "ソリューション",
    "ソリューションズ",
    "ネット",
    "ネットワーク",
    "ネットワークス",
    "サービス",
    "コンサルティング",
    "デザイン",
    "ラボ",
    "スタジオ",
    "ジャパン",
    "ホールディングス",
    "エンジニアリング",
    "パートナーズ",
    "電材",
    "建材",
    "総研",
    "興産",
    "フーズ",
    "ロジスティクス",
    "市",
    "区",
    "県",
    "府",
];

/// Romanised organisation words: a latin display name holding one is no person's name.
const EN_ORG_WORDS: &[&str] = &[
    "shoji",
    "sangyo",
    "kogyo",
    "bussan",
    "kensetsu",
    "denki",
    "seisakusho",
    "system",
    "systems",
    "tech",
    "technology",
    "technologies",
    "solutions",
    "holdings",
    "japan",
    "bank",
    "university",
    "hospital",
    "clinic",
    "lab",
    "labs",
    "group",
    "service",
    "services",
    "consulting",
    "partners",
    "software",
    "network",
    "networks",
    "trading",
    "industries",
    "industry",
    "motors",
    "electric",
    "international",
    "global",
    "associates",
    "design",
    "studio",
    "office",
    "agency",
    "center",
    "centre",
    "institute",
    "foundation",
    "association",
    "school",
    "college",
    "news",
    "mail",
    "noreply",
    "no-reply",
    "desk",
    "shop",
    "store",
    "outlook",
    "calendar",
    "notification",
    "notifications",
    "notice",
    "newsletter",
    "bot",
    "alert",
    "alerts",
    "report",
    "reports",
    "billing",
    "account",
    "accounts",
    "payments",
    "security",
    "delivery",
    "subsystem",
    "mailer",
    "daemon",
    "postmaster",
    "helpdesk",
    "help",
    "contact",
    "inquiry",
    "inquiries",
    "press",
    "media",
    "marketing",
    "hr",
    "recruit",
    "recruiting",
    "careers",
    "jobs",
    "events",
    "online",
    "official",
    "web",
    "app",
    "cloud",
];

/// Department endings that stand on their own (「東京支店」「開発チーム」「採用担当」).
const DEPT_SUFFIXES: &[&str] = &[
    "事業部",
    "本部",
    "支店",
    "支社",
    "営業所",
    "出張所",
    "事業所",
    "センター",
    "グループ",
    "チーム",
    "担当",
    "部門",
    "事務局",
    "工場",
    "研究室",
    "分室",
];

/// Department endings of one character, which also end family names (阿部, 服部, 小室):
/// a department only with a department-like stem ([`DEPT_STEMS`]) or a long one.
const DEPT_SHORT_SUFFIXES: &[char] = &['部', '課', '室', '局', '係', '班'];

/// Department endings that make a department on their own (「事務局 御中」).
const DEPT_BARE: &[&str] = &["事務局", "本部"];

/// What departments are named after (営業部, 経理課, 情報システム室).
const DEPT_STEMS: &[&str] = &[
    "調査",
    "仕入",
    "サービス",
    "施工",
    "設備",
    "分析",
    "計画",
    "配送",
    "営業",
    "経理",
    "総務",
    "人事",
    "技術",
    "開発",
    "企画",
    "製造",
    "購買",
    "調達",
    "資材",
    "法務",
    "広報",
    "財務",
    "会計",
    "業務",
    "管理",
    "事業",
    "販売",
    "品質",
    "生産",
    "設計",
    "研究",
    "情報",
    "システム",
    "海外",
    "国際",
    "秘書",
    "社長",
    "経営",
    "監査",
    "物流",
    "受注",
    "発注",
    "施設",
    "庶務",
    "教務",
    "学務",
    "医事",
    "看護",
    "薬剤",
    "検査",
    "編集",
    "制作",
    "宣伝",
    "広告",
    "顧客",
    "サポート",
    "推進",
    "戦略",
    "商品",
    "店舗",
    "外商",
    "工務",
    "建築",
    "土木",
    "保守",
    "運用",
    "知財",
    "特許",
    "輸出",
    "輸入",
    "貿易",
    "出荷",
    "在庫",
    "採用",
    "教育",
    "研修",
    "労務",
    "給与",
    "厚生",
    "事務",
    "総合",
    "渉外",
    "審査",
    "債権",
    "融資",
    "契約",
    "工事",
    "安全",
    "環境",
    "衛生",
    "マーケティング",
    "IT",
    "DX",
];

/// English department words ("Sales Department", "Accounting Dept.").
const EN_DEPT_WORDS: &[&str] = &[
    "department",
    "dept",
    "dept.",
    "division",
    "div.",
    "section",
    "team",
    "unit",
    "bureau",
];

/// Words that address a group, not a person (「関係者各位」「ご担当者様」「皆様」).
const GROUP_WORDS: &[&str] = &[
    "皆",
    "皆々",
    "みな",
    "みんな",
    "各位",
    "関係",
    "関係各位",
    "ご関係",
    "担当",
    "ご担当",
    "御担当",
    "お客",
    "御客",
    "客",
    "ご一同",
    "御一同",
    "一同",
    "社員",
    "職員",
    "会員",
    "貴社",
    "御社",
    "弊社",
    "当社",
    "各社",
    "社内",
    "社外",
    "部内",
    "課内",
    "全員",
    "全社",
    "各部",
    "各部署",
    "取引先",
    "お取引先",
    "株主",
    "ご依頼主",
    "お得意",
    "ご家族",
    "メンバー",
    "スタッフ",
    "ユーザー",
    "奥",
    "各",
];

/// English words that address a group or nobody ("Dear Sir or Madam", "Hi all").
const EN_GROUP_WORDS: &[&str] = &[
    "sir",
    "sirs",
    "madam",
    "madame",
    "all",
    "everyone",
    "everybody",
    "team",
    "colleagues",
    "colleague",
    "customer",
    "customers",
    "client",
    "clients",
    "friends",
    "friend",
    "members",
    "member",
    "partners",
    "partner",
    "recipient",
    "recipients",
    "manager",
    "hiring",
    "valued",
    "support",
    "sales",
    "staff",
    "concern",
    "whom",
    "gentlemen",
    "ladies",
    "folks",
    "guys",
    "there",
    "both",
    "you",
    "admin",
    "webmaster",
    "info",
    "user",
    "users",
    "owner",
    "applicant",
    "candidate",
    "participants",
    "attendees",
    "committee",
    "board",
    "reader",
    "subscriber",
    "subscribers",
    "shareholders",
];

/// Words of a subject or a sentence, never in a name (「見積書送付」「日程調整」).
const SUBJECT_WORDS: &[&str] = &[
    "件",
    "見積",
    "請求",
    "資料",
    "送付",
    "案内",
    "連絡",
    "依頼",
    "報告",
    "確認",
    "議事録",
    "お知らせ",
    "打ち合わせ",
    "打合せ",
    "会議",
    "日程",
    "納品",
    "発注書",
    "注文",
    "申請",
    "提出",
    "返信",
    "回答",
    "質問",
    "相談",
    "変更",
    "修正",
    "追加",
    "更新",
    "予定",
    "送信",
    "受信",
    "共有",
    "転送",
    "添付",
    "重要",
    "至急",
    "参考",
];

/// Hiragana runs that are particles: 「楓商事の田中」 is a phrase, not a name.
const PARTICLES: &[&str] = &[
    "の", "を", "は", "が", "に", "で", "へ", "も", "と", "や", "か", "から", "まで", "より",
    "など", "って",
];

/// Endings of hiragana runs that make a verb or a sentence (「送ります」「了解です」).
const PROSE_ENDINGS: &[&str] = &[
    "ます",
    "です",
    "ました",
    "でした",
    "ません",
    "ください",
    "する",
    "した",
    "して",
    "ない",
    "たい",
    "ましょう",
];

/// Hiragana words of a sentence.
const PROSE_WORDS: &[&str] = &["ありがと", "よろしく", "おねがい", "すみません", "いたし"];

/// Marks of a sentence: a line holding one is no 宛名 line.
const SENTENCE_MARKS: &[char] = &['。', '！', '？', '!', '?', '「', '」', '『', '』', '…'];

/// Punctuation allowed in an organisation name.
const ORG_PUNCT: &[char] = &[
    '&', '＆', '・', '-', '－', '.', '．', '\'', '’', 'ー', '+', '＋',
];

/// Labels before a 宛名 line ("To: ABC Inc. / Mr. Smith", 「宛先：楓商事 田中様」).
const LABELS: &[&str] = &[
    "to:",
    "to：",
    "attn:",
    "attn.",
    "attn：",
    "attention:",
    "宛先:",
    "宛先：",
    "宛:",
    "宛：",
];

/// Header fields of a quoted or forwarded mail: the own text has ended.
const QUOTE_HEADER_FIELDS: &[&str] = &[
    "from",
    "sent",
    "date",
    "subject",
    "reply-to",
    "差出人",
    "送信者",
    "送信元",
    "送信日時",
    "日付",
    "日時",
    "件名",
    "返信先",
];

/// Header fields that only label a 宛名 line, unless they hold an address or more
/// header fields follow.
const LABEL_HEADER_FIELDS: &[&str] = &["to", "cc", "宛先"];

/// Texts of a quote or forward header line.
const QUOTE_MARKERS: &[&str] = &[
    "original message",
    "forwarded message",
    "begin forwarded",
    "元のメッセージ",
    "転送メッセージ",
    "転送されたメッセージ",
    "転送メール",
];

/// How a line introducing a quote ends (before its colon).
const QUOTE_INTRO_ENDINGS: &[&str] = &[
    "wrote",
    "writes",
    "書きました",
    "書き込みました",
    "のメッセージ",
    "からのメール",
    "送信しました",
];

/// Characters of a ruled line or a signature separator (「━━━」「-- 」「＝＝＝」).
const RULE_CHARS: &[char] = &[
    '-', '=', '_', '*', '~', '+', '#', '━', '─', '―', '‐', '—', '～', '〜', '＝', '＊', '■', '□',
    '◆', '◇', '・', '－', '＿', '═', '┃', '│', '║', '┏', '┓', '┗', '┛', '┌', '┐', '└', '┘', '╔',
    '╗', '╚', '╝', '★', '☆', 'ー', '/',
];

/// Invisible characters mail clients leave in text; dropped before reading a line.
const INVISIBLE: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// Bracket contents in a display name that say nothing about the organisation.
const IGNORED_BRACKETS: &[&str] = &[
    "社外",
    "外部",
    "個人",
    "自宅",
    "携帯",
    "私用",
    "本人",
    "社内",
    "代理",
    "共有",
    "仮",
    "旧",
    "新",
    "退職",
    "出向",
    "兼務",
    "要確認",
    "mobile",
    "home",
    "private",
    "personal",
    "work",
    "office",
    "external",
];

// ---------------------------------------------------------------------------------------
// Public functions
// ---------------------------------------------------------------------------------------

/// The 宛名 block of a body: the sender's own text's first lines before the greeting.
///
/// Takes the whole body. Leading blank lines are skipped; the block is the lines up to
/// the greeting (いつもお世話に…, Dear …), a blank line, a line that is no 宛名 line, or
/// six lines. A greeting line may hold the 宛名 before it (「田中様、いつもお世話に
/// なっております。」, "Dear Mr. Smith,"). Without any greeting the block counts only
/// when it clearly is one: its last line ends with 様/殿/御中/先生/さん/各位 or a title.
/// Quoted text, quote and forward headers and signature separators end the block, and a
/// body that starts with one of them, or with prose, has no 宛名: the result is empty.
pub fn parse_addressee(body: &str) -> Addressee {
    let lines: Vec<Line> = body_lines(body)
        .map(Line::new)
        .skip_while(|l| l.text.is_empty())
        .take(MAX_LINES_READ)
        .collect();
    let mut block: Vec<Found> = Vec::new();
    let mut greeted = false;
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        if block.len() >= MAX_BLOCK_LINES
            || line.text.is_empty()
            || is_stop_line(line, lines.get(at + 1..).unwrap_or_default())
        {
            break;
        }
        if let Some(greeting) = greeting_split(&line.text) {
            greeted = true;
            push_greeting(&mut block, &greeting);
            break;
        }
        if is_skipped_line(&line.text) {
            at += 1;
            continue;
        }
        match parse_block_line(line) {
            Some(found) if found.tentative_org.is_none() || block.is_empty() => block.push(found),
            // A subject banner above the 宛名: 「【お見積りのご送付】」.
            None if block.is_empty() && at == 0 && is_banner(&line.text) => {}
            _ => break,
        }
        at += 1;
    }
    if !greeted {
        // The greeting after the blank line that ends the block ("Dear Mr. Smith,").
        let rest = lines.get(at..).unwrap_or_default();
        if let Some(next) = rest.iter().position(|l| !l.text.is_empty())
            && let Some(line) = rest.get(next)
            && !is_stop_line(line, rest.get(next + 1..).unwrap_or_default())
            && let Some(greeting) = greeting_split(&line.text)
        {
            greeted = true;
            push_greeting(&mut block, &greeting);
        }
    }
    finish_block(&block, greeted)
}

/// A display name as a mail client shows it: 「田中 太郎（楓商事）」「楓商事 田中様」「Taro Tanaka (Kaede Shoji)」「楓商事株式会社 営業部 田中」. Same output type. A bare display name with no honorific and no organisation marker gives a person only when it looks like a person's name (e.g. two CJK words 「田中 太郎」 → person 田中太郎 surname 田中); ambiguous single words give nothing. An email address in it is ignored.
///
/// Brackets hold an organisation or a department (「（楓商事）」「(営業部)」), unless they
/// hold the name's reading (「(タナカ タロウ)」「(Tanaka Taro)」) or a note such as
/// 「(社外)」. Parts separated by 「/」 or 「|」 are read as one name.
pub fn parse_display_name(name: &str) -> Addressee {
    let clean = clean_display(name);
    let (outside, inside) = split_brackets(&clean);
    let outside_cjk = outside.chars().any(is_japanese);
    let mut out = Addressee::default();
    let mut context = false;
    for content in &inside {
        if let Some(found) = bracket_content(content, outside_cjk) {
            context |= !found.orgs.is_empty() || !found.depts.is_empty();
            out.absorb(found);
        }
    }
    let parts: Vec<&str> = outside
        .split(['/', '／', '|', '｜'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut people = Vec::new();
    for part in &parts {
        match org_only(part).filter(|_| parts.len() > 1) {
            Some(org) => {
                out.add_org(org);
                context = true;
            }
            None => people.push(*part),
        }
    }
    for part in people {
        if let Some(found) = parse_line(part, Mode::Display, context) {
            out.absorb(found);
        }
    }
    out
}

/// The comparison key of an organisation name: NFKC, lower-case, without legal-form words (株式会社, 有限会社, 合同会社, 合資会社, 合名会社, 一般社団法人, 一般財団法人, 公益社団法人, 公益財団法人, 社会福祉法人, 医療法人, 学校法人, 特定非営利活動法人, NPO法人, 独立行政法人, (株), （株）, ㈱, (有), ㈲, (同), Co., Ltd., Co.,Ltd., Inc., Corp., Corporation, Company, LLC, K.K., KK, G.K.), without spaces/punctuation, without 様/御中/殿. 「楓商事株式会社」「株式会社 楓商事」「㈱楓商事」「(株)楓商事 御中」 → all 「楓商事」; 「Kaede Shoji Co., Ltd.」→「kaedeshoji」. Returns "" when nothing remains.
///
/// Only letters, digits and `&` are kept: 「・」 goes like any other punctuation (so
/// 「ABC・ホールディングス」 = 「ABCホールディングス」), `&` stays because it is part of
/// the name (「A&B商事」 ≠ 「AB商事」); 「ー」 is a letter and stays. Japanese legal forms
/// go wherever they are; English ones and the honorifics only at the end, so 「御殿場
/// 商事」 and "Costco" keep their letters.
pub fn org_key(name: &str) -> String {
    let mut key = fold(name);
    for form in JA_LEGAL_FORMS_FOLDED {
        if key.contains(form) {
            key = key.replace(form, " ");
        }
    }
    let mut rest = key.as_str();
    loop {
        let trimmed = rest.trim_end_matches(|c: char| !keep_char(c));
        let stripped = ORG_KEY_HONORIFICS
            .iter()
            .find_map(|h| trimmed.strip_suffix(h))
            .or_else(|| strip_en_legal_form(trimmed));
        match stripped {
            Some(shorter) => rest = shorter,
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    rest.chars().filter(|c| keep_char(*c)).collect()
}

/// Free text folded the same way org_key folds (NFKC, lower-case, no spaces/punctuation) but with no words removed, so `fold_text(file_name).contains(&org_key(org))` finds an organisation named in a file name like 「見積書_楓商事様.pdf」.
///
/// (An empty key is contained in everything: callers skip organisations whose key is
/// empty.)
pub fn fold_text(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| keep_char(*c))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------------------

/// NFKC and lower case.
fn fold(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// What a key keeps: letters (ー and 々 included), digits and `&`.
fn keep_char(c: char) -> bool {
    c.is_alphanumeric() || c == '&'
}

/// `text` without an English legal-form word at its end, when one is there as a word.
fn strip_en_legal_form(text: &str) -> Option<&str> {
    EN_LEGAL_FORMS_KEY.iter().find_map(|form| {
        let before = text.strip_suffix(form)?;
        before
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
            .then_some(before)
    })
}

// ---------------------------------------------------------------------------------------
// Characters
// ---------------------------------------------------------------------------------------

fn is_kanji(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '々' | '〆' | '〇')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

fn is_katakana(c: char) -> bool {
    matches!(c,
        '\u{30A1}'..='\u{30FA}'
        | 'ー' | '・' | 'ヽ' | 'ヾ'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{FF66}'..='\u{FF9F}')
}

fn is_japanese(c: char) -> bool {
    is_kanji(c) || is_hiragana(c) || is_katakana(c)
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '０'..='９')
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// At most `max` characters of `text`, cut at a character boundary.
fn truncate_chars(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((at, _)) => text.get(..at).unwrap_or(text),
        None => text,
    }
}

// ---------------------------------------------------------------------------------------
// Lines of a body
// ---------------------------------------------------------------------------------------

/// One line of the body, cleaned: at most [`MAX_SCAN_CHARS`] characters, invisible
/// characters dropped, control characters made spaces, trimmed.
#[derive(Debug)]
struct Line {
    text: String,
    /// Longer than a 宛名 line can be.
    long: bool,
}

impl Line {
    fn new(raw: &str) -> Line {
        let long = raw.chars().nth(MAX_LINE_CHARS).is_some();
        let text: String = truncate_chars(raw, MAX_SCAN_CHARS)
            .chars()
            .filter(|c| !INVISIBLE.contains(c))
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        Line {
            text: text.trim().to_owned(),
            long,
        }
    }
}

/// The lines of a body, whatever its line breaks (CRLF, LF, lone CR).
fn body_lines(body: &str) -> impl Iterator<Item = &str> {
    body.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
}

/// A line that ends the own text: quoted text, a quote or forward header, a signature
/// separator or a ruled line, a header block of a quoted mail.
fn is_stop_line(line: &Line, following: &[Line]) -> bool {
    let t = line.text.as_str();
    if t.starts_with(['>', '＞', '|', '｜']) || is_rule_line(t) {
        return true;
    }
    let lower = t.to_lowercase();
    if QUOTE_MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let core = lower.trim_end_matches([':', '：', ' ']);
    if core.len() < lower.len() {
        if QUOTE_INTRO_ENDINGS.iter().any(|e| core.ends_with(e)) {
            return true;
        }
        // Gmail in Japanese: 「2024年5月1日(水) 10:00 佐藤 太郎 <sato@example.jp>:」.
        if lower.contains('@') && lower.chars().filter(char::is_ascii_digit).count() >= 4 {
            return true;
        }
    }
    if (lower.starts_with("on ") && lower.contains("wrote")) || t.contains("書きました") {
        return true;
    }
    match header_field(t) {
        Some(field) if QUOTE_HEADER_FIELDS.contains(&field.as_str()) => true,
        Some(field) if LABEL_HEADER_FIELDS.contains(&field.as_str()) => {
            t.contains('@')
                || following.iter().take(3).any(|next| {
                    header_field(&next.text)
                        .is_some_and(|f| QUOTE_HEADER_FIELDS.contains(&f.as_str()))
                })
        }
        _ => false,
    }
}

/// The lower-case field name of a header-like line (`From: …` → `from`).
fn header_field(line: &str) -> Option<String> {
    let (name, _) = line.split_once([':', '：'])?;
    let name = name.trim();
    (char_count(name) <= 12).then(|| name.to_lowercase())
}

/// A line made only of rule characters (━━━, ----, ＝＝＝), or a signature separator.
fn is_rule_line(text: &str) -> bool {
    let t = text.trim();
    t == "—"
        || (t.chars().filter(|c| !c.is_whitespace()).count() >= 2
            && t.chars()
                .all(|c| c.is_whitespace() || RULE_CHARS.contains(&c)))
}

/// A line that is one bracketed phrase: a subject banner (「【ご請求書送付のお知らせ】」).
fn is_banner(text: &str) -> bool {
    let t = text.trim();
    [('【', '】'), ('[', ']'), ('［', '］'), ('■', '■')]
        .iter()
        .any(|(open, close)| {
            t.strip_prefix(*open)
                .and_then(|r| r.strip_suffix(*close))
                .is_some_and(|inner| !inner.contains([*open, *close]))
        })
}

/// A line in the block that names nobody the mail is for: 「（CC：弊社 山田）」, 「（敬称略）」.
fn is_skipped_line(text: &str) -> bool {
    let head = fold(truncate_chars(text, 8));
    let head = head.trim_start_matches(['(', '[', '<', ' ']);
    let cc = ["cc", "bcc", "写"].iter().any(|p| {
        head.strip_prefix(p)
            .is_some_and(|r| r.starts_with([':', ' ', '.']))
    });
    cc || text.trim_matches(|c: char| !is_japanese(c)) == "敬称略"
}

/// A line of the block, if it reads as one.
fn parse_block_line(line: &Line) -> Option<Found> {
    if line.long {
        return None;
    }
    parse_line(&line.text, Mode::Body, false)
}

/// What the lines of a block say, once it is known whether a greeting followed.
fn finish_block(block: &[Found], greeted: bool) -> Addressee {
    let Some(last) = block.last() else {
        return Addressee::default();
    };
    if !greeted && !last.marked {
        return Addressee::default();
    }
    let mut out = Addressee::default();
    for (at, found) in block.iter().enumerate() {
        if let Some(org) = &found.tentative_org
            && block.get(at + 1).is_some_and(|next| {
                !next.persons.is_empty() || !next.depts.is_empty() || next.group
            })
        {
            out.add_org(org);
        }
        out.absorb(found.clone());
    }
    out
}

// ---------------------------------------------------------------------------------------
// Greetings
// ---------------------------------------------------------------------------------------

/// The part of a greeting line that may name the addressee.
#[derive(Debug)]
struct Greeting<'a> {
    /// The text before a Japanese greeting, or after "Dear"/"Hi" up to the comma.
    part: &'a str,
    english: bool,
}

/// The greeting on a line, if it holds one.
fn greeting_split(text: &str) -> Option<Greeting<'_>> {
    if let Some(rest) = english_greeting(text) {
        let end = rest
            .find([',', '，', ':', '：', '!', '！', '、', '。', ';'])
            .unwrap_or(rest.len());
        let part = rest.get(..end).unwrap_or("");
        let part = part.split(" - ").next().unwrap_or("");
        let part = ja_greeting_pos(part)
            .and_then(|at| part.get(..at))
            .unwrap_or(part);
        return Some(Greeting {
            part: part.trim(),
            english: true,
        });
    }
    let at = ja_greeting_pos(text)?;
    let part = text
        .get(..at)
        .unwrap_or("")
        .trim_end_matches(['、', ',', '，', ' ', '　', ':', '：', '\t']);
    Some(Greeting {
        part: part.trim(),
        english: false,
    })
}

/// Where the earliest Japanese greeting on a line starts.
fn ja_greeting_pos(text: &str) -> Option<usize> {
    JA_GREETINGS.iter().filter_map(|g| text.find(g)).min()
}

/// The text after an English greeting word at the start of a line ("Dear", "Hi"); ""
/// for an opening that names nobody ("Thank you").
fn english_greeting(text: &str) -> Option<&str> {
    let after = |word: &str| {
        let head = text.get(..word.len())?;
        let rest = text.get(word.len()..)?;
        (head.eq_ignore_ascii_case(word)
            && rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
        .then_some(rest)
    };
    if let Some(rest) = EN_GREETINGS_WITH_NAME.iter().find_map(|w| after(w)) {
        return Some(rest.trim_start_matches([' ', ',', ':', '　']));
    }
    EN_GREETINGS_PLAIN.iter().find_map(|w| after(w)).map(|_| "")
}

/// Adds what a greeting line names to the block.
fn push_greeting(block: &mut Vec<Found>, greeting: &Greeting<'_>) {
    let found = if greeting.part.is_empty() {
        None
    } else if greeting.english {
        english_salutation(greeting.part)
    } else {
        parse_line(greeting.part, Mode::Body, false)
    };
    if let Some(found) = found.filter(Found::has_content) {
        block.push(found);
    }
}

/// Who "Dear …" or "Hi …" names: "Mr. Smith", "John", "田中様"; nobody for "Sir or
/// Madam", "all", "team".
fn english_salutation(part: &str) -> Option<Found> {
    let words = part.split(|c: char| c.is_whitespace() || c == '/');
    if words
        .map(fold)
        .any(|w| EN_GROUP_WORDS.contains(&w.trim_matches('.')))
    {
        return None;
    }
    let mut found = Found {
        marked: true,
        ..Found::default()
    };
    for piece in part.split(" and ").flat_map(|p| p.split(" & ")) {
        let piece = piece.trim();
        match parse_line(piece, Mode::Body, false) {
            Some(f) if !f.persons.is_empty() || !f.orgs.is_empty() => {
                found.absorb(Found {
                    tentative_org: None,
                    ..f
                });
            }
            _ => found.persons.extend(bare_name(piece)),
        }
    }
    found.has_content().then_some(found)
}

/// A name without honorific after "Dear" or "Hi": "John", "John Smith", 「田中」.
fn bare_name(piece: &str) -> Option<Person> {
    let words: Vec<&str> = piece.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    if words.iter().all(|w| is_en_name_word(w, true)) {
        let name = words.join(" ");
        return Some(Person {
            surname: name.clone(),
            name,
            honorific: String::new(),
        });
    }
    if words.len() <= 2
        && words
            .iter()
            .all(|w| is_ja_name_token(w) && !ends_with_org_word(w))
    {
        let name: String = words.concat();
        let surname = if words.len() == 2 { words[0] } else { &name };
        return Some(Person {
            surname: surname.to_owned(),
            name: name.clone(),
            honorific: String::new(),
        });
    }
    None
}

// ---------------------------------------------------------------------------------------
// One 宛名 line
// ---------------------------------------------------------------------------------------

/// Whether names are read from a body's 宛名 (a person needs an honorific or a title) or
/// from a display name (a name after an organisation, or a full name, is a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Body,
    Display,
}

/// What one entry or one line of a 宛名 says.
#[derive(Debug, Clone, Default)]
struct Found {
    orgs: Vec<String>,
    depts: Vec<String>,
    persons: Vec<Person>,
    /// A name with no mark that is an organisation if a person or department follows on
    /// the next line (「楓商事」 above 「営業部 田中様」).
    tentative_org: Option<String>,
    /// Addresses a group (各位, ご担当者様, 皆様).
    group: bool,
    /// Ends like a 宛名: an honorific, 御中, 各位, a title, Mr.
    marked: bool,
}

impl Found {
    fn has_content(&self) -> bool {
        !self.orgs.is_empty()
            || !self.depts.is_empty()
            || !self.persons.is_empty()
            || self.tentative_org.is_some()
            || self.group
            || self.marked
    }

    fn absorb(&mut self, other: Found) {
        self.orgs.extend(other.orgs);
        self.depts.extend(other.depts);
        self.persons.extend(other.persons);
        self.group |= other.group;
        self.marked |= other.marked;
        if self.tentative_org.is_none() {
            self.tentative_org = other.tentative_org;
        }
    }
}

/// One line (or greeting part, or display name part): its entries, each read on its own.
/// None when any entry is no 宛名 (prose, a subject, a stray word) in a body.
fn parse_line(text: &str, mode: Mode, context: bool) -> Option<Found> {
    if char_count(text) > MAX_LINE_CHARS || text.contains(SENTENCE_MARKS) {
        return None;
    }
    let cleaned = without_notes(strip_label(text.trim()));
    let text = cleaned
        .trim()
        .trim_end_matches([',', '、', '，', ':', '：'])
        .trim();
    // 「田中さんへ」
    let text = text
        .strip_suffix('へ')
        .filter(|t| ends_with_honorific(t))
        .unwrap_or(text);
    let mut found = Found::default();
    let mut entries = 0;
    for entry in split_entries(text) {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        match parse_entry(entry, mode, context) {
            Some(f) => found.absorb(f),
            None if mode == Mode::Body => return None,
            None => {}
        }
        entries += 1;
    }
    // A stray word next to other entries is no organisation.
    if entries > 1 || !found.orgs.is_empty() || !found.depts.is_empty() {
        found.tentative_org = None;
    }
    found.has_content().then_some(found)
}

/// A 宛名 line without its notes: 「（CC：佐藤）」 and 「(敬称略)」 go, 【】 and ［］
/// around an organisation become spaces (「【楓商事】田中様」).
fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['(', '（']) {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open..).unwrap_or("");
        let close = after.find([')', '）']);
        let note = close.and_then(|c| after.get(..c)).unwrap_or("");
        let note_len = close.map_or(0, |c| {
            c + after
                .get(c..)
                .and_then(|a| a.chars().next())
                .map_or(1, char::len_utf8)
        });
        let inner = note
            .get(note.chars().next().map_or(0, char::len_utf8)..)
            .unwrap_or("");
        if close.is_some() && is_skipped_line(inner) {
            out.push(' ');
            rest = after.get(note_len..).unwrap_or("");
        } else {
            let step = after.chars().next().map_or(after.len(), char::len_utf8);
            out.push_str(after.get(..step).unwrap_or(""));
            rest = after.get(step..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out.chars()
        .map(|c| {
            if matches!(c, '【' | '】' | '［' | '］' | '[' | ']') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// `text` without a leading label ("To:", 「宛先：」, "Attn:").
fn strip_label(text: &str) -> &str {
    for label in LABELS {
        if let Some(head) = text.get(..label.len())
            && head.to_lowercase() == *label
        {
            return text.get(label.len()..).unwrap_or("").trim_start();
        }
    }
    text
}

/// The entries of a line: 「田中様、佐藤様」, "ABC Inc. / Mr. Smith", 「田中様 佐藤様」.
/// A comma before a legal form ("Kaede Co., Ltd.") does not separate.
fn split_entries(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        let next = at + c.len_utf8();
        let cut = match c {
            '、' | ';' | '；' | '／' | '/' | '|' | '｜' => true,
            ',' | '，' => !text.get(next..).is_some_and(starts_legal_continuation),
            '・' | '&' | '＆' => text.get(start..at).is_some_and(ends_with_honorific),
            _ => false,
        };
        if cut {
            pieces.push(text.get(start..at).unwrap_or(""));
            start = next;
        }
    }
    pieces.push(text.get(start..).unwrap_or(""));
    pieces
        .into_iter()
        .flat_map(split_after_honorifics)
        .collect()
}

/// The text after a comma continues a legal form ("Co., Ltd.").
fn starts_legal_continuation(rest: &str) -> bool {
    let head = fold(truncate_chars(rest.trim_start(), 8));
    [
        "ltd", "inc", "llc", "l.l.c", "limited", "co.", "corp", "plc", "gmbh", "k.k",
    ]
    .iter()
    .any(|f| head.starts_with(f))
}

fn ends_with_honorific(text: &str) -> bool {
    let t = text.trim_end();
    PERSON_HONORIFICS
        .iter()
        .chain(&["御中"])
        .any(|h| t.ends_with(h))
}

/// 「田中様 佐藤様」 → 「田中様」「佐藤様」: a word ending in an honorific ends an entry.
fn split_after_honorifics(piece: &str) -> Vec<&str> {
    let toks = Tokens::new(piece);
    let mut out = Vec::new();
    let mut first = 0;
    for i in 0..toks.len() {
        if i + 1 < toks.len() && ends_with_honorific(toks.get(i)) {
            out.push(toks.span(first, i));
            first = i + 1;
        }
    }
    if first < toks.len() {
        out.push(toks.span(first, toks.len() - 1));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Tokens of an entry
// ---------------------------------------------------------------------------------------

/// The words of an entry as byte ranges of its text, so that a run of words can be
/// given back as written (「株式会社　楓商事」 keeps its full-width space).
#[derive(Debug)]
struct Tokens<'a> {
    text: &'a str,
    spans: Vec<(usize, usize)>,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Self {
        let mut spans = Vec::new();
        let mut start = None;
        for (at, c) in text.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = start.take() {
                    spans.push((s, at));
                }
            } else if start.is_none() {
                start = Some(at);
            }
        }
        if let Some(s) = start {
            spans.push((s, text.len()));
        }
        Tokens { text, spans }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    fn get(&self, i: usize) -> &'a str {
        self.spans
            .get(i)
            .and_then(|&(s, e)| self.text.get(s..e))
            .unwrap_or("")
    }

    /// Tokens `from..=to` as written.
    fn span(&self, from: usize, to: usize) -> &'a str {
        match (self.spans.get(from), self.spans.get(to)) {
            (Some(&(s, _)), Some(&(_, e))) if s <= e => self.text.get(s..e).unwrap_or(""),
            _ => "",
        }
    }

    fn last(&self) -> &'a str {
        self.len().checked_sub(1).map_or("", |i| self.get(i))
    }

    fn pop(&mut self) {
        self.spans.pop();
    }

    /// Cuts `bytes` off the end of the last token (a suffix found with `ends_with`).
    fn shorten_last(&mut self, bytes: usize) {
        if let Some(last) = self.spans.last_mut()
            && last.1 >= last.0 + bytes
        {
            last.1 -= bytes;
            if last.1 == last.0 {
                self.spans.pop();
            }
        }
    }

    /// Splits token `i` after its first `bytes` bytes.
    fn split(&mut self, i: usize, bytes: usize) {
        if let Some(&(s, e)) = self.spans.get(i)
            && s + bytes < e
            && self.text.is_char_boundary(s + bytes)
        {
            self.spans[i] = (s, s + bytes);
            self.spans.insert(i + 1, (s + bytes, e));
        }
    }
}

// ---------------------------------------------------------------------------------------
// One entry: [organisation] [department] [title] [name] [title] [honorific]
// ---------------------------------------------------------------------------------------

/// How an entry ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Honorific {
    None,
    /// 様, さん, 殿, 先生, -san: a person (or an organisation addressed like one).
    Person(String),
    /// 御中: an organisation or department.
    Onchu,
    /// 各位: a group.
    Group,
}

/// One entry of a line: 「楓商事株式会社 営業部 部長 田中 太郎 様」, "Mr. John Smith".
fn parse_entry(text: &str, mode: Mode, context: bool) -> Option<Found> {
    let mut toks = Tokens::new(text);
    if toks.is_empty() || toks.len() > MAX_ENTRY_TOKENS {
        return None;
    }
    let honorific = take_honorific(&mut toks);
    let group = honorific == Honorific::Group || take_group_word(&mut toks);
    let mut found = Found {
        group,
        marked: honorific != Honorific::None || group,
        ..Found::default()
    };
    let name_slot = matches!(honorific, Honorific::Person(_)) && !group;
    let start = scan_orgs_and_depts(&mut toks, &mut found, name_slot);
    if honorific == Honorific::Onchu || group {
        return org_entry_rest(&toks, start, found, honorific == Honorific::Onchu);
    }
    let hon = match honorific {
        Honorific::Person(h) => h,
        _ => String::new(),
    };
    person_part(&toks, start, &hon, mode, context, found)
}

/// Takes the honorific (様, 御中, 各位, -san) off the end of the entry.
fn take_honorific(toks: &mut Tokens<'_>) -> Honorific {
    let last = toks.last();
    let ja = [("御中", Honorific::Onchu), ("各位", Honorific::Group)]
        .into_iter()
        .chain(
            PERSON_HONORIFICS
                .iter()
                .map(|h| (*h, Honorific::Person((*h).to_owned()))),
        );
    for (suffix, kind) in ja {
        if last == suffix {
            toks.pop();
            return kind;
        }
        if last.ends_with(suffix) {
            toks.shorten_last(suffix.len());
            return kind;
        }
    }
    // Romanised: "Tanaka-san", "Tanaka san".
    let folded = fold(last);
    for h in LATIN_HONORIFICS {
        if toks.len() >= 2 && folded == *h && toks.get(toks.len() - 2).is_ascii() {
            toks.pop();
            return Honorific::Person((*h).to_owned());
        }
        if folded.len() > h.len() + 1
            && folded.ends_with(h)
            && folded
                .get(..folded.len() - h.len())
                .is_some_and(|b| b.ends_with('-'))
            && last.is_ascii()
        {
            toks.shorten_last(h.len() + 1);
            return Honorific::Person((*h).to_owned());
        }
    }
    Honorific::None
}

/// Takes a word addressing a group (ご担当者, 皆, 関係者) off the end of the entry.
fn take_group_word(toks: &mut Tokens<'_>) -> bool {
    let group = !toks.is_empty() && is_group_word(toks.last());
    if group {
        toks.pop();
    }
    group
}

/// Reads organisations and departments from the start of the entry; returns where the
/// rest (titles, name) starts. `name_slot`: the last word is a person's name unless it
/// clearly is a department.
fn scan_orgs_and_depts(toks: &mut Tokens<'_>, found: &mut Found, name_slot: bool) -> usize {
    let mut i = 0;
    while i < toks.len() {
        if let Some(next) = org_at(toks, i, found) {
            i = next;
            continue;
        }
        if let Some(next) = dept_at(toks, i, found, name_slot) {
            i = next;
            continue;
        }
        // An organisation without a legal form before a department: 「楓商事 営業部」.
        if i + 1 < toks.len()
            && is_dept(toks.get(i + 1), name_slot && i + 2 == toks.len())
            && looks_like_org_name(toks.get(i))
        {
            found.orgs.push(toks.get(i).to_owned());
            i += 1;
            continue;
        }
        break;
    }
    i
}

/// An organisation with a legal form starting at token `i`: 「株式会社 楓商事」「楓商事
/// 株式会社」「㈱楓商事」「楓商事株式会社営業部」 (split after the form), "Kaede Shoji
/// Co., Ltd.". Returns the token after it.
fn org_at(toks: &mut Tokens<'_>, i: usize, found: &mut Found) -> Option<usize> {
    let t = toks.get(i);
    if let Some((at, len)) = find_ja_legal_form(t) {
        if len == t.len() {
            // Only the form: the name is the next word (「株式会社 楓商事」).
            let next = toks.get(i + 1);
            let org = toks.span(i, i + 1);
            if next.is_empty()
                || is_dept(next, false)
                || is_pure_title(next)
                || !plausible_org_with_form(org)
            {
                return None;
            }
            found.orgs.push(org.to_owned());
            return Some(i + 2);
        }
        if at != 0 && at + len < t.len() {
            // 「楓商事株式会社営業部」: the organisation ends with the form.
            toks.split(i, at + len);
        } else if at == 0
            && let Some(name_at) = glued_party_at(t, len)
        {
            // 「株式会社ひかりテック佐藤」: a name or department after an organisation word.
            toks.split(i, name_at);
        }
        let org = toks.get(i);
        if !plausible_org_with_form(org) {
            return None;
        }
        found.orgs.push(org.to_owned());
        return Some(i + 1);
    }
    let next = toks.get(i + 1);
    let org = toks.span(i, i + 1);
    if !next.is_empty()
        && find_ja_legal_form(next) == Some((0, next.len()))
        && plausible_org_with_form(org)
    {
        found.orgs.push(org.to_owned());
        return Some(i + 2);
    }
    en_org_at(toks, i, found)
}

/// Where a family name glued to an organisation starts: after the last organisation
/// word (「株式会社ひかりテック佐藤」 → at 「佐藤」), when what follows is a short kanji
/// name. `form_len`: the legal form in front, not searched.
fn glued_name_at(word: &str, form_len: usize) -> Option<usize> {
    glued_at(word, form_len, |rest| {
        (1..=4).contains(&char_count(rest)) && rest.chars().all(is_kanji) && is_ja_name_token(rest)
    })
}

/// Where a name or a department glued to an organisation with a legal form in front
/// starts (「株式会社ひかりテック営業部」 → at 「営業部」).
fn glued_party_at(word: &str, form_len: usize) -> Option<usize> {
    glued_name_at(word, form_len).or_else(|| glued_at(word, form_len, |rest| is_dept(rest, false)))
}

/// The end of the last organisation word in `word` after `form_len`, when what follows
/// passes `rest_ok`.
fn glued_at(word: &str, form_len: usize, rest_ok: impl Fn(&str) -> bool) -> Option<usize> {
    let name = word.get(form_len..)?;
    let end = ORG_WORDS
        .iter()
        .filter_map(|w| name.rfind(w).map(|at| at + w.len()))
        .max()?;
    let rest = name.get(end..)?;
    (end > 0 && !rest.is_empty() && rest_ok(rest)).then_some(form_len + end)
}

/// An English organisation from token `i` to its legal-form words ("ABC Inc.").
fn en_org_at(toks: &Tokens<'_>, i: usize, found: &mut Found) -> Option<usize> {
    let mut j = i;
    while j < toks.len() && j < i + 8 {
        let word = fold_word(toks.get(j));
        if !is_ascii_word(&word) || (j == i && EN_TITLES.contains(&word.as_str())) {
            return None;
        }
        if j > i && EN_LEGAL_FORMS.contains(&word.as_str()) {
            let mut end = j;
            while end + 1 < toks.len()
                && EN_LEGAL_FORMS.contains(&fold_word(toks.get(end + 1)).as_str())
            {
                end += 1;
            }
            let org = toks.span(i, end).trim_end_matches([',', '，']);
            if !plausible_org_with_form(org) {
                return None;
            }
            found.orgs.push(org.to_owned());
            return Some(end + 1);
        }
        j += 1;
    }
    None
}

/// A department from token `i`: Japanese words (consecutive ones together: 「人事部
/// 採用担当」) or English words up to "Department".
fn dept_at(toks: &Tokens<'_>, i: usize, found: &mut Found, name_slot: bool) -> Option<usize> {
    let last = toks.len().saturating_sub(1);
    let mut j = i;
    while j < toks.len() && is_dept(toks.get(j), name_slot && j == last) {
        j += 1;
    }
    if j > i {
        found.depts.push(toks.span(i, j - 1).to_owned());
        return Some(j);
    }
    // English: "Sales Department", "Accounting Dept.".
    let mut j = i;
    while j < toks.len() && j < i + 5 {
        let word = fold_word(toks.get(j));
        if !is_ascii_word(&word) || EN_TITLES.contains(&word.as_str()) {
            return None;
        }
        if j > i && EN_DEPT_WORDS.contains(&word.as_str()) {
            found.depts.push(toks.span(i, j).to_owned());
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// The rest of an entry that ends in 御中 or addresses a group: an organisation name
/// without a legal form (「楓商事 御中」).
fn org_entry_rest(toks: &Tokens<'_>, start: usize, mut found: Found, onchu: bool) -> Option<Found> {
    if start >= toks.len() {
        return found.has_content().then_some(found);
    }
    let rest = toks.span(start, toks.len() - 1);
    if onchu {
        if !looks_like_org_name(rest) {
            return None;
        }
        found.orgs.push(rest.to_owned());
    } else if looks_like_org_name(rest) && ends_with_org_word(rest) {
        // 「楓商事 関係者各位」; but not 「社内各位」.
        found.orgs.push(rest.to_owned());
    }
    Some(found)
}

/// Titles and the person's name, after the organisations and departments.
fn person_part(
    toks: &Tokens<'_>,
    start: usize,
    hon: &str,
    mode: Mode,
    context: bool,
    mut found: Found,
) -> Option<Found> {
    let n = toks.len();
    let mut names: Vec<&str> = Vec::new();
    let mut before: Option<(usize, usize)> = None;
    let mut after = String::new();
    for k in start..n {
        let t = toks.get(k);
        let title = is_en_title(t)
            || is_pure_title(t)
            || (k + 1 < n && (has_title_suffix(t) || CHARGE_WORDS.contains(&t)));
        if title && names.is_empty() {
            before = Some((before.map_or(k, |b| b.0), k));
        } else if title {
            after.push_str(t);
        } else if after.is_empty() {
            names.push(t);
        } else {
            return None; // 「田中 部長 太郎」
        }
    }
    let before_text = before.map(|(a, b)| toks.span(a, b));
    let en_title = before.is_some_and(|(_, b)| is_en_title(toks.get(b)));
    let Some(last) = names.pop() else {
        // 「部長」「代表取締役社長様」「楓商事株式会社様」
        found.marked |= before.is_some() || !after.is_empty();
        return found.has_content().then_some(found);
    };
    let (last, suffix_title) = split_title_suffix(last);
    if last.is_empty() {
        // 「営業部長様」: a department's title, no name.
        found.marked = true;
        return Some(found);
    }
    names.push(last);
    let mut honorific = format!("{suffix_title}{after}{hon}");
    if honorific.is_empty() {
        honorific = before_text.unwrap_or("").to_owned();
    }
    let marked = !honorific.is_empty();
    found.marked |= marked;
    let person = if names.iter().all(|t| is_ascii_word(&fold_word(t))) {
        latin_person(
            &names,
            &honorific,
            en_title,
            hon,
            mode,
            context || has_org_or_dept(&found),
        )
    } else {
        japanese_person(&names, &mut found, marked, mode, context)
    };
    match person {
        PersonRead::Person(mut p) => {
            p.honorific = honorific;
            found.persons.push(p);
            Some(found)
        }
        PersonRead::Org(org) => {
            found.orgs.push(org.to_owned());
            Some(found)
        }
        PersonRead::Nobody => Some(found),
        PersonRead::Unmarked => {
            // A body line with a name and no honorific: only a line of one possible
            // organisation name may stay (「楓商事」 above 「営業部 田中様」).
            if mode == Mode::Body {
                let rest = toks.span(start, n - 1);
                if has_org_or_dept(&found) || before.is_some() || !looks_like_org_name(rest) {
                    return None;
                }
                found.tentative_org = Some(rest.to_owned());
            }
            Some(found)
        }
        PersonRead::Invalid => None,
    }
}

/// The entry named an organisation or a department before the name.
fn has_org_or_dept(found: &Found) -> bool {
    !found.orgs.is_empty() || !found.depts.is_empty()
}

/// What the name words of an entry are.
enum PersonRead<'a> {
    Person(Person),
    /// An organisation addressed like a person (「ひかりテック様」).
    Org(&'a str),
    /// Fine, but nobody (「ABC様」: an acronym could be either).
    Nobody,
    /// A name-like word with nothing marking it as a person.
    Unmarked,
    Invalid,
}

/// A Japanese name: 「田中」, 「田中 太郎」, 「楓商事 田中」 (an organisation first).
fn japanese_person<'a>(
    names: &[&'a str],
    found: &mut Found,
    marked: bool,
    mode: Mode,
    context: bool,
) -> PersonRead<'a> {
    let unmarked_or_invalid = if marked {
        PersonRead::Invalid
    } else {
        PersonRead::Unmarked
    };
    let (org, family, given) = match names {
        [one] => {
            if one.ends_with('社') {
                // 「A社様」: an organisation only before a person or 御中.
                return PersonRead::Nobody;
            }
            if ends_with_org_word(one) && looks_like_org_name(one) {
                return if marked || mode == Mode::Display {
                    PersonRead::Org(one)
                } else {
                    PersonRead::Unmarked
                };
            }
            // 「ひかりテック田中様」: a family name glued to an organisation word.
            match glued_name_at(one, 0).and_then(|at| Some((one.get(..at)?, one.get(at..)?))) {
                Some((org, name)) if marked && looks_like_org_name(org) => (Some(org), name, None),
                _ => (None, *one, None),
            }
        }
        [a, b] if org_before_name(a, b) => (Some(*a), *b, None),
        [a, b] => (None, *a, Some(*b)),
        [a, b, c] if org_before_name(a, b) => (Some(*a), *b, Some(*c)),
        _ => return unmarked_or_invalid,
    };
    if org.is_some_and(|o| !looks_like_org_name(o))
        || !is_ja_name_token(family)
        || given.is_some_and(|g| !is_ja_name_token(g))
        || char_count(family) + given.map_or(0, char_count) > MAX_NAME_CHARS
    {
        return unmarked_or_invalid;
    }
    let person = Person {
        name: format!("{family}{}", given.unwrap_or("")),
        surname: family.to_owned(),
        honorific: String::new(),
    };
    let accepted = marked
        || match mode {
            Mode::Body => false,
            Mode::Display => {
                context
                    || has_org_or_dept(found)
                    || org.is_some()
                    || given.map_or(is_foreign_full_name(family), |g| full_name_shape(family, g))
            }
        };
    if !accepted {
        return PersonRead::Unmarked;
    }
    if let Some(org) = org {
        found.orgs.push(org.to_owned());
    }
    PersonRead::Person(person)
}

/// A romanised or English name: "Smith", "John Smith", "Tanaka".
fn latin_person<'a>(
    names: &[&str],
    honorific: &str,
    en_title: bool,
    hon: &str,
    mode: Mode,
    context: bool,
) -> PersonRead<'a> {
    if names.len() > 3 || !names.iter().all(|w| is_en_name_word(w, false)) {
        return if honorific.is_empty() {
            PersonRead::Unmarked
        } else {
            PersonRead::Invalid
        };
    }
    let folded: Vec<String> = names.iter().map(|w| fold_word(w)).collect();
    let no_person = folded
        .iter()
        .any(|w| EN_GROUP_WORDS.contains(&w.as_str()) || EN_ORG_WORDS.contains(&w.as_str()));
    let name = names.join(" ");
    if !honorific.is_empty() {
        // 「ABC様」: an acronym before 様 may be a company as well as a person.
        if no_person || (names.len() == 1 && !en_title && is_acronym(names[0])) {
            return PersonRead::Nobody;
        }
        let last_word = names.last().copied().unwrap_or("");
        // "Mr. John Smith", 「John Smith様」: the last word; "Tanaka Taro-san": as written.
        let surname = if en_title || PERSON_HONORIFICS.contains(&hon) {
            last_word.to_owned()
        } else {
            name.clone()
        };
        return PersonRead::Person(Person {
            name,
            surname,
            honorific: String::new(),
        });
    }
    if mode == Mode::Body || no_person || !names.iter().all(|w| is_en_name_word(w, true)) {
        return PersonRead::Unmarked;
    }
    let looks_named = (2..=3).contains(&names.len()) || context;
    if !looks_named {
        return PersonRead::Unmarked;
    }
    PersonRead::Person(Person {
        surname: name.clone(),
        name,
        honorific: String::new(),
    })
}

/// 「楓商事 田中」 and 「ミナトソフト 小林」 are an organisation and a family name;
/// 「田中 太郎」 and 「ジョン スミス」 are a full name.
fn org_before_name(a: &str, b: &str) -> bool {
    let kanji_only = |t: &str| t.chars().all(is_kanji);
    ends_with_org_word(a)
        || char_count(a) >= 5
        // Four kanji before a short name: a company (東邦電材 佐藤), as a family name
        // of four (勅使河原) is rare.
        || (char_count(a) == 4 && kanji_only(a) && char_count(b) <= 3)
        || (!kanji_only(a) && kanji_only(b))
        || (a.chars().any(|c| is_latin_letter(c) || is_digit(c)) && !b.chars().any(is_latin_letter))
}

/// Two words that look like a family and a given name (「田中 太郎」「スミス ジョン」).
fn full_name_shape(family: &str, given: &str) -> bool {
    let kanji_family = family.chars().all(is_kanji);
    let kana = |t: &str| t.chars().all(is_katakana);
    (1..=4).contains(&char_count(family))
        && (1..=5).contains(&char_count(given))
        && (kanji_family || (kana(family) && kana(given)))
}

/// A foreign name written in katakana with a middle dot (「ジョン・スミス」).
fn is_foreign_full_name(word: &str) -> bool {
    word.chars().all(is_katakana)
        && word
            .split('・')
            .filter(|part| char_count(part) >= 2)
            .count()
            >= 2
}

// ---------------------------------------------------------------------------------------
// Word tests
// ---------------------------------------------------------------------------------------

/// A word folded for comparison: NFKC, lower case, a trailing comma gone.
fn fold_word(word: &str) -> String {
    fold(word).trim_end_matches(',').to_owned()
}

fn is_ascii_word(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_graphic())
}

fn is_en_title(word: &str) -> bool {
    EN_TITLES.contains(&fold_word(word).as_str())
}

/// An all-capital abbreviation ("ABC", "NTT").
fn is_acronym(word: &str) -> bool {
    let folded: String = word.nfkc().collect();
    folded.chars().count() >= 2 && folded.chars().all(|c| c.is_ascii_uppercase() || c == '.')
}

/// A word of an English or romanised name ("Smith", "O'Brien", "J.", "Anne-Marie").
fn is_en_name_word(word: &str, capitalised: bool) -> bool {
    let folded: String = word.nfkc().collect();
    let mut chars = folded.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && (!capitalised || first.is_ascii_uppercase())
        && folded.len() <= 20
        && chars.all(|c| c.is_ascii_alphabetic() || matches!(c, '-' | '\'' | '.'))
        && folded.ends_with(|c: char| c.is_ascii_alphabetic() || c == '.')
        && !NOT_NAMES.contains(&folded.to_ascii_lowercase().trim_end_matches('.'))
}

/// A word that is only titles (「部長」「代表取締役社長」).
fn is_pure_title(word: &str) -> bool {
    !word.is_empty() && strip_titles(word).is_empty()
}

fn has_title_suffix(word: &str) -> bool {
    strip_titles(word).len() < word.len()
}

/// `word` without the titles at its end (「山田代表取締役社長」 → 「山田」, 「副部長」 → 「」).
fn strip_titles(word: &str) -> &str {
    let mut rest = word;
    while let Some(shorter) = TITLES
        .iter()
        .filter(|t| rest.ends_with(*t))
        .max_by_key(|t| t.len())
        .and_then(|t| rest.strip_suffix(t))
    {
        rest = shorter;
    }
    if rest.len() < word.len() {
        rest = rest.strip_suffix('副').unwrap_or(rest);
    }
    rest
}

/// The last name word and the title glued to it: 「田中部長」 → (「田中」, 「部長」).
/// A department's title (「営業部長」) gives no name: (「」, 「営業部長」).
fn split_title_suffix(word: &str) -> (&str, &str) {
    let name = strip_titles(word);
    if name.len() == word.len() {
        return (word, "");
    }
    let title = word.get(name.len()..).unwrap_or("");
    if DEPT_STEMS.contains(&name) || is_dept(name, false) {
        return ("", word);
    }
    (name, title)
}

/// A department word: 「営業部」「経理課」「東京支店」「採用担当」. `strict`: the word
/// stands where a person's name would (「阿部様」 is a person, 「営業部様」 a department).
fn is_dept(word: &str, strict: bool) -> bool {
    let n = char_count(word);
    if !(2..=25).contains(&n)
        || !word
            .chars()
            .all(|c| is_japanese(c) || is_latin_letter(c) || is_digit(c) || c == '&')
        || word.starts_with(['ご', 'お'])
        || holds_honorific(word)
        || starts_with_particle(word)
        || is_group_word(word)
        || has_title_suffix(word)
    {
        return false;
    }
    if let Some(stem) = DEPT_SUFFIXES.iter().find_map(|s| word.strip_suffix(s)) {
        return if stem.is_empty() {
            DEPT_BARE.contains(&word)
        } else {
            !has_prose(stem)
        };
    }
    let Some(stem) = word.strip_suffix(DEPT_SHORT_SUFFIXES) else {
        return false;
    };
    let len = char_count(stem);
    let known = DEPT_STEMS.iter().any(|s| stem.contains(s)) || stem.starts_with('第');
    if strict {
        known || len >= 4
    } else {
        len >= 2 && (known || len >= 3) && !has_prose(stem)
    }
}

/// A Japanese word addressing a group: 「ご担当者」「関係者」「皆」「お客」. (English
/// ones, "all", "team", are [`EN_GROUP_WORDS`], checked where English names are read.)
fn is_group_word(word: &str) -> bool {
    GROUP_WORDS.contains(&word)
        || word.ends_with('者')
        || word.ends_with("の方")
        || word.ends_with("各位")
        || word.ends_with("皆")
        || word.contains("ご担当")
        || word.contains("御担当")
}

/// One word of a Japanese name (「田中」「太郎」「スミス」「さくら」).
fn is_ja_name_token(word: &str) -> bool {
    let n = char_count(word);
    if n == 0 || n > MAX_NAME_CHARS || !word.chars().all(is_japanese) {
        return false;
    }
    let hiragana_only = word.chars().all(is_hiragana);
    let honorific_prefix =
        word.starts_with(['ご', 'お']) && word.chars().nth(1).is_some_and(|c| !is_hiragana(c));
    let not_a_name = word.starts_with('・')
        || word.ends_with('・')
        || honorific_prefix
        || (hiragana_only && !(2..=6).contains(&n))
        || holds_honorific(word)
        || PERSON_HONORIFICS.contains(&word)
        || DEPT_STEMS.iter().any(|s| word.contains(s))
        || is_group_word(word)
        || is_pure_title(word)
        || DEPT_STEMS.contains(&word)
        || has_prose(word)
        || SUBJECT_WORDS.iter().any(|s| word.contains(s));
    !not_a_name
}

/// An organisation name without a legal form that could stand in a 宛名: name-like
/// characters, no particles or verbs, no subject words.
fn looks_like_org_name(text: &str) -> bool {
    let n = char_count(text);
    if !(2..=MAX_ORG_CHARS).contains(&n) {
        return false;
    }
    let allowed = |c: char| {
        is_japanese(c)
            || is_latin_letter(c)
            || is_digit(c)
            || c.is_whitespace()
            || ORG_PUNCT.contains(&c)
    };
    let latin = text.chars().any(is_latin_letter);
    let letters = text.chars().any(|c| is_japanese(c) || is_latin_letter(c));
    let honorific_prefix =
        text.starts_with(['ご', 'お']) && text.chars().nth(1).is_some_and(|c| !is_hiragana(c));
    let ends_well = text.chars().next().is_some_and(|c| c.is_alphanumeric())
        && text
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '.');
    text.chars().all(allowed)
        && letters
        && ends_well
        && (latin || !text.chars().any(is_digit))
        && !honorific_prefix
        && !holds_honorific(text)
        && !text.split_whitespace().any(is_en_title)
        && !has_prose(&name_particles_kept(text))
        && !SUBJECT_WORDS.iter().any(|s| text.contains(s))
        && !is_group_word(text)
        && !is_pure_title(text)
        && !is_dept(text, false)
        && !(latin
            && text
                .split_whitespace()
                .any(|w| EN_GROUP_WORDS.contains(&fold_word(w).as_str())))
}

/// Starts with a lone hiragana, as a phrase does (「の営業部」「は(株)」).
fn starts_with_particle(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(is_hiragana) && chars.next().is_none_or(|c| !is_hiragana(c))
}

/// Holds an honorific word (様, 殿, 御中, 各位): no name, organisation or person, does.
fn holds_honorific(text: &str) -> bool {
    ["様", "殿", "御中", "各位"]
        .iter()
        .any(|h| text.contains(h))
}

/// An organisation with a legal form, as found: something besides the form, in the
/// characters of a name (「部長(株)」「資料の(株)」 are not).
fn plausible_org_with_form(org: &str) -> bool {
    let key = org_key(org);
    let allowed = |c: char| {
        is_japanese(c)
            || is_latin_letter(c)
            || is_digit(c)
            || c.is_whitespace()
            || ORG_PUNCT.contains(&c)
            || JA_CIRCLED_FORMS.contains(&c)
            || matches!(c, '(' | ')' | '（' | '）' | ',' | '，')
    };
    let starts_well = org.chars().next().is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '(' | '（') || JA_CIRCLED_FORMS.contains(&c)
    });
    let short_kana = key.chars().all(is_hiragana) && char_count(&key) <= 2;
    let implausible = key.is_empty()
        || !starts_well
        || short_kana
        || holds_honorific(org)
        || starts_with_particle(org)
        || has_prose(&name_particles_kept(&key))
        || is_pure_title(&key)
        || is_group_word(&key)
        || org.split_whitespace().any(is_en_title);
    org.chars().all(allowed) && !implausible
}

/// Ends with a word organisations are named with (「楓商事」「ひかりテック」, "Kaede Shoji").
fn ends_with_org_word(text: &str) -> bool {
    let ja = ORG_WORDS
        .iter()
        .any(|w| text.ends_with(w) && text.len() > w.len());
    let en = text
        .split_whitespace()
        .next_back()
        .is_some_and(|w| EN_ORG_WORDS.contains(&fold_word(w).trim_end_matches('.')));
    ja || en
}

/// A name with a legal form may hold a lone の (日の出食品株式会社, 森の木工房): it is part
/// of the name, not a phrase, so it is kept out of [`has_prose`]'s reach.
fn name_particles_kept(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let lone = c == 'の'
                && i > 0
                && chars.get(i + 1).is_some_and(|n| !is_hiragana(*n))
                && !is_hiragana(chars[i - 1]);
            if lone { 'ノ' } else { c }
        })
        .collect()
}

/// Hiragana that make a phrase or a sentence: a particle between other characters
/// (「楓商事の田中」), a verb ending (「送ります」), a set phrase (「よろしく」).
fn has_prose(text: &str) -> bool {
    let hiragana_only = text.chars().all(is_hiragana);
    text.split(|c: char| !is_hiragana(c))
        .filter(|run| !run.is_empty())
        .any(|run| {
            (!hiragana_only && PARTICLES.contains(&run))
                || PROSE_ENDINGS
                    .iter()
                    .any(|e| run.ends_with(e) || (!hiragana_only && run.contains(e)))
                || PROSE_WORDS.iter().any(|w| run.contains(w))
        })
}

/// Where a Japanese legal form is in a word, as (byte offset, byte length), the earliest
/// (and longest there) first.
fn find_ja_legal_form(word: &str) -> Option<(usize, usize)> {
    // Every written form once, in one automaton: the leftmost match, the longest
    // there, is the same answer as trying each form (this runs for every word of a
    // 宛名, and a send's check waits for it).
    static FORMS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            let mut forms: Vec<String> = JA_LEGAL_FORMS.iter().map(|f| (*f).to_owned()).collect();
            for abbreviation in JA_LEGAL_ABBREVIATIONS {
                for (open, close) in [('(', ')'), ('（', '）'), ('(', '）'), ('（', ')')] {
                    forms.push(format!("{open}{abbreviation}{close}"));
                }
            }
            forms.extend(JA_CIRCLED_FORMS.iter().map(char::to_string));
            aho_corasick::AhoCorasickBuilder::new()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&forms)
                .ok()
        });
    let found = FORMS.as_ref()?.find(word)?;
    Some((found.start(), found.len()))
}

// ---------------------------------------------------------------------------------------
// Display names
// ---------------------------------------------------------------------------------------

/// A display name without addresses, quotes, control characters; a non-address `@`
/// (「田中＠楓商事」) becomes a separator.
fn clean_display(name: &str) -> String {
    let text: String = truncate_chars(name, MAX_DISPLAY_CHARS)
        .chars()
        .filter(|c| !INVISIBLE.contains(c))
        .map(|c| match c {
            c if c.is_control() => ' ',
            '＠' => '/',
            '"' | '“' | '”' | '\'' => ' ',
            c => c,
        })
        .collect();
    Tokens::new(&text)
        .spans
        .iter()
        .filter_map(|&(s, e)| text.get(s..e))
        .filter_map(|word| {
            if !word.contains('@') {
                Some(word.to_owned())
            } else if is_address_like(word) {
                None
            } else {
                Some(word.replace('@', "/"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An e-mail address, maybe in <…> or (…).
fn is_address_like(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    w.split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && w.is_ascii())
}

/// The text outside brackets, and each bracket's content. Bracketed legal forms
/// (「(株)」) stay outside.
fn split_brackets(text: &str) -> (String, Vec<String>) {
    const OPEN: &[char] = &['(', '（', '【', '[', '［', '〔', '<', '＜', '「', '『'];
    const CLOSE: &[char] = &[')', '）', '】', ']', '］', '〕', '>', '＞', '」', '』'];
    let mut outside = String::new();
    let mut inside = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(OPEN) {
        outside.push_str(rest.get(..open).unwrap_or(""));
        let after_open = rest.get(open..).unwrap_or("");
        let opener_len = after_open.chars().next().map_or(1, char::len_utf8);
        let body = after_open.get(opener_len..).unwrap_or("");
        let Some(close) = body.find(CLOSE) else {
            outside.push_str(after_open);
            rest = "";
            break;
        };
        let content = body.get(..close).unwrap_or("");
        let closer_len = body
            .get(close..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        if JA_LEGAL_ABBREVIATIONS.contains(&content.trim()) {
            outside.push_str(
                after_open
                    .get(..opener_len + close + closer_len)
                    .unwrap_or(""),
            );
        } else {
            outside.push(' ');
            inside.push(content.trim().to_owned());
        }
        rest = body.get(close + closer_len..).unwrap_or("");
    }
    outside.push_str(rest);
    (outside, inside)
}

/// What a bracket in a display name says: an organisation or department, or nothing
/// (a reading, a note, an address).
fn bracket_content(content: &str, outside_cjk: bool) -> Option<Found> {
    if content.is_empty() || content.contains('@') {
        return None;
    }
    if IGNORED_BRACKETS.contains(&fold(content).as_str()) {
        return None;
    }
    if let Some(found) = parse_line(content, Mode::Display, true) {
        if !found.persons.is_empty() {
            return None;
        }
        if has_org_or_dept(&found) {
            return Some(found);
        }
    }
    let reading = content
        .chars()
        .all(|c| is_katakana(c) || is_hiragana(c) || c.is_whitespace())
        || latin_name_like(content);
    if outside_cjk && reading {
        return None;
    }
    looks_like_org_name(content).then(|| Found {
        orgs: vec![content.to_owned()],
        ..Found::default()
    })
}

/// "Tanaka Taro", "TANAKA Taro": capitalised words, one with small letters, no
/// organisation word.
fn latin_name_like(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| is_en_name_word(w, true))
        && words
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_lowercase()))
        && !words
            .iter()
            .any(|w| EN_ORG_WORDS.contains(&fold_word(w).as_str()))
}

/// A display-name part that is only an organisation (「楓商事」 in 「田中/楓商事」).
fn org_only(part: &str) -> Option<&str> {
    if let Some(found) = parse_line(part, Mode::Display, false)
        && found.persons.is_empty()
        && found.depts.is_empty()
        && found.orgs.len() == 1
    {
        return Some(part);
    }
    (Tokens::new(part).len() == 1
        && !part.ends_with('社')
        && ends_with_org_word(part)
        && looks_like_org_name(part))
    .then_some(part)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An addressee as one line: `o=` organisations as written, `d=` departments, `p=`
    /// persons as `name(surname):honorific` (the surname only when it differs from the
    /// name, the honorific only when there is one).
    fn render(a: &Addressee) -> String {
        let mut parts = Vec::new();
        if !a.organisations.is_empty() {
            parts.push(format!("o={}", a.organisations.join(",")));
        }
        if !a.departments.is_empty() {
            parts.push(format!("d={}", a.departments.join(",")));
        }
        if !a.persons.is_empty() {
            let persons: Vec<String> = a
                .persons
                .iter()
                .map(|p| {
                    let mut s = p.name.clone();
                    if p.surname != p.name {
                        s.push_str(&format!("({})", p.surname));
                    }
                    if !p.honorific.is_empty() {
                        s.push_str(&format!(":{}", p.honorific));
                    }
                    s
                })
                .collect();
            parts.push(format!("p={}", persons.join(",")));
        }
        parts.join(";")
    }

    fn check(cases: &[(&str, &str)], parse: fn(&str) -> Addressee) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|(input, expected)| {
                let got = render(&parse(input));
                (got != *expected)
                    .then(|| format!("{input:?}\n    expected {expected:?}\n    got      {got:?}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} cases failed:\n{}",
            failures.len(),
            cases.len(),
            failures.join("\n")
        );
    }

    /// Real-looking openings of mails: the 宛名 block and what must come of it.
    const BODY_CASES: &[(&str, &str)] = &[
        // Legal form after the name, before it, with and without a space.
        (
            "楓商事株式会社\n営業部 田中様\n\nいつもお世話になっております。",
            "o=楓商事株式会社;d=営業部;p=田中:様",
        ),
        (
            "株式会社楓商事\n田中様\n\nお世話になっております。",
            "o=株式会社楓商事;p=田中:様",
        ),
        (
            "株式会社 楓商事\n田中 太郎 様\n\nお世話になっております。",
            "o=株式会社 楓商事;p=田中太郎(田中):様",
        ),
        (
            "楓商事 株式会社\n田中様\nお世話になっております。",
            "o=楓商事 株式会社;p=田中:様",
        ),
        (
            "株式会社　楓商事　御中\n\n平素より格別のお引き立てを賜り、厚く御礼申し上げます。",
            "o=株式会社　楓商事",
        ),
        // Abbreviated forms: (株) （株） ㈱, before and after.
        (
            "(株)楓商事 御中\n\n平素よりお世話になっております。",
            "o=(株)楓商事",
        ),
        (
            "（株）ひかりテック\n佐藤様\n\nお世話になっております。",
            "o=（株）ひかりテック;p=佐藤:様",
        ),
        (
            "㈱楓商事\n経理課 鈴木様\n\nいつもお世話になっております。",
            "o=㈱楓商事;d=経理課;p=鈴木:様",
        ),
        (
            "楓商事㈱ 田中様\n\nいつもお世話になっております。",
            "o=楓商事㈱;p=田中:様",
        ),
        (
            "(株) 楓商事\n田中様\n\nお世話になっております。",
            "o=(株) 楓商事;p=田中:様",
        ),
        (
            "楓商事（株） 営業部\n田中様\n\nお世話になっております。",
            "o=楓商事（株）;d=営業部;p=田中:様",
        ),
        // Other legal forms.
        (
            "有限会社山田工務店\n山田 一郎 様\n\nいつも大変お世話になっております。",
            "o=有限会社山田工務店;p=山田一郎(山田):様",
        ),
        (
            "合同会社ミナトラボ 小林様\n\n初めてご連絡いたします。",
            "o=合同会社ミナトラボ;p=小林:様",
        ),
        (
            "一般社団法人 日本ソフトウェア協会\n事務局 御中\n\n突然のご連絡失礼いたします。",
            "o=一般社団法人 日本ソフトウェア協会;d=事務局",
        ),
        (
            "医療法人社団さくら会\n院長 佐藤先生\n\nいつもお世話になっております。",
            "o=医療法人社団さくら会;p=佐藤:先生",
        ),
        (
            "学校法人 みなと学園\n教授 鈴木 先生\n\nご無沙汰しております。",
            "o=学校法人 みなと学園;p=鈴木:先生",
        ),
        (
            "特定非営利活動法人さくらネット\n理事長 高橋様\n\nはじめまして。",
            "o=特定非営利活動法人さくらネット;p=高橋:様",
        ),
        // Organisation and department glued together.
        (
            "楓商事株式会社営業部 田中様\n\nお世話になっております。",
            "o=楓商事株式会社;d=営業部;p=田中:様",
        ),
        (
            "株式会社楓商事様\n\nお世話になっております。",
            "o=株式会社楓商事",
        ),
        // English legal forms.
        (
            "ABC Inc.\nSales Department\nMr. John Smith\n\nDear Mr. Smith,\n\nThank you for your inquiry.",
            "o=ABC Inc.;d=Sales Department;p=John Smith(Smith):Mr.",
        ),
        (
            "Kaede Shoji Co., Ltd.\nMs. Yuki Sato\n\nDear Ms. Sato,",
            "o=Kaede Shoji Co., Ltd.;p=Yuki Sato(Sato):Ms.",
        ),
        (
            "Hikari Technologies Corporation\nDear Mr. Brown,\nPlease find attached the quote.",
            "o=Hikari Technologies Corporation;p=Brown:Mr.",
        ),
        (
            "ABC Corporation\nAccounting Dept.\nMs. Jane Doe\n\nDear Ms. Doe,",
            "o=ABC Corporation;d=Accounting Dept.;p=Jane Doe(Doe):Ms.",
        ),
        (
            "Kaede K.K.\nDear Mr. Tanaka,\n",
            "o=Kaede K.K.;p=Tanaka:Mr.",
        ),
        (
            "Hikari Tech Inc.\nCustomer Support Team\n\nHello,\n\nI am writing about invoice 42.",
            "o=Hikari Tech Inc.;d=Customer Support Team",
        ),
        (
            "Kaede Shoji Co.,Ltd. 田中様\n\nお世話になっております。",
            "o=Kaede Shoji Co.,Ltd.;p=田中:様",
        ),
        // Departments, and titles that are not departments.
        (
            "楓商事株式会社\n営業本部 第一営業部\n部長 田中 太郎 様\n\nお世話になっております。",
            "o=楓商事株式会社;d=営業本部 第一営業部;p=田中太郎(田中):様",
        ),
        (
            "楓商事株式会社\n人事部 採用担当 御中\n\n突然のご連絡失礼いたします。",
            "o=楓商事株式会社;d=人事部 採用担当",
        ),
        (
            "楓商事株式会社 経理部 御中\nいつもお世話になっております。",
            "o=楓商事株式会社;d=経理部",
        ),
        (
            "株式会社ひかりテック\n東京支店 カスタマーサポートセンター\n山本様\n\nお世話になります。",
            "o=株式会社ひかりテック;d=東京支店 カスタマーサポートセンター;p=山本:様",
        ),
        ("営業部 岡部様\n\nお疲れ様です。", "d=営業部;p=岡部:様"),
        ("阿部様\n\nお世話になっております。", "p=阿部:様"),
        (
            "服部 太郎 様\n\nお世話になっております。",
            "p=服部太郎(服部):様",
        ),
        ("経理課様\n\nお世話になっております。", "d=経理課"),
        // Titles after and before the name.
        ("田中部長\n\nお疲れ様です。", "p=田中:部長"),
        ("田中 部長\n\nお疲れ様です。", "p=田中:部長"),
        (
            "営業部長 田中様\nいつもお世話になっております。",
            "p=田中:様",
        ),
        ("田中課長様\n\nお世話になっております。", "p=田中:課長様"),
        ("山田社長\n\nいつもお世話になっております。", "p=山田:社長"),
        (
            "株式会社さくらシステム\n代表取締役社長 山田 花子 様\n\n初めてご連絡いたします。",
            "o=株式会社さくらシステム;p=山田花子(山田):様",
        ),
        ("代表取締役 山田太郎様\n\nはじめまして。", "p=山田太郎:様"),
        (
            "楓商事株式会社\n営業部 部長\n田中 太郎 様\n\nお世話になっております。",
            "o=楓商事株式会社;d=営業部;p=田中太郎(田中):様",
        ),
        // さん, 殿, 先生, さま.
        ("田中さん\n\nお疲れ様です。", "p=田中:さん"),
        (
            "山田先生\n\nいつも大変お世話になっております。",
            "p=山田:先生",
        ),
        (
            "楓商事株式会社\n総務部 鈴木殿\n\n平素は格別のご高配を賜り",
            "o=楓商事株式会社;d=総務部;p=鈴木:殿",
        ),
        ("鈴木さま\n\nこんにちは。", "p=鈴木:さま"),
        ("田中 様\n\nお世話になっております。", "p=田中:様"),
        // Full names with a half-width or full-width space; full-width letters.
        (
            "田中　太郎様\n\nお世話になっております。",
            "p=田中太郎(田中):様",
        ),
        (
            "ＡＢＣ株式会社 田中様\n\nお世話になっております。",
            "o=ＡＢＣ株式会社;p=田中:様",
        ),
        (
            "ＡＢＣ　Ｉｎｃ．\nＭｒ．　Ｓｍｉｔｈ\n\nDear Mr. Smith,",
            "o=ＡＢＣ　Ｉｎｃ．;p=Ｓｍｉｔｈ:Ｍｒ．",
        ),
        // An organisation without a legal form: only before a person or with 御中.
        (
            "楓商事 田中様\n\nいつもお世話になっております。",
            "o=楓商事;p=田中:様",
        ),
        (
            "楓商事 営業部 御中\n\nお世話になっております。",
            "o=楓商事;d=営業部",
        ),
        (
            "ミナトソフト 小林様\n\nお世話になっております。",
            "o=ミナトソフト;p=小林:様",
        ),
        ("A社 鈴木様\n\nお世話になっております。", "o=A社;p=鈴木:様"),
        (
            "楓商事\n営業部 田中様\n\nお世話になっております。",
            "o=楓商事;d=営業部;p=田中:様",
        ),
        (
            "ひかりテック様\n\nお世話になっております。",
            "o=ひかりテック",
        ),
        ("楓商事\n\nお世話になっております。", ""),
        // Several persons.
        (
            "田中様、佐藤様\n\nお世話になっております。",
            "p=田中:様,佐藤:様",
        ),
        (
            "田中様・佐藤様\n\nお世話になっております。",
            "p=田中:様,佐藤:様",
        ),
        (
            "楓商事株式会社\n田中様\n佐藤様\n\nお世話になっております。",
            "o=楓商事株式会社;p=田中:様,佐藤:様",
        ),
        (
            "楓商事 田中様\n（CC：弊社 山田）\n\nお世話になっております。",
            "o=楓商事;p=田中:様",
        ),
        // Groups: no person.
        ("関係者各位\n\nお疲れ様です。", ""),
        ("各位\n\nお疲れ様です。本日の会議について", ""),
        ("お客様各位\n\n平素より弊社サービスをご利用いただき", ""),
        ("皆様\n\nお疲れ様です。", ""),
        ("ご担当者各位\n\n突然のご連絡失礼いたします。", ""),
        (
            "楓商事株式会社\nご担当者様\n\n初めてご連絡いたします。",
            "o=楓商事株式会社",
        ),
        (
            "楓商事株式会社 営業部 ご担当者様\n\n初めてご連絡いたします。",
            "o=楓商事株式会社;d=営業部",
        ),
        // The greeting on the same line.
        ("田中様、いつもお世話になっております。", "p=田中:様"),
        (
            "楓商事 田中様 お世話になっております。見積書を送ります。",
            "o=楓商事;p=田中:様",
        ),
        (
            "楓商事株式会社 営業部 田中様、佐藤様、いつもお世話になっております。",
            "o=楓商事株式会社;d=営業部;p=田中:様,佐藤:様",
        ),
        ("先日はありがとうございました。", ""),
        // No greeting, but clearly a 宛名.
        (
            "楓商事株式会社\n営業部\n田中 太郎 様\n\n見積書を添付いたします。",
            "o=楓商事株式会社;d=営業部;p=田中太郎(田中):様",
        ),
        (
            "楓商事株式会社 御中\n\n見積書を送付します。",
            "o=楓商事株式会社",
        ),
        ("田中様\n資料を送付いたします。", "p=田中:様"),
        ("田中部長\n資料です。", "p=田中:部長"),
        ("楓商事株式会社\n\n見積書を送付します。", ""),
        ("Mr. Smith\n\nThank you for your email.", "p=Smith:Mr."),
        // No 宛名 at all: prose first.
        ("資料を送ります。\nよろしくお願いします。", ""),
        ("お世話になっております。\n株式会社さくらの鈴木です。", ""),
        ("了解です\n\n> 株式会社ひかりテック 佐藤様", ""),
        ("見積書送付の件\n田中様\n\nお世話になっております。", ""),
        ("見積書\n田中様\n\nお世話になっております。", ""),
        ("Please see the attached file.\n", ""),
        ("楓商事の田中様、いつもお世話になっております。", ""),
        // English salutations.
        ("Dear Sir or Madam,\n\nI am writing to", ""),
        ("Dear Sir/Madam,\n", ""),
        ("Dear all,\n\nPlease note", ""),
        ("Hi all,\nQuick update", ""),
        ("Hello,\n\nI hope you are well.", ""),
        ("Dear John,\n\nThanks for yesterday.", "p=John"),
        ("Hi Ken,\n\nQuick question", "p=Ken"),
        (
            "Dear Mr. John Smith,\n\nThank you",
            "p=John Smith(Smith):Mr.",
        ),
        ("Dear Ms. Sato,\n", "p=Sato:Ms."),
        ("Dear Tanaka-san,\n\nThank you", "p=Tanaka:san"),
        ("Dear 田中様\n\nお世話になっております。", "p=田中:様"),
        (
            "To: ABC Inc. / Mr. Smith\n\nPlease find attached the contract.",
            "o=ABC Inc.;p=Smith:Mr.",
        ),
        (
            "宛先：楓商事 田中様\n\nお世話になっております。",
            "o=楓商事;p=田中:様",
        ),
        // Quoted replies: never the 宛名.
        (
            "> 株式会社ひかりテック 佐藤様\n> お世話になっております。",
            "",
        ),
        ("＞田中様\n＞お世話になっております。", ""),
        ("| 田中様\n| お世話になっております。", ""),
        (
            "承知しました。\n\n-----Original Message-----\nFrom: Sato\nSent: Monday\n株式会社ひかりテック\n佐藤様",
            "",
        ),
        (
            "\n\n-----Original Message-----\n差出人: 佐藤\n\n株式会社ひかりテック 佐藤様\n\nお世話になっております。",
            "",
        ),
        (
            "差出人: 佐藤 太郎\n送信日時: 2024年5月1日 10:00\n宛先: 鈴木\n件名: 見積\n\n鈴木様\n\nお世話になっております。",
            "",
        ),
        (
            "On Mon, May 1, 2024 at 10:00 AM Sato <sato@hikari.example> wrote:\n> Dear Mr. Suzuki,",
            "",
        ),
        (
            "2024年5月1日(水) 10:00 佐藤 太郎 <sato@hikari.example>:\n> 鈴木様",
            "",
        ),
        (
            "佐藤さんは書きました:\n> 鈴木様\n> お世話になっております。",
            "",
        ),
        (
            "2024年5月1日 10:00、佐藤 太郎 さんは書きました\n> 鈴木様",
            "",
        ),
        (
            "ご連絡ありがとうございます。承知しました。\n\n> 株式会社ひかりテック\n> 佐藤様",
            "",
        ),
        (
            "Thanks!\n\nOn Tue, Apr 2, 2024 Sato wrote:\n> Dear Mr. Smith",
            "",
        ),
        (
            "田中様\n\nご返信ありがとうございます。\n\n-----Original Message-----\nFrom: x\n株式会社ひかりテック 佐藤様",
            "p=田中:様",
        ),
        ("佐藤様\n> 2024/05/01 田中 wrote:\n> 鈴木様", "p=佐藤:様"),
        // Forwarded headers: never the 宛名.
        (
            "---------- Forwarded message ---------\nFrom: Sato <s@hikari.example>\n\n楓商事 田中様\n\nお世話になっております。",
            "",
        ),
        (
            "-------- Original Message --------\nSubject: quote\n\nDear Mr. Smith,",
            "",
        ),
        (
            "FYI\n\n---------- 転送メッセージ ----------\n楓商事 田中様",
            "",
        ),
        // Signatures: never the 宛名.
        ("--\n株式会社さくらシステム\n鈴木", ""),
        (
            "-- \n株式会社さくらシステム\n鈴木 一郎\nTEL 03-0000-0000",
            "",
        ),
        (
            "━━━━━━━━━━\n株式会社さくらシステム\n鈴木 一郎\n━━━━━━━━━━",
            "",
        ),
        ("＝＝＝＝＝＝\n株式会社さくらシステム 鈴木様\n", ""),
        ("株式会社さくらシステム\n鈴木 一郎\nTEL 03-0000-0000", ""),
        // Line breaks and leading blank lines.
        (
            "   \r\n\r\n楓商事株式会社 田中様\r\nいつもお世話になっております。\r\n",
            "o=楓商事株式会社;p=田中:様",
        ),
        ("\u{FEFF}田中様\n\nお世話になっております。", "p=田中:様"),
        // Notes, banners and glued words around the 宛名.
        (
            "【お見積りのご送付】\n株式会社ひかりテック\n佐藤様\n\nお世話になっております。",
            "o=株式会社ひかりテック;p=佐藤:様",
        ),
        ("【重要】\n各位\n\nお疲れ様です。", ""),
        (
            "株式会社ひかりテック\nご担当 佐藤様\n\nお世話になっております。",
            "o=株式会社ひかりテック;p=佐藤:様",
        ),
        ("田中さんへ\n\nお疲れ様です。", "p=田中:さん"),
        ("田中様（CC:佐藤）\n\nお世話になっております。", "p=田中:様"),
        ("田中様 (敬称略)\n\nお世話になっております。", "p=田中:様"),
        (
            "【ひかりテック】佐藤様\n\nお世話になっております。",
            "o=ひかりテック;p=佐藤:様",
        ),
        (
            "株式会社ひかりテック佐藤様\n\nお世話になっております。",
            "o=株式会社ひかりテック;p=佐藤:様",
        ),
        (
            "株式会社ひかりテック営業部 佐藤様\n\nお世話になっております。",
            "o=株式会社ひかりテック;d=営業部;p=佐藤:様",
        ),
        (
            "ひかりテック田中様\n\nお世話になっております。",
            "o=ひかりテック;p=田中:様",
        ),
        ("A社様\n\nお世話になっております。", ""),
        ("お客様\n\nいつもご利用ありがとうございます。", ""),
        ("ご家族様\n\nこんにちは。", ""),
        ("営業部の皆さん\n\nお疲れ様です。", ""),
        ("佐藤です\n\nお疲れ様です。", ""),
        // A bare name ends the block before the greeting: a signature as much as a 宛名.
        ("株式会社ひかりテック\n佐藤\n\nお世話になっております。", ""),
        // More English.
        ("Dear Professor Ito,\n", "p=Ito:Professor"),
        ("Dear Mr. Sato and Ms. Tanaka,\n", "p=Sato:Mr.,Tanaka:Ms."),
        ("Hi Tanaka-san and Sato-san,\n", "p=Tanaka:san,Sato:san"),
        ("Dear Customer,\n", ""),
        ("Dear Valued Customer,\n", ""),
        ("To whom it may concern,\n", ""),
        ("Hello Mr. Smith,\n", "p=Smith:Mr."),
        ("Kind regards,\nTaro", ""),
    ];

    #[test]
    fn names_with_a_particle_and_less_common_departments() {
        check(
            &[
                (
                    "日の出食品株式会社\n髙橋様\n\nいつもお世話になっております。",
                    "o=日の出食品株式会社;p=髙橋:様",
                ),
                (
                    "株式会社さつき総研\n調査部\n佐々木様\n\nお世話になっております。",
                    "o=株式会社さつき総研;d=調査部;p=佐々木:様",
                ),
                ("楓商事の田中様\n\nお世話になっております。", ""),
                (
                    "東邦電材 佐藤様\n\nお世話になっております。",
                    "o=東邦電材;p=佐藤:様",
                ),
                (
                    "港北市 井上様\n\nお世話になっております。",
                    "o=港北市;p=井上:様",
                ),
                (
                    "田中 太郎様\n\nお世話になっております。",
                    "p=田中太郎(田中):様",
                ),
                (
                    "日の出食品\n池田様\n\nいつもお世話になっております。",
                    "o=日の出食品;p=池田:様",
                ),
                ("資料の件\n\nお世話になっております。", ""),
            ],
            parse_addressee,
        );
    }

    #[test]
    fn addressee_blocks() {
        assert!(BODY_CASES.len() >= 70, "{} cases", BODY_CASES.len());
        check(BODY_CASES, parse_addressee);
    }

    const DISPLAY_CASES: &[(&str, &str)] = &[
        ("田中 太郎（楓商事）", "o=楓商事;p=田中太郎(田中)"),
        (
            "田中 太郎 (楓商事株式会社)",
            "o=楓商事株式会社;p=田中太郎(田中)",
        ),
        ("楓商事 田中様", "o=楓商事;p=田中:様"),
        ("Taro Tanaka (Kaede Shoji)", "o=Kaede Shoji;p=Taro Tanaka"),
        (
            "楓商事株式会社 営業部 田中",
            "o=楓商事株式会社;d=営業部;p=田中",
        ),
        ("田中 太郎", "p=田中太郎(田中)"),
        ("田中　太郎", "p=田中太郎(田中)"),
        ("田中", ""),
        ("田中太郎", ""),
        ("tanaka", ""),
        ("Tanaka", ""),
        ("田中 太郎 <tanaka@kaede-shoji.example>", "p=田中太郎(田中)"),
        (
            "\"田中 太郎\" <tanaka@kaede-shoji.example>",
            "p=田中太郎(田中)",
        ),
        ("tanaka@kaede-shoji.example", ""),
        ("田中 太郎 (タナカ タロウ)", "p=田中太郎(田中)"),
        ("田中 太郎 (Tanaka Taro)", "p=田中太郎(田中)"),
        ("田中 太郎 (社外)", "p=田中太郎(田中)"),
        ("ひかりテック 佐藤", "o=ひかりテック;p=佐藤"),
        ("(株)楓商事 田中", "o=(株)楓商事;p=田中"),
        ("㈱楓商事 田中 太郎", "o=㈱楓商事;p=田中太郎(田中)"),
        ("John Smith", "p=John Smith"),
        ("Kaede Shoji", ""),
        ("Support", ""),
        ("営業部 田中", "d=営業部;p=田中"),
        ("田中太郎/楓商事", "o=楓商事;p=田中太郎"),
        (
            "山田 花子 | 株式会社さくらシステム",
            "o=株式会社さくらシステム;p=山田花子(山田)",
        ),
        ("楓商事 営業部", "o=楓商事;d=営業部"),
        ("Kaede Shoji Co., Ltd.", "o=Kaede Shoji Co., Ltd."),
        ("Smith (ABC Inc.)", "o=ABC Inc.;p=Smith"),
        ("【楓商事】田中 太郎", "o=楓商事;p=田中太郎(田中)"),
        ("田中＠楓商事", "o=楓商事;p=田中"),
        ("ＴＡＮＡＫＡ　Ｔａｒｏ", "p=ＴＡＮＡＫＡ Ｔａｒｏ"),
        ("ジョン・スミス", "p=ジョン・スミス"),
        ("Microsoft Outlook", ""),
        ("ABC Support", ""),
        ("田中 太郎 (携帯)", "p=田中太郎(田中)"),
        ("佐藤（ひかりテック）様", "o=ひかりテック;p=佐藤:様"),
        ("ひかりテック", "o=ひかりテック"),
        ("A社", ""),
        ("関係者各位", ""),
    ];

    #[test]
    fn display_names() {
        assert!(DISPLAY_CASES.len() >= 12);
        check(DISPLAY_CASES, parse_display_name);
    }

    #[test]
    fn organisation_keys() {
        let cases: &[(&str, &str)] = &[
            ("楓商事株式会社", "楓商事"),
            ("株式会社 楓商事", "楓商事"),
            ("株式会社　楓商事", "楓商事"),
            ("㈱楓商事", "楓商事"),
            ("(株)楓商事 御中", "楓商事"),
            ("（株）楓商事様", "楓商事"),
            ("楓商事㈱", "楓商事"),
            ("有限会社山田工務店", "山田工務店"),
            ("合同会社ミナトラボ", "ミナトラボ"),
            ("一般社団法人 日本ソフトウェア協会", "日本ソフトウェア協会"),
            ("特定非営利活動法人さくらネット", "さくらネット"),
            ("NPO法人さくらネット", "さくらネット"),
            ("Kaede Shoji Co., Ltd.", "kaedeshoji"),
            ("Kaede Shoji Co.,Ltd.", "kaedeshoji"),
            ("KAEDE SHOJI CO.,LTD.", "kaedeshoji"),
            ("ＡＢＣ　Ｉｎｃ．", "abc"),
            ("ABC Corporation", "abc"),
            ("ABC Corp.", "abc"),
            ("Kaede K.K.", "kaede"),
            ("Hikari LLC", "hikari"),
            ("Costco", "costco"),
            ("御殿場商事株式会社", "御殿場商事"),
            ("ABC・ホールディングス株式会社", "abcホールディングス"),
            ("A&B商事", "a&b商事"),
            ("Ａ＆Ｂ商事", "a&b商事"),
            ("株式会社", ""),
            ("Inc.", ""),
            ("", ""),
            ("楓商事 殿", "楓商事"),
        ];
        for (name, key) in cases {
            assert_eq!(org_key(name), *key, "org_key({name:?})");
        }
    }

    #[test]
    fn folded_text_finds_organisations() {
        assert_eq!(fold_text("見積書_楓商事様.pdf"), "見積書楓商事様pdf");
        assert_eq!(
            fold_text("Ｋａｅｄｅ Shoji-見積.xlsx"),
            "kaedeshoji見積xlsx"
        );
        let cases: &[(&str, &str, bool)] = &[
            ("見積書_楓商事様.pdf", "㈱楓商事", true),
            ("【楓商事御中】請求書.pdf", "楓商事株式会社", true),
            ("quote_Kaede_Shoji_2024.pdf", "Kaede Shoji Co., Ltd.", true),
            ("見積書_ひかりテック様.pdf", "楓商事株式会社", false),
        ];
        for (file, org, found) in cases {
            assert_eq!(
                fold_text(file).contains(&org_key(org)),
                *found,
                "{file} / {org}"
            );
        }
    }

    #[test]
    fn is_empty_means_nothing_found() {
        assert!(Addressee::default().is_empty());
        assert!(parse_addressee("関係者各位\n\nお疲れ様です。").is_empty());
        assert!(!parse_addressee("田中様\n\nお疲れ様です。").is_empty());
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long_line = "田".repeat(10_000);
        let long_word = format!("{}様\n\nお世話になっております。", "あ".repeat(10_000));
        let many_lines = "\n".repeat(10_000) + "田中様\nお世話になっております。";
        let inputs = [
            String::new(),
            "\n\n\n".to_owned(),
            "\r\r\r\n".to_owned(),
            long_line.clone(),
            long_word,
            many_lines,
            format!("{long_line}様\nお世話になっております。"),
            "\u{0}\u{1}\u{7f}田中様\u{0}\n\u{1b}[31mお世話になっております。".to_owned(),
            "\u{202E}田中様\u{202C}\n\nお世話になっております。".to_owned(),
            "\u{FFFD}\u{FFFD}様\n\nお世話になっております。".to_owned(),
            "様".to_owned(),
            "御中".to_owned(),
            "(株)".to_owned(),
            "（".to_owned(),
            "（株".to_owned(),
            "Dear".to_owned(),
            "Dear ,".to_owned(),
            "-san".to_owned(),
            "a-san".to_owned(),
            "株式会社 様".to_owned(),
            "\u{3000}\u{3000}\u{3000}".to_owned(),
            "👍👍👍様\n\nこんにちは".to_owned(),
            "ا".repeat(500) + "\nDear ",
            "<<<<>>>>(((()))))【【】】".to_owned(),
            "@@@@ @ @".to_owned(),
            "Ｍｒ．".to_owned(),
            "、、、、様様様".to_owned(),
            "𠮷野様\n\nお世話になっております。".to_owned(),
        ];
        for input in &inputs {
            let _ = parse_addressee(input);
            let _ = parse_display_name(input);
            let _ = org_key(input);
            let _ = fold_text(input);
        }
        assert_eq!(
            render(&parse_addressee("𠮷野様\n\nお世話になっております。")),
            "p=𠮷野:様"
        );
        assert!(parse_addressee("\u{202E}田中様\u{202C}\n\nお世話になっております。").is_empty());
    }
}
