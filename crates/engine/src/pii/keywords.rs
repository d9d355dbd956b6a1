//! Keyword lists for the personal-data detectors, kept as data.
//!
//! Why: whether `123456789018` is a My Number, a driver's licence or a Yamato tracking
//! number is decided by the words around it, and those words are policy, not code.
//! Every list here is a plain `const` array so it can later move to the policy files
//! (`rules/`) without touching the detectors. The lists are matched on the
//! *normalised* text (NFKC: full-width letters are ASCII, `℡` is `TEL`), ASCII
//! case-insensitively, and an ASCII keyword must not touch other letters (`tel` does
//! not fire inside `hotel`; digits may touch it: `TEL03-1234-5678`).
//!
//! All lists are compiled into one keyword index (`kwsearch.rs`; each hit carries
//! the list it came from), so the whole text is searched once, whatever the number of
//! lists.

/// Which list a keyword hit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kw {
    MyNumber,
    Corporate,
    /// Words that name an account (口座番号, 普通, 当座, 振込先…).
    BankAccount,
    /// Words that name a financial institution (…銀行, 信用金庫, JA…).
    BankInstitution,
    /// 支店, 店番…
    BankBranch,
    /// ゆうちょ: 記号 (5 digits) + 番号 (up to 8 digits).
    Yucho,
    Card,
    Phone,
    Postal,
    /// The postal mark 〒 itself (must stand right before the code).
    PostMark,
    Address,
    Birth,
    /// 歳 / 才 after a number (`39歳`): an age, so a date nearby is a birth date.
    Age,
    Drivers,
    Passport,
    Residence,
    Pension,
    /// Words about the health-insurance card (保険証, 被保険者証…).
    Health,
    /// Words that directly label a health-insurance number (被保険者番号…).
    HealthNumber,
    /// 保険者番号: the insurer's number, public; never reported.
    Insurer,
    Email,
    NameLabel,
    Honorific,
    /// Delivery tracking: a 12-digit number near these is not a My Number.
    Tracking,
    /// Order, invoice, reference and membership numbers.
    Order,
    /// Product codes (JAN/EAN).
    Product,
    /// 記号 (of a 記号・番号 pair: health insurance or ゆうちょ).
    Kigou,
    Prefecture,
    /// A well-known city that is enough on its own to start an address.
    City,
    /// A Tokyo special ward that is enough on its own to start an address.
    Ward,
}

pub const MY_NUMBER: &[&str] = &[
    "マイナンバー",
    "マイナンバーカード",
    "個人番号",
    "個人番号カード",
    "共通番号",
    "通知カード",
    "my number",
    "mynumber",
    "マイナ番号",
];

pub const CORPORATE: &[&str] = &[
    "法人番号",
    "登録番号",
    "インボイス",
    "適格請求書",
    "適格請求書発行事業者",
    "corporate number",
];

pub const BANK_ACCOUNT: &[&str] = &[
    "口座番号",
    "口座",
    "銀行口座",
    "預金口座",
    "普通預金",
    "当座預金",
    "普通",
    "当座",
    "貯蓄",
    "貯蓄預金",
    "振込先",
    "お振込先",
    "振込口座",
    "振替口座",
    "口座名義",
    "キャッシュカード",
    "account number",
    "account no",
    "bank account",
];

pub const BANK_INSTITUTION: &[&str] = &[
    "銀行",
    "信用金庫",
    "信金",
    "信用組合",
    "信組",
    "労働金庫",
    "労金",
    "農協",
    "農業協同組合",
    "漁協",
    "JA",
    "JAバンク",
    "bank",
];

pub const BANK_BRANCH: &[&str] = &[
    "支店",
    "支店番号",
    "支店名",
    "店番",
    "店番号",
    "支所",
    "出張所",
];

pub const YUCHO: &[&str] = &[
    "ゆうちょ",
    "ゆうちょ銀行",
    "郵便貯金",
    "通常貯金",
    "総合口座通帳",
];

pub const CARD: &[&str] = &[
    "カード番号",
    "クレジットカード",
    "クレジット",
    "カードNo",
    "カード情報",
    "有効期限",
    "セキュリティコード",
    "card number",
    "card no",
    "credit card",
    "creditcard",
    "visa",
    "mastercard",
    "master card",
    "jcb",
    "amex",
    "american express",
    "diners",
    "discover",
    "cvv",
];

pub const PHONE: &[&str] = &[
    "電話番号",
    "電話",
    "携帯",
    "携帯番号",
    "携帯電話",
    "固定電話",
    "連絡先",
    "直通",
    "代表",
    "内線",
    "ファックス",
    "ファクス",
    "TEL",
    "FAX",
    "phone",
    "mobile",
    "☎",
];

pub const POSTAL: &[&str] = &["郵便番号", "postal code", "zip code", "zip"];

pub const POST_MARK: &[&str] = &["〒"];

pub const ADDRESS: &[&str] = &[
    "住所",
    "ご住所",
    "現住所",
    "所在地",
    "本籍",
    "本籍地",
    "居所",
    "送付先",
    "お届け先",
    "届け先",
    "address",
];

pub const BIRTH: &[&str] = &[
    "生年月日",
    "誕生日",
    "お誕生日",
    "生まれ",
    "生れ",
    "出生",
    "DOB",
    "D.O.B",
    "date of birth",
    "date_of_birth",
    "birth date",
    "birth_date",
    "birthdate",
    "birthday",
    "born",
];

/// Only counts right after a number (`39歳`, `満39才`).
pub const AGE: &[&str] = &["歳", "才"];

pub const DRIVERS: &[&str] = &[
    "運転免許証",
    "運転免許証番号",
    "運転免許",
    "免許証番号",
    "免許証",
    "免許番号",
    "driver's license",
    "drivers license",
    "driver license",
    "driving licence",
];

pub const PASSPORT: &[&str] = &[
    "パスポート",
    "パスポート番号",
    "旅券番号",
    "旅券",
    "passport",
];

pub const RESIDENCE: &[&str] = &[
    "在留カード",
    "在留カード番号",
    "特別永住者証明書",
    "residence card",
];

pub const PENSION: &[&str] = &[
    "基礎年金番号",
    "年金番号",
    "年金手帳",
    "基礎年金",
    "年金手帳番号",
];

pub const HEALTH: &[&str] = &[
    "保険証",
    "健康保険証",
    "健康保険",
    "被保険者証",
    "被保険者",
    "資格確認書",
    "国民健康保険",
    "社会保険",
];

pub const HEALTH_NUMBER: &[&str] = &["被保険者番号", "保険証番号"];

pub const INSURER: &[&str] = &["保険者番号"];

pub const EMAIL: &[&str] = &["メールアドレス", "メール", "e-mail", "email", "mail"];

pub const NAME_LABEL: &[&str] = &[
    "氏名",
    "お名前",
    "名前",
    "姓名",
    "ご氏名",
    "顧客名",
    "お客様名",
    "担当者名",
    "社員名",
    "従業員名",
    "契約者名",
    "申込者名",
    "受取人名",
    "患者名",
    "会員名",
    "利用者名",
    "宛名",
    "name",
    "full name",
];

pub const HONORIFIC: &[&str] = &["様", "さん", "殿", "くん", "君"];

pub const TRACKING: &[&str] = &[
    "お問い合わせ番号",
    "お問合せ番号",
    "問い合わせ番号",
    "問合せ番号",
    "伝票番号",
    "追跡番号",
    "送り状番号",
    "配送番号",
    "荷物番号",
    "ヤマト",
    "クロネコ",
    "佐川",
    "日本郵便",
    "宅急便",
    "宅配便",
    "ゆうパック",
    "tracking",
];

pub const ORDER: &[&str] = &[
    "注文番号",
    "ご注文番号",
    "注文",
    "オーダー",
    "請求書番号",
    "請求番号",
    "受付番号",
    "照会番号",
    "予約番号",
    "会員番号",
    "顧客番号",
    "お客様番号",
    "管理番号",
    "契約番号",
    "見積番号",
    "発注番号",
    "案件番号",
    "申込番号",
    "取引番号",
    "決済番号",
    "整理番号",
    "社員番号",
    "伝票",
    "order",
    "invoice",
];

pub const PRODUCT: &[&str] = &[
    "JAN",
    "JANコード",
    "商品コード",
    "バーコード",
    "EAN",
    "品番",
    "型番",
    "商品番号",
    "ISBN",
];

pub const KIGOU: &[&str] = &["記号"];

pub const PREFECTURES: &[&str] = &[
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// Designated cities (政令指定都市) and a few other large cities people write without
/// the prefecture.
pub const CITIES: &[&str] = &[
    "札幌市",
    "仙台市",
    "さいたま市",
    "千葉市",
    "横浜市",
    "川崎市",
    "相模原市",
    "新潟市",
    "静岡市",
    "浜松市",
    "名古屋市",
    "京都市",
    "大阪市",
    "堺市",
    "神戸市",
    "岡山市",
    "広島市",
    "北九州市",
    "福岡市",
    "熊本市",
];

/// Tokyo's 23 special wards.
pub const WARDS: &[&str] = &[
    "千代田区",
    "中央区",
    "港区",
    "新宿区",
    "文京区",
    "台東区",
    "墨田区",
    "江東区",
    "品川区",
    "目黒区",
    "大田区",
    "世田谷区",
    "渋谷区",
    "中野区",
    "杉並区",
    "豊島区",
    "北区",
    "荒川区",
    "板橋区",
    "練馬区",
    "足立区",
    "葛飾区",
    "江戸川区",
];

/// Every list with the class its hits get.
pub(crate) const TABLE: &[(&[&str], Kw)] = &[
    (MY_NUMBER, Kw::MyNumber),
    (CORPORATE, Kw::Corporate),
    (BANK_ACCOUNT, Kw::BankAccount),
    (BANK_INSTITUTION, Kw::BankInstitution),
    (BANK_BRANCH, Kw::BankBranch),
    (YUCHO, Kw::Yucho),
    (CARD, Kw::Card),
    (PHONE, Kw::Phone),
    (POSTAL, Kw::Postal),
    (POST_MARK, Kw::PostMark),
    (ADDRESS, Kw::Address),
    (BIRTH, Kw::Birth),
    (AGE, Kw::Age),
    (DRIVERS, Kw::Drivers),
    (PASSPORT, Kw::Passport),
    (RESIDENCE, Kw::Residence),
    (PENSION, Kw::Pension),
    (HEALTH, Kw::Health),
    (HEALTH_NUMBER, Kw::HealthNumber),
    (INSURER, Kw::Insurer),
    (EMAIL, Kw::Email),
    (NAME_LABEL, Kw::NameLabel),
    (HONORIFIC, Kw::Honorific),
    (TRACKING, Kw::Tracking),
    (ORDER, Kw::Order),
    (PRODUCT, Kw::Product),
    (KIGOU, Kw::Kigou),
    (PREFECTURES, Kw::Prefecture),
    (CITIES, Kw::City),
    (WARDS, Kw::Ward),
];

// ---- word lists used by single detectors (not searched globally) ----

/// Words that end a company, shop or organisation name: `佐藤製薬様` is a company.
pub const ORG_SUFFIXES: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "会社",
    "製薬",
    "商事",
    "商会",
    "商店",
    "物産",
    "産業",
    "工業",
    "興業",
    "建設",
    "工務店",
    "電機",
    "電気",
    "電工",
    "製作所",
    "製菓",
    "食品",
    "薬品",
    "化学",
    "印刷",
    "運輸",
    "運送",
    "不動産",
    "銀行",
    "信金",
    "証券",
    "保険",
    "病院",
    "医院",
    "クリニック",
    "歯科",
    "薬局",
    "事務所",
    "法律事務所",
    "税理士事務所",
    "グループ",
    "ホールディングス",
    "研究所",
    "学園",
    "学校",
    "大学",
    "協会",
    "組合",
    "財団",
    "店",
    "屋",
    "堂",
    "社",
    "組",
    "部",
    "課",
    "室",
    "係",
    "班",
    "局",
    "署",
    "所",
    "院",
    "館",
    "園",
    "会",
    "家",
    "区",
    "市",
    "町",
    "村",
    "県",
    "郡",
    "駅",
    "線",
    "川",
    "山",
    "橋",
    "通り",
    "様",
];

/// Titles that may stand between a surname and the honorific (`田中部長様`).
pub const TITLES: &[&str] = &[
    "社長",
    "副社長",
    "会長",
    "専務",
    "常務",
    "取締役",
    "部長",
    "次長",
    "課長",
    "係長",
    "主任",
    "室長",
    "所長",
    "支店長",
    "店長",
    "院長",
    "先生",
    "教授",
    "准教授",
    "監督",
    "議員",
];

/// Characters after a number that make it an amount or a count, not an identifier.
pub const UNIT_CHARS: &[char] = &[
    '円', '万', '億', '兆', '千', '件', '個', '名', '人', '台', '本', '枚', '冊', '通', '%', '年',
    '月', '日', '時', '分', '秒', '歳', '才', '回', '度', '倍', '点', '行', '銭', '株', '号', '頁',
    '箱', '週', '戸', '坪', '階', '社', '店', '校', '棟', '室',
];

/// Longer units, matched after the first character is seen.
pub const UNIT_WORDS: &[&str] = &[
    "ドル",
    "ユーロ",
    "ポイント",
    "ヶ月",
    "か月",
    "カ月",
    "ヵ月",
    "世帯",
];

/// Characters before a number that make it an amount.
pub const CURRENCY_PREFIXES: &[char] = &['¥', '\\', '$', '€', '£'];

/// ASCII labels that may be glued to a number without making it a code (`TEL03-…`).
pub const GLUE_LABELS: &[&str] = &["tel", "fax", "no", "mobile", "phone", "tell", "ph"];

/// Keyword classes that compete for a bare number: when one of these is nearest, the
/// number belongs to that type (or to none).
pub(crate) const COMPETING: &[Kw] = &[
    Kw::MyNumber,
    Kw::Corporate,
    Kw::BankAccount,
    Kw::Yucho,
    Kw::Card,
    Kw::Phone,
    Kw::Postal,
    Kw::PostMark,
    Kw::Drivers,
    Kw::Passport,
    Kw::Residence,
    Kw::Pension,
    Kw::HealthNumber,
    Kw::Insurer,
    Kw::Tracking,
    Kw::Order,
    Kw::Product,
];
