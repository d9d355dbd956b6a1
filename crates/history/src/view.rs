//! The history in memory: the engine's [`History`] questions answered from hash maps
//! and one Aho-Corasick automaton, so the four checks add microseconds, not a database
//! round trip, to a send.

use crate::OrganisationList;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use sendguard_engine::history::{
    AddressFacts, DomainFacts, History, NamedOrganisation, OrganisationDomain, OrganisationName,
};
use std::collections::HashMap;

/// A read-only picture of the history (learned, with the organisation list merged).
#[derive(Default)]
pub struct Snapshot {
    messages: u64,
    addresses: HashMap<String, AddressEntry>,
    domains: HashMap<String, DomainEntry>,
    /// Organisation key → the domains it is known for.
    organisations: HashMap<String, Vec<OrganisationDomain>>,
    /// Surname → addresses addressed by it.
    by_surname: HashMap<String, Vec<String>>,
    /// Domain → its addresses.
    by_domain: HashMap<String, Vec<String>>,
    /// Recipient sets: member ids (sorted) and how often the set was sent to.
    groups: Vec<(Vec<u32>, u64)>,
    /// Address → id (index into `ids`).
    address_ids: HashMap<String, u32>,
    /// Id → the groups the address is in.
    groups_of: Vec<Vec<u32>>,
    /// Organisation keys long enough to be looked for in text, and their automaton.
    searchable_keys: Vec<String>,
    matcher: Option<AhoCorasick>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot")
            .field("messages", &self.messages)
            .field("addresses", &self.addresses.len())
            .field("domains", &self.domains.len())
            .field("groups", &self.groups.len())
            .finish()
    }
}

#[derive(Debug, Default, Clone)]
struct AddressEntry {
    sends: u64,
    surnames: Vec<(String, u64)>,
}

#[derive(Debug, Default, Clone)]
struct DomainEntry {
    sends: u64,
    organisations: Vec<OrganisationName>,
}

impl Snapshot {
    pub(crate) fn new(messages: u64) -> Snapshot {
        Snapshot {
            messages,
            ..Snapshot::default()
        }
    }

    /// An empty history with only an organisation list (no history file yet).
    pub fn from_list(list: &OrganisationList) -> Snapshot {
        let mut snapshot = Snapshot::default();
        snapshot.add_list(list);
        snapshot.finish();
        snapshot
    }

    pub(crate) fn add_address(&mut self, address: &str, domain: &str, sends: u64) {
        self.addresses.entry(address.to_owned()).or_default().sends = sends;
        self.by_domain
            .entry(domain.to_owned())
            .or_default()
            .push(address.to_owned());
    }

    pub(crate) fn add_surname(&mut self, address: &str, surname: &str, count: u64) {
        self.addresses
            .entry(address.to_owned())
            .or_default()
            .surnames
            .push((surname.to_owned(), count));
        let list = self.by_surname.entry(surname.to_owned()).or_default();
        if !list.iter().any(|a| a == address) {
            list.push(address.to_owned());
        }
    }

    pub(crate) fn add_domain(&mut self, domain: &str, sends: u64) {
        self.domains.entry(domain.to_owned()).or_default().sends = sends;
    }

    pub(crate) fn add_learned_organisation(
        &mut self,
        domain: &str,
        key: &str,
        name: &str,
        count: u64,
    ) {
        self.domains
            .entry(domain.to_owned())
            .or_default()
            .organisations
            .push(OrganisationName {
                name: name.to_owned(),
                key: key.to_owned(),
                listed: false,
                count,
            });
    }

    pub(crate) fn add_group<'a>(&mut self, members: impl Iterator<Item = &'a str>, count: u64) {
        let mut ids: Vec<u32> = members
            .filter(|m| !m.is_empty())
            .map(|m| self.address_id(m))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let index = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        for &id in &ids {
            if let Some(list) = self.groups_of.get_mut(id as usize) {
                list.push(index);
            }
        }
        self.groups.push((ids, count));
    }

    fn address_id(&mut self, address: &str) -> u32 {
        if let Some(&id) = self.address_ids.get(address) {
            return id;
        }
        let id = u32::try_from(self.groups_of.len()).unwrap_or(u32::MAX);
        self.address_ids.insert(address.to_owned(), id);
        self.groups_of.push(Vec::new());
        id
    }

    /// Merge the organisation list: a listed domain's names come first and are marked
    /// listed; a learned name with the same key becomes listed.
    pub(crate) fn add_list(&mut self, list: &OrganisationList) {
        for (domain, names) in list.entries() {
            let entry = self.domains.entry(domain.clone()).or_default();
            let mut listed: Vec<OrganisationName> = Vec::new();
            for name in names {
                let key = sendguard_engine::addressee::org_key(name);
                if key.is_empty() || listed.iter().any(|o| o.key == key) {
                    continue;
                }
                let count = entry
                    .organisations
                    .iter()
                    .find(|o| o.key == key)
                    .map_or(0, |o| o.count);
                listed.push(OrganisationName {
                    name: name.clone(),
                    key,
                    listed: true,
                    count,
                });
            }
            entry
                .organisations
                .retain(|o| !listed.iter().any(|l| l.key == o.key));
            listed.append(&mut entry.organisations);
            entry.organisations = listed;
        }
    }

    /// Sort what was loaded and build the indexes.
    pub(crate) fn finish(&mut self) {
        for entry in self.addresses.values_mut() {
            entry
                .surnames
                .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        self.organisations.clear();
        for (domain, entry) in &mut self.domains {
            entry.organisations.sort_by(|a, b| {
                b.listed
                    .cmp(&a.listed)
                    .then(b.count.cmp(&a.count))
                    .then_with(|| a.name.cmp(&b.name))
            });
            let display = |key: &str| {
                entry
                    .organisations
                    .iter()
                    .find(|o| o.key == key)
                    .map(|o| o.name.clone())
                    .unwrap_or_default()
            };
            for org in &entry.organisations {
                self.organisations
                    .entry(org.key.clone())
                    .or_default()
                    .push(OrganisationDomain {
                        domain: domain.clone(),
                        name: display(&org.key),
                        listed: org.listed,
                        count: org.count,
                    });
            }
        }
        for domains in self.organisations.values_mut() {
            domains.sort_by(|a, b| {
                b.listed
                    .cmp(&a.listed)
                    .then(b.count.cmp(&a.count))
                    .then_with(|| a.domain.cmp(&b.domain))
            });
        }
        self.searchable_keys = self
            .organisations
            .keys()
            .filter(|k| searchable(k))
            .cloned()
            .collect();
        self.searchable_keys.sort();
        self.matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&self.searchable_keys)
            .ok()
            .filter(|_| !self.searchable_keys.is_empty());
    }

    fn facts(&self, address: &str, entry: &AddressEntry) -> AddressFacts {
        AddressFacts {
            address: address.to_owned(),
            sends: entry.sends,
            surnames: entry.surnames.clone(),
        }
    }

    /// Every domain with its organisation names and sends (`history show`).
    pub fn domains(&self) -> Vec<DomainFacts> {
        let mut all: Vec<DomainFacts> = self
            .domains
            .iter()
            .map(|(domain, entry)| DomainFacts {
                domain: domain.clone(),
                sends: entry.sends,
                organisations: entry.organisations.clone(),
            })
            .collect();
        all.sort_by(|a, b| b.sends.cmp(&a.sends).then_with(|| a.domain.cmp(&b.domain)));
        all
    }

    /// Every address with its facts, most sent first (`history show`).
    pub fn addresses(&self) -> Vec<AddressFacts> {
        let mut all: Vec<AddressFacts> = self
            .addresses
            .iter()
            .map(|(a, e)| self.facts(a, e))
            .collect();
        all.sort_by(|a, b| {
            b.sends
                .cmp(&a.sends)
                .then_with(|| a.address.cmp(&b.address))
        });
        all
    }
}

/// A key worth looking for in a file name: two CJK characters, or four Latin ones (a
/// three-letter "abc" would be found in too many words).
fn searchable(key: &str) -> bool {
    let chars = key.chars().count();
    if key.is_ascii() {
        chars >= 4
    } else {
        chars >= 2
    }
}

impl History for Snapshot {
    fn learned_sends(&self) -> u64 {
        self.messages
    }

    fn address(&self, address: &str) -> Option<AddressFacts> {
        self.addresses
            .get(address)
            .filter(|e| e.sends > 0)
            .map(|e| self.facts(address, e))
    }

    fn domain(&self, domain: &str) -> Option<DomainFacts> {
        self.domains.get(domain).map(|entry| DomainFacts {
            domain: domain.to_owned(),
            sends: entry.sends,
            organisations: entry.organisations.clone(),
        })
    }

    fn domains_of(&self, organisation_key: &str) -> Vec<OrganisationDomain> {
        self.organisations
            .get(organisation_key)
            .cloned()
            .unwrap_or_default()
    }

    fn addresses_of_person(&self, surname: &str) -> Vec<AddressFacts> {
        let mut found: Vec<AddressFacts> = self
            .by_surname
            .get(surname)
            .into_iter()
            .flatten()
            .filter_map(|a| self.addresses.get(a).map(|e| self.facts(a, e)))
            .collect();
        found.sort_by(|a, b| {
            b.sends
                .cmp(&a.sends)
                .then_with(|| a.address.cmp(&b.address))
        });
        found
    }

    fn addresses_at(&self, domain: &str) -> Vec<AddressFacts> {
        let mut found: Vec<AddressFacts> = self
            .by_domain
            .get(domain)
            .into_iter()
            .flatten()
            .filter_map(|a| {
                self.addresses.get(a).map(|e| AddressFacts {
                    address: a.clone(),
                    sends: e.sends,
                    surnames: Vec::new(),
                })
            })
            .collect();
        found.sort_by(|a, b| {
            b.sends
                .cmp(&a.sends)
                .then_with(|| a.address.cmp(&b.address))
        });
        found
    }

    fn sent_together(&self, addresses: &[&str]) -> u64 {
        let mut ids: Vec<u32> = Vec::with_capacity(addresses.len());
        for address in addresses {
            match self.address_ids.get(*address) {
                Some(&id) => ids.push(id),
                None => return 0,
            }
        }
        let Some(&rarest) = ids
            .iter()
            .min_by_key(|&&id| self.groups_of.get(id as usize).map_or(0, Vec::len))
        else {
            return 0;
        };
        self.groups_of
            .get(rarest as usize)
            .into_iter()
            .flatten()
            .filter_map(|&g| self.groups.get(g as usize))
            .filter(|(members, _)| ids.iter().all(|id| members.binary_search(id).is_ok()))
            .map(|(_, count)| count)
            .sum()
    }

    fn organisations_in(&self, folded: &str) -> Vec<NamedOrganisation> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let mut found: Vec<NamedOrganisation> = Vec::new();
        for m in matcher.find_iter(folded) {
            let Some(key) = self.searchable_keys.get(m.pattern().as_usize()) else {
                continue;
            };
            if found.iter().any(|f| &f.key == key) {
                continue;
            }
            found.push(NamedOrganisation {
                key: key.clone(),
                domains: self.domains_of(key),
            });
        }
        found
    }
}
