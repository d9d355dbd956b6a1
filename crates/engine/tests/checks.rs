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
        .map(|f| (f.severity, f.location))
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
    ];
    for (body, expected) in cases {
        let d = draft(&["a@sakura-sys.co.jp"], &[], body);
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
    let mut internal = draft(&["a@sakura-sys.co.jp"], &[], "x");
    internal.attachments.push(file.clone());
    assert_eq!(
        fired(&e, &internal, CheckId::Attachment),
        vec![(Severity::Info, "attachment:見積書.pdf".to_owned())]
    );
    assert_eq!(e.check(&internal, "t").verdict, Verdict::Pass);
    let mut external = draft(&["a@partner.co.jp"], &[], "x");
    external.attachments.push(file);
    assert_eq!(
        fired(&e, &external, CheckId::Attachment),
        vec![(Severity::Warning, "attachment:見積書.pdf".to_owned())]
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
