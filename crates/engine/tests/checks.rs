//! Behaviour of each check on drafts built directly (as the send hook builds them),
//! table-style: one helper that builds a draft and returns what fired, many short cases.

use sendguard_engine::{
    Attachment, CheckId, ComposeType, Draft, Engine, Mailbox, Policy, ReplyContext, Severity,
    Verdict,
    policy::{Layer, LayerKind},
};

fn engine_with(toml: &str) -> Engine {
    let layer = Layer {
        kind: LayerKind::User,
        origin: "test.toml".to_owned(),
        toml: toml.to_owned(),
        lists: Vec::new(),
    };
    let mut policy = Policy::from_layers(&[layer]).expect("policy");
    policy.add_internal_domain("sakura-sys.co.jp");
    policy.add_org_name("サクラシステム");
    Engine::new(policy)
}

fn engine() -> Engine {
    engine_with("")
}

fn mb(spec: &str) -> Mailbox {
    // "Name <addr>" or "addr"
    match spec.split_once(" <") {
        Some((name, addr)) => Mailbox::new(Some(name), addr.trim_end_matches('>')),
        None => Mailbox::new(None, spec),
    }
}

fn draft(to: &[&str], cc: &[&str], body: &str) -> Draft {
    Draft {
        from: Some(mb("佐藤 一郎 <ichiro.sato@sakura-sys.co.jp>")),
        to: to.iter().map(|s| mb(s)).collect(),
        cc: cc.iter().map(|s| mb(s)).collect(),
        subject: "ご連絡".to_owned(),
        body_text: body.to_owned(),
        ..Draft::default()
    }
}

fn fired(engine: &Engine, d: &Draft, check: CheckId) -> Vec<(Severity, String)> {
    engine
        .check(d, "t")
        .findings
        .into_iter()
        .filter(|f| f.check == check)
        .map(|f| (f.severity, f.location.to_string()))
        .collect()
}

#[test]
fn internal_mail_with_nothing_risky_passes() {
    let d = draft(
        &["a@sakura-sys.co.jp", "b@osaka.sakura-sys.co.jp"],
        &[],
        "明日の会議は10時からです。",
    );
    let report = engine().check(&d, "t");
    assert_eq!(report.verdict, Verdict::Pass, "{:?}", report.findings);
    assert!(report.recipients.iter().all(|r| !r.external));
}

#[test]
fn every_outside_recipient_is_confirmed() {
    let d = draft(
        &["a@partner.co.jp"],
        &["b@sakura-sys.co.jp"],
        "よろしくお願いします。",
    );
    let report = engine().check(&d, "t");
    assert_eq!(report.verdict, Verdict::Confirm);
    assert_eq!(
        fired(&engine(), &d, CheckId::ExternalRecipient),
        vec![(Severity::Warning, "to".to_owned())]
    );
}

#[test]
fn sender_domain_is_internal_when_none_configured() {
    let e = Engine::new(Policy::builtin());
    let d = draft(&["a@sakura-sys.co.jp"], &[], "社内連絡");
    assert_eq!(e.check(&d, "t").verdict, Verdict::Pass);
    let d = draft(&["a@partner.co.jp"], &[], "社外連絡");
    assert_eq!(e.check(&d, "t").verdict, Verdict::Confirm);
}

#[test]
fn bcc_suggested_thresholds() {
    let e = engine();
    let cases: &[(&[&str], &[&str], bool)] = &[
        (&["a@p1.co.jp", "b@p2.co.jp"], &[], false),
        (&["a@p1.co.jp", "b@p2.co.jp", "c@p3.co.jp"], &[], true),
        (&["a@p1.co.jp"], &["b@p2.co.jp", "c@p3.co.jp"], true),
        // one organisation, several people: one party
        (
            &["a@p1.co.jp", "b@p1.co.jp", "c@sales.p1.co.jp"],
            &[],
            false,
        ),
        // free-mail users are each their own party
        (&["a@gmail.com", "b@gmail.com", "c@gmail.com"], &[], true),
        (&["a@gmail.com", "b@gmail.com"], &[], false),
        // ten addresses of one organisation
        (
            &[
                "1@p.jp", "2@p.jp", "3@p.jp", "4@p.jp", "5@p.jp", "6@p.jp", "7@p.jp", "8@p.jp",
                "9@p.jp", "10@p.jp",
            ],
            &[],
            true,
        ),
        // internal addresses do not count
        (
            &[
                "a@p1.co.jp",
                "b@p2.co.jp",
                "c@sakura-sys.co.jp",
                "d@sakura-sys.co.jp",
            ],
            &[],
            false,
        ),
    ];
    for (to, cc, expected) in cases {
        let d = draft(to, cc, "ご案内");
        assert_eq!(
            !fired(&e, &d, CheckId::BccSuggested).is_empty(),
            *expected,
            "{to:?} {cc:?}"
        );
    }
    // Addresses already in Bcc are fine.
    let mut d = draft(&["ichiro.sato@sakura-sys.co.jp"], &[], "ご案内");
    d.bcc = ["a@p1.co.jp", "b@p2.co.jp", "c@p3.co.jp"]
        .iter()
        .map(|s| mb(s))
        .collect();
    assert!(fired(&e, &d, CheckId::BccSuggested).is_empty());
}

#[test]
fn bcc_thresholds_come_from_policy() {
    let e = engine_with("[bcc_suggested]\nmin_parties = 2\n");
    let d = draft(&["a@p1.co.jp", "b@p2.co.jp"], &[], "ご案内");
    assert!(!fired(&e, &d, CheckId::BccSuggested).is_empty());
}

#[test]
fn freemail_and_lookalike_and_spoof() {
    let e = engine();
    let d = draft(&["someone@gmail.com"], &[], "x");
    assert_eq!(
        fired(&e, &d, CheckId::FreemailRecipient),
        vec![(Severity::Warning, "to".to_owned())]
    );
    let d = draft(&["a@docomo.ne.jp"], &[], "x");
    assert_eq!(fired(&e, &d, CheckId::FreemailRecipient).len(), 1);

    let d = draft(
        &[
            "a@sakura-sy5.co.jp",
            "b@sakura-sys.co.jp",
            "c@mail.sakura-sys.co.jp",
        ],
        &[],
        "x",
    );
    assert_eq!(
        fired(&e, &d, CheckId::LookalikeDomain),
        vec![(Severity::Danger, "to".to_owned())]
    );

    let cases: &[(&str, bool)] = &[
        ("代表取締役 桜井 <ceo.sakurai@gmail.com>", true),
        ("サクラシステム 経理部 <keiri@sakura-sys-co.jp>", true),
        (
            "佐藤 一郎 (ichiro.sato@sakura-sys.co.jp) <x@evil.example>",
            true,
        ),
        ("ABC株式会社 代表取締役 山田 <yamada@abc.co.jp>", false),
        (
            "西日本トレーディング 経理部 <keiri@nishinihon.co.jp>",
            false,
        ),
        ("山田 太郎 <yamada@gmail.com>", false),
        ("CEO Office <x@gmail.com>", true),
        ("Acme Corp <x@acme.example>", false),
    ];
    for (spec, expected) in cases {
        let d = draft(&[spec], &[], "x");
        assert_eq!(
            !fired(&e, &d, CheckId::DisplayNameSpoof).is_empty(),
            *expected,
            "{spec}"
        );
    }
}

#[test]
fn display_name_spoof_by_domain_and_role() {
    let e = engine();
    // (recipient, fires?)
    let cases: &[(&str, bool)] = &[
        // The internal domain, or its distinctive label, in an outside address's name.
        ("sakura-sys.co.jp 経理部 <keiri@example-mail.net>", true),
        ("SAKURA-SYS 総務 <x@foo.jp>", true),
        ("sakura-sys.co.jp <a@b.com>", true),
        ("info@sakura-sys.co.jp <info@sakura-sys.info>", true),
        ("ＳＡＫＵＲＡ－ＳＹＳ 経理 <k@foo.example>", true),
        ("Sakura Sys Support <support@helpdesk.example>", true),
        // Roles (and compounds holding one) on free-mail.
        ("社長室 <office@gmail.com>", true),
        ("秘書室 <hisho@yahoo.co.jp>", true),
        ("代表取締役社長 <president@gmail.com>", true),
        ("経理部長 <k@yahoo.co.jp>", true),
        ("人事部 <jinji@gmail.com>", true),
        ("総務課 <soumu@gmail.com>", true),
        ("総務課長 田中 <tanaka.s@gmail.com>", true),
        ("CEO Office <ceo.office@gmail.com>", true),
        ("社長秘書 <secretary@gmail.com>", true),
        ("ＣＥＯ 桜井 <sakurai@outlook.jp>", true),
        // Traps: people's names on free-mail, private bodies' chairs, roles on a
        // company's own domain, words that only contain the label.
        ("山田 太郎 <yamada.taro@gmail.com>", false),
        ("Taro Yamada <taro.y@gmail.com>", false),
        ("さくら <sakura.t@gmail.com>", false),
        ("Sakura Tanaka <sakura.tanaka@yahoo.co.jp>", false),
        ("PTA会長 山田 <pta.yamada@gmail.com>", false),
        ("自治会長 鈴木 <jichikai@yahoo.co.jp>", false),
        ("Cooper Hanako <hanako.cooper@gmail.com>", false),
        ("ABC株式会社 総務課 <soumu@abc.co.jp>", false),
        ("sakura-system 田中 <tanaka@sakura-system.example>", false),
    ];
    for (spec, expected) in cases {
        let d = draft(&[spec], &[], "x");
        assert_eq!(
            !fired(&e, &d, CheckId::DisplayNameSpoof).is_empty(),
            *expected,
            "{spec}"
        );
    }
}

#[test]
fn missing_attachment_mentions_and_traps() {
    let e = engine();
    let cases: &[(&str, bool)] = &[
        ("資料を添付いたしますのでご確認ください。", true),
        ("別添の資料をご覧ください。", true),
        ("Please find the report attached.", true),
        ("This e-mail and any attachments are confidential.", false),
        ("明日伺います。\n> 資料を添付いたします。", false),
        (
            "明日伺います。\n-- \n添付ファイルは開かずに削除してください",
            false,
        ),
        ("明日伺います。", false),
        (
            "先日はありがとうございました。見積書を添付いたします。",
            true,
        ),
        ("添付ファイルを拝見しました。", false),
        ("本メールに添付ファイルはございません。", false),
        ("資料は後ほど添付ファイルでお送りします。", false),
        ("前回のメールに添付の見積書をご確認ください。", false),
        ("Please find our revised quotation below.", false),
    ];
    for (body, expected) in cases {
        let mut d = draft(&["a@sakura-sys.co.jp"], &[], body);
        // Quoted text exists in replies.
        d.compose_type = ComposeType::Reply;
        assert_eq!(
            !fired(&e, &d, CheckId::MissingAttachment).is_empty(),
            *expected,
            "{body}"
        );
    }
    let mut d = draft(&["a@sakura-sys.co.jp"], &[], "資料を添付いたします。");
    d.attachments.push(Attachment {
        name: "a.pdf".into(),
        content_type: "application/pdf".into(),
        size: 3,
        data: b"%PD".to_vec(),
    });
    assert!(fired(&e, &d, CheckId::MissingAttachment).is_empty());
}

#[test]
fn attachment_level_depends_on_outside_recipients() {
    let e = engine();
    let file = Attachment {
        name: "見積書.pdf".into(),
        content_type: "application/pdf".into(),
        size: 2048,
        data: vec![0; 16],
    };
    let location = "attachment:見積書.pdf".to_owned();
    let mut internal = draft(&["a@sakura-sys.co.jp"], &[], "x");
    internal.attachments.push(file.clone());
    // The file itself, then an info line saying its contents (PDF) were not read.
    assert_eq!(
        fired(&e, &internal, CheckId::Attachment),
        vec![
            (Severity::Info, location.clone()),
            (Severity::Info, location.clone())
        ]
    );
    assert_eq!(e.check(&internal, "t").verdict, Verdict::Pass);
    let mut external = draft(&["a@partner.co.jp"], &[], "x");
    external.attachments.push(file);
    assert_eq!(
        fired(&e, &external, CheckId::Attachment),
        vec![
            (Severity::Warning, location.clone()),
            (Severity::Info, location)
        ]
    );
}

#[test]
fn confidential_keywords_and_policy_block() {
    let e = engine();
    let mut d = draft(
        &["a@partner.co.jp"],
        &[],
        "本資料は社外秘です。\n機密保持契約書を送付します。",
    );
    d.subject = "【社外秘】価格表".to_owned();
    let hits = fired(&e, &d, CheckId::ConfidentialKeyword);
    assert_eq!(hits.len(), 2, "{hits:?}");
    let d2 = draft(&["a@partner.co.jp"], &[], "機密保持契約書をお送りします。");
    assert!(
        fired(&e, &d2, CheckId::ConfidentialKeyword).is_empty(),
        "an NDA is not a secret"
    );

    let blocking = engine_with("[severity]\nconfidential_keyword = \"block\"\n");
    let report = blocking.check(&d, "t");
    assert_eq!(report.verdict, Verdict::Block);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.blocked && f.check == CheckId::ConfidentialKeyword)
    );

    let off = engine_with("[severity]\nconfidential_keyword = \"off\"\n");
    assert!(fired(&off, &d, CheckId::ConfidentialKeyword).is_empty());
}

fn reply(original_from: &str, reply_to: &[&str], to: &[&str]) -> Draft {
    let mut d = draft(to, &[], "承知しました。");
    d.compose_type = ComposeType::Reply;
    d.in_reply_to = Some(ReplyContext {
        from: Some(mb(original_from)),
        reply_to: reply_to.iter().map(|s| mb(s)).collect(),
        to: vec![mb("ichiro.sato@sakura-sys.co.jp")],
        cc: vec![mb("c@partner.co.jp")],
    });
    d
}

#[test]
fn reply_checks() {
    let e = engine();
    // Reply-To points elsewhere: the fake-社長 pattern.
    let d = reply(
        "社長 <president@sakura-sys.co.jp>",
        &["president@sakura-sys-co.jp"],
        &["president@sakura-sys-co.jp"],
    );
    assert_eq!(fired(&e, &d, CheckId::ReplyRedirected).len(), 1);
    // Same mailbox, swapped domain.
    let d = reply(
        "山田 <yamada@partner.co.jp>",
        &[],
        &["yamada@partner-co.jp"],
    );
    assert_eq!(fired(&e, &d, CheckId::ReplyRedirected).len(), 1);
    // An honest reply to the sender.
    let d = reply(
        "山田 <yamada@partner.co.jp>",
        &[],
        &["yamada@partner.co.jp"],
    );
    assert!(fired(&e, &d, CheckId::ReplyRedirected).is_empty());
    assert!(fired(&e, &d, CheckId::NewDomainOnReply).is_empty());
    // A new outside domain joins the thread.
    let d = reply(
        "山田 <yamada@partner.co.jp>",
        &[],
        &["yamada@partner.co.jp", "x@other.co.jp"],
    );
    assert_eq!(
        fired(&e, &d, CheckId::NewDomainOnReply),
        vec![(Severity::Warning, "to".to_owned())]
    );
    // Without context the reply checks do not fire.
    let mut d = draft(&["x@other.co.jp"], &[], "x");
    d.compose_type = ComposeType::Reply;
    assert!(fired(&e, &d, CheckId::NewDomainOnReply).is_empty());
}

#[test]
fn draft_from_hook_json() {
    let json = r#"{"from":{"name":"佐藤","address":"ichiro.sato@sakura-sys.co.jp"},
        "to":[{"name":"山田","address":"yamada@partner.co.jp"}],
        "subject":"Re: 振込先","body_text":"承知しました","compose_type":"reply",
        "in_reply_to":{"from":{"address":"yamada@partner.co.jp"},"reply_to":[{"address":"yamada@partner-co.jp"}]}}"#;
    let d: Draft = serde_json::from_str(json).expect("draft json");
    assert_eq!(d.compose_type, ComposeType::Reply);
    let report = engine().check(&d, "hook");
    assert_eq!(report.verdict, Verdict::Confirm);
}

#[test]
fn verdict_json_matches_contract_names() {
    let d = draft(&["a@partner.co.jp"], &[], "x");
    let v = serde_json::to_value(engine().check(&d, "mail/0001.eml")).expect("json");
    for key in [
        "source",
        "subject",
        "verdict",
        "recipients",
        "attachments",
        "findings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let r = &v["recipients"][0];
    for key in ["address", "field", "domain", "external"] {
        assert!(r.get(key).is_some(), "recipient missing {key}");
    }
    let f = &v["findings"][0];
    for key in ["check", "severity", "location", "count", "message"] {
        assert!(f.get(key).is_some(), "finding missing {key}");
    }
}

fn personal(engine: &Engine, body: &str) -> Vec<(String, Severity, u64)> {
    let d = draft(&["a@partner.co.jp"], &[], body);
    engine
        .check(&d, "t")
        .findings
        .into_iter()
        .filter(|f| f.check == CheckId::PersonalData)
        .map(|f| {
            (
                f.kind.map(|k| k.to_string()).unwrap_or_default(),
                f.severity,
                f.count,
            )
        })
        .collect()
}

fn has_danger(findings: &[(String, Severity, u64)], kind: &str) -> bool {
    findings
        .iter()
        .any(|(k, s, _)| k == kind && *s == Severity::Danger)
}

#[test]
fn business_data_is_not_a_persons_record() {
    let e = engine();
    // A venue's address and phone: an organisation's, not a person's.
    let venue = personal(
        &e,
        "会場：〒105-0011 東京都港区芝公園三丁目4番5号 TEL 03-5432-1098\n",
    );
    assert!(!has_danger(&venue, "record"), "{venue:?}");
    // The company's own account on an invoice.
    let invoice = personal(
        &e,
        "お振込先：みずほ銀行 渋谷支店 普通 1234567\n口座名義：カ）サクラシステム\n",
    );
    assert!(!has_danger(&invoice, "bank_account"), "{invoice:?}");
    // The holder a few lines below, after the other accounts of the block.
    let invoice = personal(
        &e,
        "【お振込先】\nゆうちょ銀行 記号 10180 番号 12345671\n他金融機関から：〇一八店 普通 1234567\n口座名義：株式会社みなと精工\n",
    );
    assert!(!has_danger(&invoice, "bank_account"), "{invoice:?}");
    // A person's account stays dangerous.
    let person = personal(
        &e,
        "お振込先：みずほ銀行 渋谷支店 普通 1234567\n口座名義：ヤマダ タロウ\n",
    );
    assert!(has_danger(&person, "bank_account"), "{person:?}");
}

#[test]
fn records_are_counted_per_person() {
    let e = engine();
    let list = "氏名\t住所\t電話\n山田 太郎\t東京都世田谷区桜新町1-2-3\t090-1234-0001\n\
                佐藤 花子\t神奈川県横浜市港北区日吉2-4-6\t045-555-0123\n";
    let found = personal(&e, list);
    assert!(
        found
            .iter()
            .any(|(k, s, n)| k == "record" && *s == Severity::Danger && *n == 2),
        "{found:?}"
    );
    // A block with one item per line is one person.
    let block = "氏名：山田 太郎\n住所：東京都世田谷区桜新町1-2-3\n電話：090-1234-0001\n";
    let found = personal(&e, block);
    assert!(
        found.iter().any(|(k, _, n)| k == "record" && *n == 1),
        "{found:?}"
    );
    // A rule about a range of birth dates is not anyone's birth date.
    let rule = personal(&e, "昭和39年4月2日以降の生まれの方は対象外です。\n");
    assert!(!has_danger(&rule, "birth_date"), "{rule:?}");
}

#[test]
fn signature_and_quotes_are_info_only() {
    let e = engine();
    let body = "承知しました。\n\n-- \nサクラシステム 佐藤\n〒100-0005 東京都千代田区丸の内1-2-3\nTEL 03-1234-5678\n\n\
                > 山田様の連絡先: 090-1234-5678 東京都世田谷区桜新町1-2-3\n";
    let mut d = draft(&["a@partner.co.jp"], &[], body);
    d.compose_type = ComposeType::Reply;
    let found: Vec<(String, Severity, u64)> = e
        .check(&d, "t")
        .findings
        .into_iter()
        .filter(|f| f.check == CheckId::PersonalData)
        .map(|f| {
            (
                f.kind.map(|k| k.to_string()).unwrap_or_default(),
                f.severity,
                f.count,
            )
        })
        .collect();
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|(_, s, _)| *s == Severity::Info),
        "{found:?}"
    );
}

#[test]
fn places_of_business_under_a_heading() {
    let e = engine();
    // (body, a record expected)
    let cases = [
        // Office blocks under a heading: the organisation's.
        (
            "■大阪支店\n〒530-0001 大阪府大阪市北区梅田2-4-9\nTEL 06-6345-1200\n",
            false,
        ),
        (
            "【本社】\n住所：東京都千代田区丸の内1-2-3\n電話：03-1234-5678\n",
            false,
        ),
        // A venue given as 「会場：…」 with its address and phone on the lines below.
        (
            "会場：名古屋国際会議場 2号館\n住所：〒456-0036 愛知県名古屋市熱田区熱田西町1-1\n電話：052-683-7711\n",
            false,
        ),
        // An address block with the organisation's name between the address and TEL.
        (
            "送付先\n〒243-0021 神奈川県厚木市岡田3-5-8\n東和商事株式会社 厚木物流センター 入荷係\nTEL 046-228-7700\n",
            false,
        ),
        // A relocation notice: the new address, the switchboard and the fax.
        (
            "新住所：〒220-0012 神奈川県横浜市西区みなとみらい3-6-1\n新電話番号：045-228-5500（代表）\n新FAX番号：045-228-5501\n",
            false,
        ),
        // A newsletter footer: the company, its address and phone on one line.
        (
            "株式会社クラウドハブ　〒150-0002 東京都渋谷区渋谷2-21-1　TEL 03-5555-0100\n",
            false,
        ),
        // A person's name on the line keeps it a person's record.
        (
            "山田 太郎 様（株式会社ABC） 東京都渋谷区渋谷2-21-1 090-1111-2222\n",
            true,
        ),
        // A form field naming the employer is not an organisation's block.
        (
            "勤務先：株式会社ひかりテック\n住所：東京都新宿区西新宿1-2-3\n電話：090-1111-2222\n",
            true,
        ),
        // A sentence that mentions 問い合わせ is not a heading: the customers are people.
        (
            "下記のお客様より問い合わせがありました。\n山田太郎 東京都新宿区西新宿1-2-3 090-1111-2222\n",
            true,
        ),
        (
            "お問い合わせいただいたお客様の連絡先です\n氏名：中川 由美\n住所：神奈川県横浜市港北区日吉本町3-14-2\n電話：090-4412-7788\n",
            true,
        ),
    ];
    for (body, record) in cases {
        let found = personal(&e, body);
        assert_eq!(has_danger(&found, "record"), record, "{body}\n{found:?}");
    }
}

#[test]
fn a_signature_is_not_a_hiding_place() {
    let e = engine();
    // (body, the type that must stay danger)
    let cases = [
        // A customer's My Number typed right above the sender's name.
        (
            "ご確認ください。\n\nサクラシステム 佐藤\n個人番号 1234 5678 9018\n",
            "my_number",
        ),
        // Two customers' records inside a ruled-off block that names the company.
        (
            "名簿です。\n----------\nサクラシステム 佐藤\n山田 東京都新宿区1-2-3 090-1111-2222\n鈴木 大阪府大阪市北区梅田2-3-4 080-2222-3333\n",
            "record",
        ),
        // A birth date in the block.
        (
            "以上です。\n-- \nサクラシステム 佐藤\n生年月日 1980年5月12日\n",
            "birth_date",
        ),
    ];
    for (body, kind) in cases {
        let found = personal(&e, body);
        assert!(has_danger(&found, kind), "{body}\n{found:?}");
    }
}

#[test]
fn forwarded_personal_data_is_scored_as_the_body() {
    let e = engine();
    let customer = "氏名：中川 由美\n住所：神奈川県横浜市港北区日吉本町3-14-2\n電話：090-4412-7788\n個人番号：1234 5678 9018\n";
    let forwarded = format!(
        "ご対応をお願いします。\n\n---------- Forwarded message ---------\nFrom: 中川 由美 <yumi.n@gmail.com>\nDate: 2025年6月3日\nSubject: 申込\n\n{customer}"
    );
    // (subject, compose type, body, danger expected)
    let cases = [
        ("Fwd: 申込", ComposeType::Forward, forwarded.clone(), true),
        // A forwarded-message header makes a forward even without Fwd: in the subject.
        ("申込の件", ComposeType::New, forwarded.clone(), true),
        // The same quote in a reply back to the customer is theirs already.
        (
            "Re: 申込",
            ComposeType::Reply,
            forwarded.replace(
                "---------- Forwarded message ---------",
                "-----Original Message-----",
            ),
            false,
        ),
    ];
    for (subject, compose_type, body, danger) in cases {
        let mut d = draft(&["a@partner.co.jp"], &[], &body);
        d.subject = subject.to_owned();
        d.compose_type = compose_type;
        let report = e.check(&d, "t");
        let alarm = report.findings.iter().any(|f| {
            f.check == CheckId::PersonalData
                && f.kind.map(|k| k.as_str()) == Some("my_number")
                && f.severity == Severity::Danger
        });
        assert_eq!(alarm, danger, "{subject}: {:?}", report.findings);
    }
}

#[test]
fn the_senders_own_vcard_is_their_signature() {
    let e = engine();
    let card = |email: &str| {
        format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:佐藤 一郎\r\nORG:サクラシステム株式会社\r\nTEL;TYPE=CELL:090-1234-5678\r\nADR;TYPE=WORK:;;丸の内1-2-3;千代田区;東京都;100-0005;\r\nEMAIL:{email}\r\nNOTE:携帯 090-1234-5678 / 東京都千代田区丸の内1-2-3\r\nEND:VCARD\r\n"
        )
    };
    // (the card's e-mail, a record expected)
    for (email, record) in [
        ("ichiro.sato@sakura-sys.co.jp", false),
        ("hanako.yamada@gmail.com", true),
    ] {
        let mut d = draft(&["a@partner.co.jp"], &[], "名刺を添付します。");
        let data = card(email).into_bytes();
        d.attachments.push(Attachment {
            name: "card.vcf".to_owned(),
            content_type: "text/vcard".to_owned(),
            size: data.len() as u64,
            data,
        });
        let found: Vec<(String, Severity)> = e
            .check(&d, "t")
            .findings
            .into_iter()
            .filter(|f| f.check == CheckId::PersonalData)
            .map(|f| {
                (
                    f.kind.map(|k| k.to_string()).unwrap_or_default(),
                    f.severity,
                )
            })
            .collect();
        let danger = found
            .iter()
            .any(|(k, s)| k == "record" && *s == Severity::Danger);
        assert_eq!(danger, record, "{email}: {found:?}");
    }
}

/// A zip built in memory: `(name, bytes, encrypted flag)` members, stored.
fn zip_of(members: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes, _) in members {
            w.start_file(*name, options).expect("start");
            std::io::Write::write_all(&mut w, bytes).expect("write");
        }
        w.finish().expect("finish");
    }
    let mut bytes = buf.into_inner();
    // Set the encryption flag (bit 0) of the chosen members, local and central headers.
    for (index, (_, _, encrypted)) in members.iter().enumerate() {
        if !encrypted {
            continue;
        }
        for (signature, offset) in [(&b"PK\x03\x04"[..], 6), (&b"PK\x01\x02"[..], 8)] {
            let at = bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == signature)
                .map(|(i, _)| i)
                .nth(index)
                .expect("header");
            bytes[at + offset] |= 1;
        }
    }
    bytes
}

fn with_attachment(name: &str, data: Vec<u8>) -> Draft {
    let mut d = draft(&["a@partner.co.jp"], &[], "資料をお送りします。");
    d.attachments.push(Attachment {
        name: name.to_owned(),
        content_type: "application/zip".to_owned(),
        size: data.len() as u64,
        data,
    });
    d
}

#[test]
fn personal_data_inside_a_zip_is_found_with_its_path() {
    let csv = "氏名,住所,電話番号\n山田 太郎,東京都世田谷区桜新町1-2-3,090-1234-0001\n佐藤 花子,神奈川県横浜市港北区日吉2-4-6,045-555-0123\n";
    let d = with_attachment(
        "資料一式.zip",
        zip_of(&[("data/list.csv", csv.as_bytes(), false)]),
    );
    let report = engine().check(&d, "t");
    let record = report
        .findings
        .iter()
        .find(|f| f.kind.map(|k| k.as_str()) == Some("record"))
        .expect("a record finding");
    // The member's own name holds a `/`: the path keeps it as one name.
    assert_eq!(
        record.location,
        sendguard_engine::Location::attachment(["資料一式.zip", "data/list.csv"])
    );
    assert_eq!(
        record.location.to_string(),
        "attachment:資料一式.zip/data/list.csv"
    );
    assert_eq!(
        record.items,
        [
            sendguard_engine::report::PiiType::PersonName,
            sendguard_engine::report::PiiType::Address,
            sendguard_engine::report::PiiType::PhoneNumber
        ]
    );
    assert_eq!(record.count, 2);
    assert_eq!(record.severity, Severity::Danger);
}

#[test]
fn a_protected_file_inside_a_zip_is_reported() {
    let d = with_attachment(
        "送付.zip",
        zip_of(&[
            ("readme.txt", b"hello", false),
            ("secret.pdf", b"%PDF", true),
        ]),
    );
    let findings = fired(&engine(), &d, CheckId::EncryptedAttachment);
    assert!(!findings.is_empty(), "{findings:?}");
}

#[test]
fn a_zip_bomb_is_stopped_and_reported() {
    // 64 MiB of zeros deflate to ~64 KiB: far beyond the ratio limit.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("zeros.txt", options).expect("start");
        let block = vec![0u8; 1024 * 1024];
        for _ in 0..64 {
            std::io::Write::write_all(&mut w, &block).expect("write");
        }
        w.finish().expect("finish");
    }
    let d = with_attachment("bomb.zip", buf.into_inner());
    let report = engine().check(&d, "t");
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.check == CheckId::Attachment && f.message.contains("zeros.txt")),
        "{:?}",
        report.findings
    );
}

#[test]
fn a_file_name_that_suggests_a_list_of_people_is_danger() {
    let d = with_attachment("顧客リスト.xlsx", b"not really a spreadsheet".to_vec());
    let found = fired(&engine(), &d, CheckId::Attachment);
    assert!(
        found.iter().any(|(s, _)| *s == Severity::Danger),
        "{found:?}"
    );
}

#[test]
fn findings_name_a_recipient_as_the_recipient_list_does() {
    // The dialog ties a finding to its recipient row by `subject_of`, and the add-in
    // applies "move to Bcc"/"remove" by address: both must use the contract's form
    // (lower-case domain, IDN in punycode), whatever the client typed.
    let d = draft(
        &["田中 <Tanaka@楓商事.JP>", "x@GMAIL.com"],
        &[],
        "ご確認ください。",
    );
    let report = engine().check(&d, "t");
    let addresses: Vec<&str> = report
        .recipients
        .iter()
        .map(|r| r.address.as_str())
        .collect();
    for f in &report.findings {
        if let Some(subject) = &f.subject_of
            && matches!(
                f.check,
                CheckId::ExternalRecipient | CheckId::FreemailRecipient
            )
        {
            assert!(
                addresses.contains(&subject.as_str()),
                "{subject} not in {addresses:?}"
            );
        }
    }
    assert!(
        addresses.iter().any(|a| a.ends_with("@xn--3kqw7n7zs.jp")),
        "{addresses:?}"
    );
}
