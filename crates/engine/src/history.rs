//! The sender's own sending history, as the checks see it.
//!
//! Why a trait: the engine stays pure. The history lives in a SQLite file owned by the
//! `sendguard-history` crate (learned from the person's Sent mail and every send that
//! goes out through sendguard); the checks only read it, through this view, so `check`
//! runs the same with a history, with a test double, or with none (the four history
//! checks then say nothing). See `docs/recipient-history.md`.
//!
//! Addresses are given in the contract's form, lower-cased; domains as lower-case ASCII
//! (punycode); organisation keys as [`crate::addressee::org_key`] makes them.

/// What the history knows of one address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressFacts {
    pub address: String,
    /// Learned sends that went to it (To, Cc or Bcc).
    pub sends: u64,
    /// The surnames it was addressed by (the 宛名 block of mail sent to it alone, and its
    /// display names), most used first, with counts.
    pub surnames: Vec<(String, u64)>,
}

/// One name an organisation goes by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationName {
    /// As written (「楓商事株式会社」).
    pub name: String,
    /// The comparison key ([`crate::addressee::org_key`]).
    pub key: String,
    /// From the organisation list (administrator or person), not learned.
    pub listed: bool,
    /// Learned sends that named it for this domain (0 for a listed name never seen).
    pub count: u64,
}

/// What the history knows of one domain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DomainFacts {
    pub domain: String,
    /// Learned sends to any address at the domain.
    pub sends: u64,
    /// The organisation names it goes by: listed first, then learned, most used first.
    pub organisations: Vec<OrganisationName>,
}

/// A domain an organisation is known for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationDomain {
    pub domain: String,
    /// The organisation name as written for this domain (listed, else most learned).
    pub name: String,
    /// From the organisation list.
    pub listed: bool,
    /// Learned sends that named the organisation for this domain.
    pub count: u64,
}

/// An organisation named in some text (an attachment's file name), with its domains.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NamedOrganisation {
    /// The key found in the text.
    pub key: String,
    /// Domains known for it.
    pub domains: Vec<OrganisationDomain>,
}

/// A read-only view of the history. Implementations answer from memory: a check asks a
/// few dozen questions and must stay within microseconds.
pub trait History: Send + Sync + std::fmt::Debug {
    /// Learned sends in total. The history checks are quiet below the policy's
    /// `history.min_sends` (the organisation list works from the start).
    fn learned_sends(&self) -> u64;

    /// What is known of `address`, if it was ever sent to.
    fn address(&self, address: &str) -> Option<AddressFacts>;

    /// What is known of `domain` (learned sends, listed or learned names).
    fn domain(&self, domain: &str) -> Option<DomainFacts>;

    /// The domains an organisation key is known for, listed first, then most used.
    fn domains_of(&self, organisation_key: &str) -> Vec<OrganisationDomain>;

    /// The addresses addressed by `surname` (exact, as written after NFKC), most used
    /// first.
    fn addresses_of_person(&self, surname: &str) -> Vec<AddressFacts>;

    /// The addresses at `domain` that were sent to, most used first (their surnames may
    /// be left empty).
    fn addresses_at(&self, domain: &str) -> Vec<AddressFacts>;

    /// Learned sends whose recipients included every one of `addresses`.
    fn sent_together(&self, addresses: &[&str]) -> u64;

    /// Known organisations whose key occurs in `folded` (text folded by
    /// [`crate::addressee::fold_text`]).
    fn organisations_in(&self, folded: &str) -> Vec<NamedOrganisation>;
}
