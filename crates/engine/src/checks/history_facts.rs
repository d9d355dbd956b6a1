//! What the four history checks share: whether the history may speak yet, which of an
//! organisation's domains count, and how a recipient is described from the history.

use super::Context;
use crate::addressee::org_key;
use crate::domain;
use crate::history::{History, OrganisationDomain};
use crate::report::{Party, PartyRole};

/// The history, when it has learned enough sends for its own judgements
/// (`history.min_sends`); listed organisations count from the start either way.
pub(super) struct HistoryScope<'a> {
    pub history: &'a dyn History,
    /// Learned facts may be used (not only the organisation list).
    pub learned: bool,
}

impl<'a> HistoryScope<'a> {
    pub fn of(ctx: &Context<'a>) -> Option<HistoryScope<'a>> {
        let history = ctx.history?;
        let learned = history.learned_sends() >= ctx.policy.settings.history.min_sends;
        Some(HistoryScope { history, learned })
    }

    /// The domains of an organisation key that may be used: listed ones always,
    /// learned ones once the history speaks. Internal domains never count: the
    /// organisation's own name in a 宛名 (an internal mail) accuses nobody.
    pub fn domains_of(&self, ctx: &Context<'_>, key: &str) -> Vec<OrganisationDomain> {
        if key.is_empty() || is_own_organisation(ctx, key) {
            return Vec::new();
        }
        self.history
            .domains_of(key)
            .into_iter()
            .filter(|d| d.listed || (self.learned && d.count > 0))
            .filter(|d| !ctx.is_internal(&d.domain))
            .collect()
    }

    /// The organisation names a domain is known by (listed first), as written.
    pub fn names_of_domain(&self, domain: &str) -> Vec<String> {
        let Some(facts) = self.history.domain(domain) else {
            return Vec::new();
        };
        let mut names: Vec<String> = Vec::new();
        for org in facts.organisations {
            if (org.listed || self.learned) && !names.iter().any(|n| org_key(n) == org.key) {
                names.push(org.name);
            }
        }
        names
    }

    /// A recipient (or suggested address) as one side of the comparison.
    pub fn party(&self, role: PartyRole, address: &str) -> Party {
        let address_lower = address.to_lowercase();
        let domain = domain::to_ascii_domain(&crate::draft::domain_of(&address_lower));
        Party {
            role,
            text: address.to_owned(),
            known_as: self.names_of_domain(&domain),
            sends: self
                .history
                .address(&address_lower)
                .map_or(0, |facts| facts.sends),
        }
    }
}

/// True when `key` is the sender's own organisation (policy `organisation.names`).
fn is_own_organisation(ctx: &Context<'_>, key: &str) -> bool {
    ctx.policy
        .settings
        .organisation
        .names
        .iter()
        .any(|name| org_key(name) == key)
}

/// Whether any recipient is at one of `domains` (or below it).
pub(super) fn any_recipient_at(ctx: &Context<'_>, domains: &[OrganisationDomain]) -> bool {
    ctx.recipients.iter().any(|r| {
        domains
            .iter()
            .any(|d| domain::is_same_or_subdomain(&r.domain, &d.domain))
    })
}

/// 「楓商事」「ひかりテック」: names joined for a sentence, at most three.
pub(super) fn join_names(names: &[String]) -> String {
    let mut shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    if names.len() > 3 {
        shown.push("…");
    }
    shown.join("・")
}
