//! The four history checks on drafts built directly, against a small hand-made history
//! (the engine only sees the [`History`] trait; the real store is `sendguard-history`).

use sendguard_engine::addressee::org_key;
use sendguard_engine::history::{
    AddressFacts, DomainFacts, History, NamedOrganisation, OrganisationDomain, OrganisationName,
};
use sendguard_engine::{
    Attachment, CheckId, Code, ComposeType, Draft, Engine, Finding, Mailbox, Policy, Severity,
};

/// A history written out by hand: addresses with sends and surnames, domains with
/// organisation names, and recipient sets.
#[derive(Debug, Default)]
struct FakeHistory {
    sends: u64,
    addresses: Vec<(String, u64, Vec<String>)>,
    /// (domain, organisation name, listed, count)
    organisations: Vec<(String, String, bool, u64)>,
    groups: Vec<(Vec<String>, u64)>,
}

impl FakeHistory {
    /// A person who has sent 60 mails: 楓商事's 田中 (20), ひかりテック's 田中 (15),
    /// 青葉物流's 佐藤 (10) and 鈴木 (a shared project group with an internal colleague).
    fn office() -> FakeHistory {
        let mut h = FakeHistory {
            sends: 60,
            ..FakeHistory::default()
        };
        h.add_address("tanaka@kaede-shoji.co.jp", 20, &["田中"]);
        h.add_address("t.tanaka@hikari-tech.co.jp", 15, &["田中"]);
        h.add_address("sato@aoba-logi.jp", 10, &["佐藤"]);
        h.add_address("suzuki@aoba-logi.jp", 6, &["鈴木"]);
        h.add_address("yamada@sakura-sys.co.jp", 8, &[]);
        h.add_address("ito@nexus-trading.com", 4, &["伊藤"]);
        h.organisation("kaede-shoji.co.jp", "楓商事株式会社", false, 20);
        h.organisation("hikari-tech.co.jp", "株式会社ひかりテック", false, 15);
        h.organisation("aoba-logi.jp", "青葉物流株式会社", false, 16);
        h.organisation("nexus-trading.com", "Nexus Trading Inc.", false, 4);
        h.group(&["tanaka@kaede-shoji.co.jp"], 14);
        h.group(&["t.tanaka@hikari-tech.co.jp"], 15);
        h.group(&["ito@nexus-trading.com"], 4);
        h.group(
            &[
                "sato@aoba-logi.jp",
                "suzuki@aoba-logi.jp",
                "yamada@sakura-sys.co.jp",
            ],
            6,
        );
        h.group(&["sato@aoba-logi.jp"], 4);
        h.group(&["tanaka@kaede-shoji.co.jp", "yamada@sakura-sys.co.jp"], 6);
        h
    }

    fn add_address(&mut self, address: &str, sends: u64, surnames: &[&str]) {
        self.addresses.push((
            address.to_owned(),
            sends,
            surnames.iter().map(|s| (*s).to_owned()).collect(),
        ));
    }

    fn organisation(&mut self, domain: &str, name: &str, listed: bool, count: u64) {
        self.organisations
            .push((domain.to_owned(), name.to_owned(), listed, count));
    }

    fn group(&mut self, members: &[&str], count: u64) {
        self.groups
            .push((members.iter().map(|m| (*m).to_owned()).collect(), count));
    }

    fn facts(&self, entry: &(String, u64, Vec<String>)) -> AddressFacts {
        AddressFacts {
            address: entry.0.clone(),
            sends: entry.1,
            surnames: entry.2.iter().map(|s| (s.clone(), 3)).collect(),
        }
    }
}

impl History for FakeHistory {
    fn learned_sends(&self) -> u64 {
        self.sends
    }

    fn address(&self, address: &str) -> Option<AddressFacts> {
        self.addresses
            .iter()
            .find(|a| a.0 == address)
            .map(|a| self.facts(a))
    }

    fn domain(&self, domain: &str) -> Option<DomainFacts> {
        let sends: u64 = self
            .addresses
            .iter()
            .filter(|a| a.0.ends_with(&format!("@{domain}")))
            .map(|a| a.1)
            .sum();
        let organisations: Vec<OrganisationName> = self
            .organisations
            .iter()
            .filter(|o| o.0 == domain)
            .map(|o| OrganisationName {
                name: o.1.clone(),
                key: org_key(&o.1),
                listed: o.2,
                count: o.3,
            })
            .collect();
        (sends > 0 || !organisations.is_empty()).then(|| DomainFacts {
            domain: domain.to_owned(),
            sends,
            organisations,
        })
    }

    fn domains_of(&self, organisation_key: &str) -> Vec<OrganisationDomain> {
        self.organisations
            .iter()
            .filter(|o| org_key(&o.1) == organisation_key)
            .map(|o| OrganisationDomain {
                domain: o.0.clone(),
                name: o.1.clone(),
                listed: o.2,
                count: o.3,
            })
            .collect()
    }

    fn addresses_of_person(&self, surname: &str) -> Vec<AddressFacts> {
        self.addresses
            .iter()
            .filter(|a| a.2.iter().any(|s| s == surname))
            .map(|a| self.facts(a))
            .collect()
    }

    fn addresses_at(&self, domain: &str) -> Vec<AddressFacts> {
        self.addresses
            .iter()
            .filter(|a| a.0.ends_with(&format!("@{domain}")))
            .map(|a| self.facts(a))
            .collect()
    }

    fn sent_together(&self, addresses: &[&str]) -> u64 {
        self.groups
            .iter()
            .filter(|(members, _)| addresses.iter().all(|a| members.iter().any(|m| m == a)))
            .map(|(_, count)| count)
            .sum()
    }

    fn organisations_in(&self, folded: &str) -> Vec<NamedOrganisation> {
        let mut keys: Vec<String> = self.organisations.iter().map(|o| org_key(&o.1)).collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .filter(|k| folded.contains(k.as_str()))
            .map(|key| NamedOrganisation {
                domains: self.domains_of(&key),
                key,
            })
            .collect()
    }
}

fn engine() -> Engine {
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    policy.add_org_name("株式会社さくらシステム");
    Engine::new(policy)
}

fn draft(to: &[&str], body: &str) -> Draft {
    Draft {
        from: Some(Mailbox::new(
            Some("鈴木 一郎"),
            "ichiro.suzuki@sakura-sys.co.jp",
        )),
        to: to.iter().map(|a| Mailbox::new(None, a)).collect(),
        subject: "お見積りの件".into(),
        body_text: body.into(),
        ..Draft::default()
    }
}

const SIGNATURE: &str = "\n--\n株式会社さくらシステム 営業部\n鈴木 一郎\n";

fn letter(block: &str) -> String {
    format!(
        "{block}\n\nいつもお世話になっております。\nさくらシステムの鈴木です。\n\nお見積りをお送りします。\nご確認のほどよろしくお願いいたします。\n{SIGNATURE}"
    )
}

fn history_findings(draft: &Draft, history: &dyn History) -> Vec<Finding> {
    engine()
        .check_with_history(draft, "test", Some(history))
        .findings
        .into_iter()
        .filter(|f| {
            matches!(
                f.check,
                CheckId::RecipientMismatch
                    | CheckId::AttachmentForOtherParty
                    | CheckId::UnusualRecipient
                    | CheckId::FirstTimeRecipient
            )
        })
        .collect()
}

#[test]
fn the_same_surname_at_another_organisation_is_a_mismatch_with_the_right_address() {
    let h = FakeHistory::office();
    let d = draft(
        &["t.tanaka@hikari-tech.co.jp"],
        &letter("楓商事株式会社\n営業部 田中様"),
    );
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.check, CheckId::RecipientMismatch);
    assert_eq!(f.severity, Severity::Danger);
    assert_eq!(f.subject_of.as_deref(), Some("t.tanaka@hikari-tech.co.jp"));
    assert_eq!(f.suggestion.as_deref(), Some("tanaka@kaede-shoji.co.jp"));
    assert!(
        f.message.contains("株式会社ひかりテックの田中様のアドレス"),
        "{}",
        f.message
    );
    let evidence = f.evidence.as_deref().unwrap_or_default();
    assert!(
        evidence.contains("田**") && !evidence.contains("田中"),
        "the surname is masked in the evidence the log keeps: {evidence}"
    );
    let roles: Vec<&str> = f.parties.iter().map(|p| p.role.code()).collect();
    assert_eq!(roles, ["named", "recipient", "suggestion"]);
    assert_eq!(f.parties[2].sends, 20);
}

#[test]
fn the_right_person_is_quiet() {
    let h = FakeHistory::office();
    for (to, block) in [
        ("tanaka@kaede-shoji.co.jp", "楓商事株式会社\n営業部 田中様"),
        ("t.tanaka@hikari-tech.co.jp", "株式会社ひかりテック\n田中様"),
        // 田中様 alone: one of the two 田中さん, ambiguous, so nobody is accused.
        ("t.tanaka@hikari-tech.co.jp", "田中様"),
        ("sato@aoba-logi.jp", "青葉物流株式会社 佐藤様"),
        ("ito@nexus-trading.com", "Nexus Trading Inc.\nDear Mr. Ito,"),
    ] {
        let found = history_findings(&draft(&[to], &letter(block)), &h);
        assert!(found.is_empty(), "{to} / {block}: {found:#?}");
    }
    // No 宛名 at all, and an internal mail naming the own company.
    let plain = draft(&["tanaka@kaede-shoji.co.jp"], "資料を送ります。\n");
    assert!(history_findings(&plain, &h).is_empty());
    let internal = draft(
        &["yamada@sakura-sys.co.jp"],
        &letter("株式会社さくらシステム\n山田さん"),
    );
    assert!(history_findings(&internal, &h).is_empty());
}

#[test]
fn a_quoted_reply_naming_another_organisation_is_quiet() {
    let h = FakeHistory::office();
    let mut d = draft(
        &["tanaka@kaede-shoji.co.jp"],
        &format!(
            "{}\n-----Original Message-----\nFrom: t.tanaka@hikari-tech.co.jp\nSent: Monday\n\n株式会社ひかりテック\n田中様\n\nお世話になっております。\n",
            letter("楓商事株式会社\n田中様")
        ),
    );
    d.compose_type = ComposeType::Reply;
    d.subject = "Re: お見積りの件".into();
    assert!(history_findings(&d, &h).is_empty());
    // A top-posted reply with no 宛名 of its own: the quote's 宛名 is not read.
    let mut top = draft(
        &["tanaka@kaede-shoji.co.jp"],
        "承知しました。\n\n> 株式会社ひかりテック\n> 田中様\n> お世話になっております。\n",
    );
    top.compose_type = ComposeType::Reply;
    assert!(history_findings(&top, &h).is_empty());
}

#[test]
fn a_person_addressed_at_an_address_known_as_someone_else() {
    let h = FakeHistory::office();
    // 佐藤様, sent to the address always addressed as 鈴木 (the same company's colleague).
    let d = draft(&["suzuki@aoba-logi.jp"], &letter("佐藤様"));
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, CheckId::RecipientMismatch);
    assert_eq!(found[0].suggestion.as_deref(), Some("sato@aoba-logi.jp"));
}

#[test]
fn silent_until_enough_sends_but_the_organisation_list_works_at_once() {
    let mut h = FakeHistory::office();
    h.sends = 12;
    let d = draft(
        &["t.tanaka@hikari-tech.co.jp"],
        &letter("楓商事株式会社\n田中様"),
    );
    assert!(history_findings(&d, &h).is_empty(), "12 < min_sends 30");
    h.organisation("kaede-shoji.co.jp", "楓商事", true, 0);
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, CheckId::RecipientMismatch);
    assert_eq!(
        found[0].suggestion, None,
        "no learned address to suggest yet"
    );
}

#[test]
fn an_attachment_named_for_another_customer() {
    let h = FakeHistory::office();
    let mut d = draft(
        &["tanaka@kaede-shoji.co.jp"],
        &letter("楓商事株式会社\n田中様"),
    );
    d.attachments.push(Attachment {
        name: "見積書_ひかりテック様_2024.xlsx".into(),
        content_type: "application/octet-stream".into(),
        size: 3,
        data: b"abc".to_vec(),
    });
    d.attachments.push(Attachment {
        name: "見積書_楓商事様.pdf".into(),
        content_type: "application/octet-stream".into(),
        size: 3,
        data: b"abc".to_vec(),
    });
    let found: Vec<Finding> = history_findings(&d, &h)
        .into_iter()
        .filter(|f| f.check == CheckId::AttachmentForOtherParty)
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].subject_of.as_deref(),
        Some("見積書_ひかりテック様_2024.xlsx")
    );
    assert_eq!(found[0].severity, Severity::Danger);
}

#[test]
fn a_known_group_and_one_stranger() {
    let h = FakeHistory::office();
    let group = [
        "sato@aoba-logi.jp",
        "suzuki@aoba-logi.jp",
        "yamada@sakura-sys.co.jp",
    ];
    let body = letter("青葉物流株式会社\n佐藤様、鈴木様");
    assert!(
        history_findings(&draft(&group, &body), &h).is_empty(),
        "the group as always"
    );
    let mut with_stranger = group.to_vec();
    with_stranger.push("ito@nexus-trading.com");
    let found = history_findings(&draft(&with_stranger, &body), &h);
    let unusual: Vec<&Finding> = found
        .iter()
        .filter(|f| f.check == CheckId::UnusualRecipient)
        .collect();
    assert_eq!(unusual.len(), 1, "{found:#?}");
    assert_eq!(
        unusual[0].subject_of.as_deref(),
        Some("ito@nexus-trading.com")
    );
    assert_eq!(unusual[0].severity, Severity::Warning);
    // Someone who has gone out with one of the outside members before is no stranger;
    // having shared a Cc with the internal colleague (on every mail) does not count.
    let mut h = FakeHistory::office();
    h.group(&["ito@nexus-trading.com", "sato@aoba-logi.jp"], 2);
    let found = history_findings(&draft(&with_stranger, &body), &h);
    assert!(
        found.iter().all(|f| f.check != CheckId::UnusualRecipient),
        "{found:#?}"
    );
    let linked_only_by_colleague = [
        "tanaka@kaede-shoji.co.jp",
        "yamada@sakura-sys.co.jp",
        "sato@aoba-logi.jp",
        "suzuki@aoba-logi.jp",
    ];
    let found = history_findings(&draft(&linked_only_by_colleague, &body), &h);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.check == CheckId::UnusualRecipient)
            .count(),
        1,
        "{found:#?}"
    );
}

#[test]
fn first_time_recipients_say_what_is_new() {
    let h = FakeHistory::office();
    let d = draft(
        &["kimura@kaede-shoji.co.jp"],
        &letter("楓商事株式会社\n木村様"),
    );
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, CheckId::FirstTimeRecipient);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0].message.contains("楓商事株式会社の新しい宛先"),
        "{}",
        found[0].message
    );

    let mut new_domain = draft(
        &["info@unknown-partner.jp"],
        &letter("株式会社アンノウン 御中"),
    );
    new_domain.attachments.push(Attachment {
        name: "資料.pdf".into(),
        content_type: "application/pdf".into(),
        size: 3,
        data: b"abc".to_vec(),
    });
    let found = history_findings(&new_domain, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].severity, Severity::Warning, "with an attachment");
    assert!(
        found[0]
            .message
            .contains("ドメイン unknown-partner.jp へも初めて")
    );

    // Internal recipients are never first-time.
    let internal = draft(&["newcomer@sakura-sys.co.jp"], "よろしく\n");
    assert!(history_findings(&internal, &h).is_empty());
}

#[test]
fn without_a_history_the_checks_say_nothing() {
    let d = draft(
        &["t.tanaka@hikari-tech.co.jp"],
        &letter("楓商事株式会社\n田中様"),
    );
    let report = engine().check(&d, "test");
    assert!(report.findings.iter().all(|f| !matches!(
        f.check,
        CheckId::RecipientMismatch
            | CheckId::AttachmentForOtherParty
            | CheckId::UnusualRecipient
            | CheckId::FirstTimeRecipient
    )));
}

#[test]
fn an_organisation_addressed_as_a_whole_suggests_its_only_address() {
    let h = FakeHistory::office();
    let d = draft(
        &["t.tanaka@hikari-tech.co.jp"],
        &letter("楓商事株式会社 御中"),
    );
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].check, CheckId::RecipientMismatch);
    assert_eq!(
        found[0].suggestion.as_deref(),
        Some("tanaka@kaede-shoji.co.jp")
    );
    // 青葉物流 has two addresses: which one is not for the history to guess.
    let d = draft(
        &["t.tanaka@hikari-tech.co.jp"],
        &letter("青葉物流株式会社 御中"),
    );
    let found = history_findings(&d, &h);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].suggestion, None);
}
