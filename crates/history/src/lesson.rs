//! What one sent message teaches (the learner).
//!
//! From a mail the person sent: who received it (every address, and the set they form,
//! internal ones included), and — from the 宛名 block of the sender's own text and from
//! the recipients' display names — which organisation and which person each outside
//! address stands for. A 宛名's organisation is taken for a domain only when the mail's
//! To holds that one outside domain, and its person for an address only when To holds
//! that one outside address: a mail to two companies says nothing about which is which.
//! Quoted and forwarded text never teaches (the engine cuts it away), so a reply quoting
//! another company's 宛名 cannot tie that company to this address.
//!
//! Nothing else is kept: no body, no subject, no attachment (the subject only enters a
//! digest that identifies the message).

use sendguard_engine::addressee::{self, Addressee};
use sendguard_engine::{Draft, Field, Policy, domain};

/// The person's own addresses: only mail from one of them is learned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Me {
    addresses: Vec<String>,
}

impl Me {
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(addresses: I) -> Me {
        let mut addresses: Vec<String> = addresses
            .into_iter()
            .map(|a| a.as_ref().trim().to_lowercase())
            .filter(|a| a.contains('@'))
            .collect();
        addresses.sort();
        addresses.dedup();
        Me { addresses }
    }

    /// Anyone: every message counts (a send the person just made through sendguard).
    pub fn anyone() -> Me {
        Me::default()
    }

    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    fn includes(&self, address: &str) -> bool {
        self.addresses.is_empty() || self.addresses.iter().any(|a| a == address)
    }
}

/// Why a message teaches nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Its From is not one of the person's addresses.
    NotFromMe,
    /// It has no recipient address at all.
    NoRecipients,
}

/// A learned recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnedRecipient {
    /// Lower-case, the domain in ASCII (punycode).
    pub address: String,
    pub domain: String,
    pub field: Field,
    pub external: bool,
}

/// What one sent message teaches.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lesson {
    /// The sender (lower-case).
    pub from: String,
    /// The keys the message is stored under.
    pub keys: Vec<String>,
    /// Keys that mean it was learned before (its Message-ID; without one, its digest).
    pub seen_keys: Vec<String>,
    /// For a Sent-folder copy: the keys of the live send it may be the copy of (the
    /// digest of this minute and the minutes either side: the send and the copy's Date
    /// may straddle a minute). A match is claimed once, so two real messages with the
    /// same subject to the same people in one minute are both learned.
    pub live_keys: Vec<String>,
    /// Seconds since the Unix epoch.
    pub time: i64,
    pub recipients: Vec<LearnedRecipient>,
    /// Surnames taught for an address: (address, surname).
    pub surnames: Vec<(String, String)>,
    /// Display names as written: (address, name).
    pub display_names: Vec<(String, String)>,
    /// Organisation names taught for a domain: (domain, key, name as written).
    pub organisations: Vec<(String, String, String)>,
}

/// Where a message came from, for its keys and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// A send let out through sendguard now: no Message-ID yet.
    Live { now: i64 },
    /// A message of the Sent folder, with its raw bytes (Message-ID, Date).
    Stored { raw: &'a [u8] },
}

impl Lesson {
    /// What `draft` teaches, or why it teaches nothing.
    pub fn from_draft(
        draft: &Draft,
        origin: Origin<'_>,
        me: &Me,
        policy: &Policy,
    ) -> Result<Lesson, Skip> {
        let from = draft
            .from
            .as_ref()
            .map(|m| m.address.trim().to_lowercase())
            .unwrap_or_default();
        if !me.includes(&from) {
            return Err(Skip::NotFromMe);
        }
        let internal = internal_domains(policy, &from);
        let mut recipients: Vec<LearnedRecipient> = Vec::new();
        for (field, mailbox) in draft.recipients() {
            let Some(address) = normal_address(&mailbox.address) else {
                continue;
            };
            if recipients.iter().any(|r| r.address == address) {
                continue;
            }
            let domain = sendguard_engine::draft::domain_of(&address);
            let external = !internal
                .iter()
                .any(|d| domain::is_same_or_subdomain(&domain, d));
            recipients.push(LearnedRecipient {
                address,
                domain,
                field,
                external,
            });
        }
        if recipients.is_empty() {
            return Err(Skip::NoRecipients);
        }
        let (time, message_id) = match origin {
            Origin::Live { now } => (now, None),
            Origin::Stored { raw } => stored_identity(raw),
        };
        let digest = |minute_shift: i64| {
            digest_key(&from, &recipients, &draft.subject, time / 60 + minute_shift)
        };
        let (keys, live_keys) = match origin {
            Origin::Live { .. } => (vec![format!("live:{}", digest(0))], Vec::new()),
            Origin::Stored { .. } => (
                vec![match &message_id {
                    Some(id) => format!("mid:{id}"),
                    None => format!("stored:{}", digest(0)),
                }],
                [-1, 0, 1]
                    .iter()
                    .map(|shift| format!("live:{}", digest(*shift)))
                    .collect(),
            ),
        };
        // A live send is always a new message (the same mail sent twice went twice).
        let seen_keys = match origin {
            Origin::Live { .. } => Vec::new(),
            Origin::Stored { .. } => keys.clone(),
        };
        let mut lesson = Lesson {
            from,
            keys,
            seen_keys,
            live_keys,
            time,
            recipients,
            ..Lesson::default()
        };
        lesson.learn_names(draft, policy);
        Ok(lesson)
    }

    /// The organisation and person names of the 宛名 block and the display names.
    fn learn_names(&mut self, draft: &Draft, policy: &Policy) {
        let to_external: Vec<LearnedRecipient> = self
            .recipients
            .iter()
            .filter(|r| r.external && r.field == Field::To)
            .cloned()
            .collect();
        let mut to_domains: Vec<&str> = to_external.iter().map(|r| r.domain.as_str()).collect();
        to_domains.sort_unstable();
        to_domains.dedup();
        let block = addressee::of_draft(draft, policy);
        if let [domain] = to_domains.as_slice() {
            let domain = (*domain).to_owned();
            self.teach_organisations(&domain, &block);
        }
        // One outside address in To and one person named: that person is the address.
        // Two people named (「高橋様、中村様」, one of them in Cc) say nothing about which.
        if let ([only], [person]) = (to_external.as_slice(), block.persons.as_slice()) {
            let address = only.address.clone();
            self.teach_surname(&address, &person.surname);
        }
        // Display names speak for their own address, whatever else the mail holds.
        for (_, mailbox) in draft.recipients() {
            let Some(name) = mailbox
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            else {
                continue;
            };
            let Some(address) = normal_address(&mailbox.address) else {
                continue;
            };
            let Some(recipient) = self.recipients.iter().find(|r| r.address == address) else {
                continue;
            };
            if !recipient.external {
                continue;
            }
            let domain = recipient.domain.clone();
            let display = sendguard_engine::draft::clean_display(name);
            if display.contains('@') && display.trim().eq_ignore_ascii_case(&address) {
                continue;
            }
            let parsed = addressee::parse_display_name(&display);
            self.teach_organisations(&domain, &parsed);
            for person in &parsed.persons {
                self.teach_surname(&address, &person.surname);
            }
            if !self
                .display_names
                .iter()
                .any(|(a, n)| *a == address && *n == display)
            {
                self.display_names.push((address, display));
            }
        }
    }

    fn teach_organisations(&mut self, domain: &str, block: &Addressee) {
        for name in &block.organisations {
            let key = addressee::org_key(name);
            if key.is_empty()
                || self
                    .organisations
                    .iter()
                    .any(|(d, k, _)| d == domain && *k == key)
            {
                continue;
            }
            self.organisations
                .push((domain.to_owned(), key, name.trim().to_owned()));
        }
    }

    fn teach_surname(&mut self, address: &str, surname: &str) {
        let surname = surname.trim();
        if surname.is_empty()
            || self
                .surnames
                .iter()
                .any(|(a, s)| a == address && s == surname)
        {
            return;
        }
        self.surnames.push((address.to_owned(), surname.to_owned()));
    }

    /// Keep the recipients and their group, drop the names (see
    /// [`crate::live::Names::Doubtful`]).
    pub fn forget_names(&mut self) {
        self.surnames.clear();
        self.display_names.clear();
        self.organisations.clear();
    }

    /// The recipients' addresses, sorted: the group this send formed.
    pub fn group(&self) -> Vec<String> {
        let mut members: Vec<String> = self.recipients.iter().map(|r| r.address.clone()).collect();
        members.sort();
        members
    }
}

/// An address in the history's form: trimmed, lower-case, the domain in ASCII.
pub fn normal_address(address: &str) -> Option<String> {
    let address = address.trim().trim_matches(['<', '>']).to_lowercase();
    let (local, domain) = address.rsplit_once('@')?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    let domain = domain::to_ascii_domain(domain);
    if domain.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// The internal domains: the policy's, or the sender's own domain.
fn internal_domains(policy: &Policy, from: &str) -> Vec<String> {
    let configured: Vec<String> = policy
        .settings
        .organisation
        .internal_domains
        .iter()
        .map(|d| domain::to_ascii_domain(d))
        .filter(|d| !d.is_empty())
        .collect();
    if !configured.is_empty() {
        return configured;
    }
    let own = domain::to_ascii_domain(&sendguard_engine::draft::domain_of(from));
    if own.is_empty() || policy.lists.is_freemail(&own) {
        Vec::new()
    } else {
        vec![own]
    }
}

/// The Date (seconds) and Message-ID of a stored message; a message without a readable
/// Date counts as sent at the epoch (it still has its Message-ID or header digest).
fn stored_identity(raw: &[u8]) -> (i64, Option<String>) {
    let Some(parsed) = mail_parser::MessageParser::default().parse_headers(raw) else {
        return (0, None);
    };
    let time = parsed.date().map_or(0, |d| d.to_timestamp());
    let id = parsed
        .message_id()
        .map(|id| id.trim().trim_matches(['<', '>']).to_owned())
        .filter(|id| !id.is_empty());
    (time, id)
}

/// The key of a send without a Message-ID: sender, To and Cc, subject and minute.
fn digest_key(from: &str, recipients: &[LearnedRecipient], subject: &str, minute: i64) -> String {
    let mut visible: Vec<&str> = recipients
        .iter()
        .filter(|r| r.field != Field::Bcc)
        .map(|r| r.address.as_str())
        .collect();
    visible.sort_unstable();
    let mut hash = Fnv::default();
    hash.write(from.as_bytes());
    for address in visible {
        hash.write(b"\n");
        hash.write(address.as_bytes());
    }
    hash.write(b"\n");
    hash.write(subject.trim().as_bytes());
    hash.write(b"\n");
    hash.write(minute.to_string().as_bytes());
    format!("{:016x}{:016x}", hash.a, hash.b)
}

/// Two independent FNV-1a 64-bit hashes (128 bits): a stable digest across versions and
/// platforms (std's hasher promises neither), enough for a person's sent mail.
#[derive(Debug)]
struct Fnv {
    a: u64,
    b: u64,
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x8422_2325_cbf2_9ce4,
        }
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.a = (self.a ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
            self.b = (self.b ^ u64::from(byte.rotate_left(3))).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
