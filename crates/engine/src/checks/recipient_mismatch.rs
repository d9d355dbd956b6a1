//! `recipient_mismatch`: the mail is written for one party and addressed to another —
//! the wrong person picked from the address book (楓商事の田中様 宛ての本文が、ひかり
//! テックの田中さんのアドレスへ).
//!
//! Two ways the history sees it (`docs/recipient-history.md`):
//! - the 宛名 names an organisation known for some domains, and no recipient is at any
//!   of them;
//! - the 宛名 names one person, the history knows that person at other addresses, and
//!   the one outside To address has always been addressed as somebody else.
//!
//! A 宛名 that only names a surname the recipient has been addressed by (田中様 to one of
//! two 田中さん) is ambiguous and stays quiet: false alarms on right sends are counted
//! as seriously as misses.

use super::history_facts::{HistoryScope, any_recipient_at, join_names};
use super::{Context, RecipientInfo};
use crate::addressee::{Person, org_key};
use crate::draft::Field;
use crate::history::{AddressFacts, OrganisationDomain};
use crate::mask::mask_name;
use crate::report::{CheckId, Finding, Party, PartyRole};

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(scope) = HistoryScope::of(ctx) else {
        return;
    };
    let addressee = &ctx.addressee;
    if addressee.is_empty() || !ctx.has_external() {
        return;
    }
    // The organisations named, with the domains the history knows them at.
    let named: Vec<(&str, Vec<OrganisationDomain>)> = addressee
        .organisations
        .iter()
        .map(|org| (org.as_str(), scope.domains_of(ctx, &org_key(org))))
        .filter(|(_, domains)| !domains.is_empty())
        .collect();
    let all_named_domains: Vec<OrganisationDomain> =
        named.iter().flat_map(|(_, d)| d.iter().cloned()).collect();
    // The most specific first: a named person whose address at the named organisation
    // is missing while another organisation's namesake is a recipient.
    if scope.learned {
        let mut blamed: Vec<String> = Vec::new();
        for person in &addressee.persons {
            if let Some(f) = namesake_elsewhere(ctx, &scope, person, &all_named_domains, &blamed) {
                blamed.extend(f.subject_of.clone());
                out.push(f);
            }
        }
        if !blamed.is_empty() {
            return;
        }
    }
    // One person named with one organisation: the 宛名 pairs them.
    let person = match (addressee.persons.as_slice(), named.len()) {
        ([only], 1) => Some(only),
        ([only], 0) if addressee.organisations.len() <= 1 => Some(only),
        _ => None,
    };
    let mut present_orgs: Vec<OrganisationDomain> = Vec::new();
    for (org, domains) in &named {
        if any_recipient_at(ctx, domains) {
            present_orgs.extend(domains.iter().cloned());
            continue;
        }
        if let Some(f) = organisation_missing(ctx, &scope, org, person, domains, &all_named_domains)
        {
            out.push(f);
            return;
        }
    }
    if scope.learned
        && let [person] = addressee.persons.as_slice()
        && let Some(f) = person_elsewhere(ctx, &scope, person, &present_orgs)
    {
        out.push(f);
    }
}

/// The spec's second rule: the 宛名 names a person (with their organisation) whose
/// known addresses at the named organisations are all outside the recipients, while a
/// recipient at another organisation is addressed as that person (the same surname
/// elsewhere: 青葉's 高橋様 named, 三ツ星's 高橋さん picked).
fn namesake_elsewhere(
    ctx: &Context<'_>,
    scope: &HistoryScope<'_>,
    person: &Person,
    named_domains: &[OrganisationDomain],
    already: &[String],
) -> Option<Finding> {
    if named_domains.is_empty() {
        return None;
    }
    let surname = person.surname.trim();
    let at_named = known_addresses(scope, surname, Some(named_domains));
    let is_recipient = |address: &str| {
        ctx.recipients
            .iter()
            .any(|r| r.address.eq_ignore_ascii_case(address))
    };
    if at_named.is_empty() || at_named.iter().any(|a| is_recipient(&a.address)) {
        return None;
    }
    let wrong = ctx.external_recipients().find(|r| {
        !already.contains(&r.address)
            && !at_any(&r.address, named_domains)
            && addressed_as(scope, &r.address, surname)
    })?;
    let suggestion = suggested_address(scope, surname, Some(named_domains));
    let recipient = scope.party(PartyRole::Recipient, &wrong.address);
    let org_name = suggestion
        .as_ref()
        .and_then(|s| {
            named_domains
                .iter()
                .find(|d| at_any(&s.address, std::slice::from_ref(d)))
        })
        .or(named_domains.first())
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let named = format!("{org_name} {}{}", person.name, honorific_or_sama(person));
    let mut message = format!(
        "本文の宛名は『{named}』ですが、宛先 {} は{}の{}{}のアドレスです",
        wrong.address,
        join_names(&recipient.known_as),
        person.name,
        honorific_or_sama(person)
    );
    if let Some(s) = &suggestion {
        message.push_str(&format!(
            "（{org_name}の{}{}には {} へ {} 回送信）",
            person.name,
            honorific_or_sama(person),
            s.address,
            s.sends
        ));
    }
    message.push('。');
    let mut f = ctx.finding(
        CheckId::RecipientMismatch,
        ctx.policy.settings.severity.recipient_mismatch,
        wrong.field,
        message,
    )?;
    f.evidence = Some(format!(
        "宛名: {org_name} {}{} / 宛先: {}{}",
        mask_name(&person.name),
        honorific_or_sama(person),
        wrong.domain,
        known_suffix(&recipient.known_as)
    ));
    f.subject_of = Some(wrong.address.clone());
    f.parties = vec![
        Party {
            role: PartyRole::Named,
            text: named,
            known_as: vec![org_name],
            sends: 0,
        },
        recipient,
    ];
    if let Some(s) = suggestion {
        f.parties
            .push(scope.party(PartyRole::Suggestion, &s.address));
        f.suggestion = Some(s.address);
    }
    Some(f)
}

fn at_any(address: &str, domains: &[OrganisationDomain]) -> bool {
    let domain = crate::draft::domain_of(address);
    domains
        .iter()
        .any(|d| crate::domain::is_same_or_subdomain(&domain, &d.domain))
}

/// The 宛名 names `org`, known for `domains`, and no recipient is there.
fn organisation_missing(
    ctx: &Context<'_>,
    scope: &HistoryScope<'_>,
    org: &str,
    person: Option<&Person>,
    domains: &[OrganisationDomain],
    all_named: &[OrganisationDomain],
) -> Option<Finding> {
    let wrong = blamed_recipient(ctx, scope, person, all_named)?;
    let suggestion = match person {
        Some(p) => suggested_address(scope, &p.surname, Some(domains)),
        // 御中, or an organisation alone: the one address the history knows there.
        None => only_address_at(scope, domains),
    };
    let org_name = domains
        .iter()
        .find(|d| d.listed)
        .map_or(org, |d| d.name.as_str());
    let named = named_text(org, person);
    let recipient = scope.party(PartyRole::Recipient, &wrong.address);
    let recipient_desc = if !recipient.known_as.is_empty() {
        format!(
            "宛先 {} はこれまで{}宛てに使われています",
            wrong.address,
            join_names(&recipient.known_as)
        )
    } else if recipient.sends > 0 {
        format!(
            "宛先 {} は{org_name}のアドレスではありません",
            wrong.address
        )
    } else {
        format!(
            "宛先 {} は初めての宛先で、{org_name}のアドレスではありません",
            wrong.address
        )
    };
    let suggestion_desc = match (&suggestion, person) {
        (Some(s), Some(p)) => format!(
            "（{org_name}の{}{}には {} へ {} 回送信）",
            p.name,
            honorific_or_sama(p),
            s.address,
            s.sends
        ),
        (Some(s), None) => format!("（{org_name}へは {} へ {} 回送信）", s.address, s.sends),
        _ => format!(
            "（{org_name}は {} のアドレスです）",
            join_names(&domains.iter().map(|d| d.domain.clone()).collect::<Vec<_>>())
        ),
    };
    let message = format!("本文の宛名は『{named}』ですが、{recipient_desc}{suggestion_desc}。");
    let mut f = ctx.finding(
        CheckId::RecipientMismatch,
        ctx.policy.settings.severity.recipient_mismatch,
        wrong.field,
        message,
    )?;
    f.evidence = Some(format!(
        "宛名: {} / 宛先: {}{}",
        masked_named(org, person),
        wrong.domain,
        known_suffix(&recipient.known_as)
    ));
    f.subject_of = Some(wrong.address.clone());
    let named_party = Party {
        role: PartyRole::Named,
        text: named,
        known_as: vec![org_name.to_owned()],
        sends: 0,
    };
    f.parties = vec![named_party, recipient];
    if let Some(s) = suggestion {
        f.parties
            .push(scope.party(PartyRole::Suggestion, &s.address));
        f.suggestion = Some(s.address);
    }
    Some(f)
}

/// The 宛名 names one person; the history knows them at other addresses; the one
/// outside To address has only ever been addressed as somebody else.
fn person_elsewhere(
    ctx: &Context<'_>,
    scope: &HistoryScope<'_>,
    person: &Person,
    present_orgs: &[OrganisationDomain],
) -> Option<Finding> {
    let surname = person.surname.trim();
    if surname.chars().count() < 2 && !surname.chars().all(is_cjk) {
        return None;
    }
    let mut to_external = ctx
        .recipients
        .iter()
        .filter(|r| r.external && r.field == Field::To);
    let wrong = to_external.next()?;
    if to_external.next().is_some() {
        return None;
    }
    // The recipient's own facts first: they settle most mail at once.
    let facts = scope.history.address(&wrong.address.to_lowercase())?;
    if !addressed_only_as_someone_else(&facts, surname) {
        return None;
    }
    let within = (!present_orgs.is_empty()).then_some(present_orgs);
    let candidates = known_addresses(scope, surname, within);
    if candidates.is_empty()
        || candidates.iter().any(|c| {
            ctx.recipients
                .iter()
                .any(|r| r.address.eq_ignore_ascii_case(&c.address))
        })
    {
        return None;
    }
    let suggestion = suggested_address(scope, surname, within);
    let recipient = scope.party(PartyRole::Recipient, &wrong.address);
    let other_name = facts
        .surnames
        .first()
        .map(|(s, _)| s.clone())
        .unwrap_or_default();
    let mut message = format!(
        "本文の宛名は『{}{}』ですが、宛先 {} はこれまで{}{}宛てに使われています",
        person.name,
        honorific_or_sama(person),
        wrong.address,
        known_prefix(&recipient.known_as),
        format_args!("{other_name}様")
    );
    if let Some(s) = &suggestion {
        message.push_str(&format!(
            "（{}{}には {} へ {} 回送信）",
            person.name,
            honorific_or_sama(person),
            s.address,
            s.sends
        ));
    }
    message.push('。');
    let mut f = ctx.finding(
        CheckId::RecipientMismatch,
        ctx.policy.settings.severity.recipient_mismatch,
        wrong.field,
        message,
    )?;
    f.evidence = Some(format!(
        "宛名: {}{} / 宛先: {}（これまでの宛名: {}様）",
        mask_name(&person.name),
        honorific_or_sama(person),
        wrong.domain,
        mask_name(&other_name)
    ));
    f.subject_of = Some(wrong.address.clone());
    let named_party = Party {
        role: PartyRole::Named,
        text: format!("{}{}", person.name, honorific_or_sama(person)),
        known_as: Vec::new(),
        sends: 0,
    };
    f.parties = vec![named_party, recipient];
    if let Some(s) = suggestion {
        f.parties
            .push(scope.party(PartyRole::Suggestion, &s.address));
        f.suggestion = Some(s.address);
    }
    Some(f)
}

/// The recipient to blame when the named organisation is missing: an outside To
/// address addressed as the named person elsewhere, else the first outside To, else
/// the first outside recipient.
fn blamed_recipient<'c, 'a>(
    ctx: &'c Context<'a>,
    scope: &HistoryScope<'_>,
    person: Option<&Person>,
    all_named: &[OrganisationDomain],
) -> Option<&'c RecipientInfo<'a>> {
    // A recipient at another organisation the 宛名 names is where it should be.
    let external: Vec<&RecipientInfo<'a>> = ctx
        .external_recipients()
        .filter(|r| !at_any(&r.address, all_named))
        .collect();
    let named_surname = person.map(|p| p.surname.as_str());
    external
        .iter()
        .copied()
        .find(|r| {
            r.field == Field::To
                && named_surname.is_some_and(|s| {
                    scope
                        .history
                        .address(&r.address.to_lowercase())
                        .is_some_and(|f| f.surnames.iter().any(|(n, _)| n == s))
                })
        })
        .or_else(|| external.iter().copied().find(|r| r.field == Field::To))
        .or_else(|| external.first().copied())
}

/// Addresses addressed by `surname`, within `domains` when given.
fn known_addresses(
    scope: &HistoryScope<'_>,
    surname: &str,
    domains: Option<&[OrganisationDomain]>,
) -> Vec<AddressFacts> {
    match domains {
        // Within an organisation: its few addresses, each asked once (a common surname
        // may have been used for hundreds of addresses elsewhere).
        Some(domains) => {
            let mut found: Vec<AddressFacts> = Vec::new();
            for d in domains {
                for a in scope.history.addresses_at(&d.domain) {
                    if !found.iter().any(|f| f.address == a.address)
                        && addressed_as(scope, &a.address, surname)
                    {
                        found.push(a);
                    }
                }
            }
            found.retain(|a| a.sends > 0);
            found
        }
        None => scope
            .history
            .addresses_of_person(surname)
            .into_iter()
            .filter(|a| a.sends > 0)
            .collect(),
    }
}

/// Whether `address` has been addressed by `surname`.
fn addressed_as(scope: &HistoryScope<'_>, address: &str, surname: &str) -> bool {
    scope
        .history
        .address(&address.to_lowercase())
        .is_some_and(|f| f.surnames.iter().any(|(s, _)| s == surname))
}

/// The address to offer instead: the one the person is known at, when the history
/// points to one (a single address, or one used at least twice as often as the next).
fn suggested_address(
    scope: &HistoryScope<'_>,
    surname: &str,
    domains: Option<&[OrganisationDomain]>,
) -> Option<AddressFacts> {
    if !scope.learned {
        return None;
    }
    let mut known = known_addresses(scope, surname, domains);
    known.sort_by(|a, b| b.sends.cmp(&a.sends).then(a.address.cmp(&b.address)));
    match known.as_slice() {
        [only] => Some(only.clone()),
        [first, second, ..] if first.sends >= second.sends.saturating_mul(2) => Some(first.clone()),
        _ => None,
    }
}

/// The only address ever sent to at the organisation's domains, if there is one.
fn only_address_at(
    scope: &HistoryScope<'_>,
    domains: &[OrganisationDomain],
) -> Option<AddressFacts> {
    if !scope.learned {
        return None;
    }
    let mut known = domains
        .iter()
        .flat_map(|d| scope.history.addresses_at(&d.domain))
        .filter(|a| a.sends > 0);
    let only = known.next()?;
    known.next().is_none().then_some(only)
}

/// True when the address was addressed by one other surname, at least twice, and never
/// by `surname`. Names in another script (Tanaka / 田中) are not compared; an address
/// addressed by several people (a shared box) is not judged.
fn addressed_only_as_someone_else(facts: &AddressFacts, surname: &str) -> bool {
    let cjk = surname.chars().any(is_cjk);
    let comparable: Vec<&(String, u64)> = facts
        .surnames
        .iter()
        .filter(|(s, _)| s.chars().any(is_cjk) == cjk)
        .collect();
    let [(other, count)] = comparable.as_slice() else {
        return false;
    };
    *count >= 2 && !same_person(other, surname)
}

/// Two ways of writing one name: equal, or one inside the other (田中 / 田中太郎,
/// Tanaka / Taro Tanaka).
fn same_person(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a.contains(&b) || b.contains(&a)
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}')
}

fn honorific_or_sama(p: &Person) -> &str {
    if p.honorific.is_empty() || p.honorific.ends_with('.') {
        "様"
    } else {
        &p.honorific
    }
}

/// 「楓商事株式会社 田中様」 as the mail names the party.
fn named_text(org: &str, person: Option<&Person>) -> String {
    match person {
        Some(p) => format!("{org} {}{}", p.name, honorific_or_sama(p)),
        None => org.to_owned(),
    }
}

/// The same with the person's name masked, for the evidence the log keeps.
fn masked_named(org: &str, person: Option<&Person>) -> String {
    match person {
        Some(p) => format!("{org} {}{}", mask_name(&p.name), honorific_or_sama(p)),
        None => org.to_owned(),
    }
}

fn known_suffix(known_as: &[String]) -> String {
    if known_as.is_empty() {
        String::new()
    } else {
        format!("（{}）", join_names(known_as))
    }
}

fn known_prefix(known_as: &[String]) -> String {
    if known_as.is_empty() {
        String::new()
    } else {
        format!("{}の", join_names(known_as))
    }
}
