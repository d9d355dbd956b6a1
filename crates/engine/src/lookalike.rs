//! Look-alike ("typosquatting") recipient domain detection.
//!
//! # Why
//!
//! The costliest misdeliveries are not random typos: they are mails sent to a
//! domain that *looks like* our own or a partner's, either because the sender
//! mistyped it (`sakura-sis.co.jp`), because autocomplete picked a near miss,
//! or because an attacker registered a deceptive domain and got it into the
//! thread (`sakura-sy5.co.jp`, `sakura-sys.com`, `sakura-sys.co.jp.mail-secure.com`,
//! or an IDN such as `ѕakura-sys.co.jp` whose first letter is Cyrillic).
//! A plain "external recipient" warning does not catch these, because the
//! sender believes the recipient *is* internal. This module compares each
//! recipient domain with the protected (internal and other known) domains and
//! explains in Japanese why it looks suspicious.
//!
//! # How
//!
//! Both sides are normalised with IDNA (UTS #46: lower-case, full-width →
//! ASCII, `。`/`．` → `.`, Unicode → punycode) and split into the registrable
//! domain (eTLD+1 from the public suffix list) and the labels in front of it.
//! The *name* is the label just left of the public suffix (`sakura-sys` in
//! `mail.sakura-sys.co.jp`). The checks, strongest first:
//!
//! | reason | rule |
//! | --- | --- |
//! | [`LookalikeReason::Homoglyph`] | non-ASCII characters on either side, and the confusable skeleton (UTS #39, via `unicode-security`, plus the ASCII folds below) of the name, the registrable domain or the whole domain equals the protected one (`ѕakura-sys.co.jp`, `sakura-sys.cо.jp`) |
//! | [`LookalikeReason::EmbeddedAsSubdomain`] | the protected registrable domain (`sakura-sys.co.jp.evil.com`), its flattened form (`sakura-sys-co-jp.evil.com`) or its name (`sakura-sys.mailer.net`, names of 4+ characters only) appears in front of another registrable domain |
//! | [`LookalikeReason::CharacterSwap`] | same public suffix, names equal after folding `0→o`, `1/i→l`, `5→s`, `m→rn`, `w→vv`, `d→cl` |
//! | [`LookalikeReason::Hyphen`] | same public suffix, names equal after removing hyphens |
//! | [`LookalikeReason::OtherSuffix`] | same name with another public suffix (`.jp`, `.com`, `.ne.jp`, `.co`), or the suffix glued into the name (`sakura-sys-co.jp`, `sakura-sysco.jp`, `sakura-sys-co-jp.com`) |
//! | [`LookalikeReason::Transposition`] | same suffix, one pair of adjacent letters swapped |
//! | [`LookalikeReason::EditDistance`] | same suffix, optimal-string-alignment distance within the length rule below |
//!
//! ## Length rule for edit distance (the "abc vs abd" question)
//!
//! Counted in characters of the protected name (hyphens included):
//!
//! * 1–4 characters: no edit-distance or transposition matching at all.
//!   Three- and four-letter names are dense (`abc`, `abd`, `nec`, `nee`,
//!   `kddi`, `kdde`…); one edit usually lands on a real, unrelated company, so
//!   `abd.co.jp` is **not** reported against `abc.co.jp`. Short names are still
//!   protected against character swaps, hyphen tricks, other suffixes,
//!   embedding and homoglyphs, which are deliberate rather than accidental.
//! * 5–8 characters: distance 1 (a transposition counts as 1).
//! * 9 or more: distance 2, except when the two edits are one contiguous block
//!   of at most two characters (`sakura-sys` vs `sakura-bus`, `tokyo-gas` vs
//!   `tokyo-bus`): that is a different word, not two slips of the finger.
//!
//! Edit distance is only used when the public suffix is the same; a typo *and*
//! another suffix (`sakura-sis.com`) is not reported.
//!
//! ## What is never reported
//!
//! * the protected domain itself and any subdomain of it (these are internal);
//! * a domain with the same registrable domain as a protected entry (a sibling
//!   host such as `osaka.sakura-sys.co.jp` next to `tokyo.sakura-sys.co.jp`);
//! * the caller's trusted domains ([`LookalikeIndex::with_trusted`]; the engine passes
//!   the policy's free-mail list, `rules/freemail.txt`, the one list of mail
//!   providers), and their subdomains;
//! * protected entries that are themselves public suffixes (`co.jp`) or are
//!   not valid domains are ignored, so a bad configuration cannot turn every
//!   `.co.jp` recipient into an "internal" one;
//! * invalid inputs (empty, empty labels, single labels, longer than 1024 bytes).
//!
//! Input may be ASCII, punycode or Unicode in any case; surrounding spaces, a
//! trailing root dot and anything up to the last `@` are ignored. Nothing here
//! panics on any input.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use crate::domain::{clean, label_to_unicode, suffix_label_count, to_ascii_domain};
use std::collections::HashSet;
use unicode_security::MixedScript;

/// Inputs longer than this (after trimming) are not domains; they are ignored.
const MAX_INPUT_BYTES: usize = 1024;
/// Names longer than this are not compared by edit distance (DNS labels are ≤ 63).
const MAX_EDIT_NAME_CHARS: usize = 128;
/// Minimum protected-name length for matching the bare name as a subdomain
/// label (`sakura-sys.mailer.net`) or with hyphen/swap folding across suffixes.
const MIN_BARE_NAME_CHARS: usize = 4;

/// Why a recipient domain looks like a protected one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookalikeReason {
    /// One or two typing edits in the name (same public suffix).
    EditDistance,
    /// Two adjacent characters swapped (`sakura-ssy`).
    Transposition,
    /// Visually similar ASCII: `0/o`, `1/l/i`, `5/s`, `rn/m`, `vv/w`, `cl/d`.
    CharacterSwap,
    /// Dropped, added or moved hyphen (`sakurasys`, `sakura--sys`).
    Hyphen,
    /// Same name, other TLD or second level (`.jp`, `.com`, `-co.jp`).
    OtherSuffix,
    /// The protected domain placed in front of another domain
    /// (`sakura-sys.co.jp.evil.com`, `sakura-sys.mailer.net`).
    EmbeddedAsSubdomain,
    /// IDN whose confusable skeleton equals the protected domain
    /// (Cyrillic `ѕ`, Greek `ο`, …).
    Homoglyph,
}

impl LookalikeReason {
    /// Lower is more alarming; used to choose among several protected entries.
    fn rank(self) -> u8 {
        match self {
            LookalikeReason::Homoglyph => 0,
            LookalikeReason::EmbeddedAsSubdomain => 1,
            LookalikeReason::CharacterSwap => 2,
            LookalikeReason::Hyphen => 3,
            LookalikeReason::OtherSuffix => 4,
            LookalikeReason::Transposition => 5,
            LookalikeReason::EditDistance => 6,
        }
    }
}

/// A recipient domain that imitates a protected domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    /// The recipient domain, normalised to lower-case ASCII (punycode).
    pub domain: String,
    /// The recipient domain in Unicode, for humans.
    pub display: String,
    /// The protected domain it imitates (Unicode form, lower-case).
    pub imitates: String,
    /// The strongest reason found.
    pub reason: LookalikeReason,
    /// Explanation for the sender, e.g.
    /// 「sakura-sy5.co.jp は社内ドメイン sakura-sys.co.jp に似ています（文字の置き換え 5→s）」.
    pub message_ja: String,
}

/// Protected domains prepared for fast repeated look-ups.
#[derive(Debug, Clone)]
pub struct LookalikeIndex {
    protected: Vec<Protected>,
    /// ASCII forms of the protected entries: the candidate or a parent is internal.
    internal: HashSet<String>,
    /// ASCII forms of trusted domains (built-in providers plus caller's list).
    trusted: HashSet<String>,
    /// Whether any protected entry has a non-ASCII name (skeletons needed).
    any_non_ascii: bool,
}

impl LookalikeIndex {
    #[cfg(test)]
    /// Index the protected domains. Entries that are not valid domains or that
    /// are public suffixes themselves (`co.jp`) are ignored.
    pub fn new(protected: &[String]) -> Self {
        Self::with_trusted(protected, &[])
    }

    /// Like [`LookalikeIndex::new`], plus `trusted` domains that are never
    /// reported (genuine partners that happen to look like a protected
    /// domain), such as the free-mail providers.
    pub fn with_trusted(protected: &[String], trusted: &[String]) -> Self {
        let protected: Vec<Protected> =
            protected.iter().filter_map(|p| Protected::new(p)).collect();
        let internal = protected.iter().map(|p| p.ascii.clone()).collect();
        let trusted = trusted
            .iter()
            .filter_map(|t| Parsed::new(t))
            .filter(Parsed::has_real_registrable)
            .map(|t| t.ascii)
            .collect();
        let any_non_ascii = protected.iter().any(|p| p.non_ascii);
        LookalikeIndex {
            protected,
            internal,
            trusted,
            any_non_ascii,
        }
    }

    /// Checks one recipient domain against the protected ones. `None` when the domain
    /// is one of them or a subdomain of one, trusted, or plainly unrelated.
    pub fn find(&self, domain: &str) -> Option<Lookalike> {
        if self.protected.is_empty() {
            return None;
        }
        let parsed = Parsed::new(domain)?;
        if self.is_internal_or_trusted(&parsed.ascii) {
            return None;
        }
        let cand = Candidate::new(&parsed, self.any_non_ascii);
        let mut best: Option<(u8, usize, &Protected, Hit)> = None;
        for p in &self.protected {
            if let Some(hit) = compare(&cand, p) {
                let key = (hit.reason.rank(), hit.distance);
                if best.as_ref().is_none_or(|b| key < (b.0, b.1)) {
                    best = Some((key.0, key.1, p, hit));
                }
            }
        }
        let (_, _, p, hit) = best?;
        let display = parsed.display();
        let shown = if display == parsed.ascii {
            format!("{display} ")
        } else {
            format!("{display}（{}）", parsed.ascii)
        };
        let message_ja = format!(
            "{shown}は社内ドメイン {} に似ています（{}）",
            p.display, hit.detail
        );
        Some(Lookalike {
            domain: parsed.ascii.clone(),
            display,
            imitates: p.display.clone(),
            reason: hit.reason,
            message_ja,
        })
    }

    fn is_internal_or_trusted(&self, ascii: &str) -> bool {
        let mut rest = ascii;
        loop {
            if self.internal.contains(rest) || self.trusted.contains(rest) {
                return true;
            }
            match rest.split_once('.') {
                Some((_, r)) => rest = r,
                None => return false,
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Parsing

/// A syntactically usable domain split at its registrable name.
#[derive(Debug, Clone)]
struct Parsed {
    ascii: String,
    ascii_labels: Vec<String>,
    uni_labels: Vec<String>,
    /// Index of the registrable name label; labels after it are the suffix.
    name_idx: usize,
}

impl Parsed {
    fn new(domain: &str) -> Option<Self> {
        if clean(domain).len() > MAX_INPUT_BYTES {
            return None;
        }
        let ascii = to_ascii_domain(domain);
        let ascii_labels: Vec<String> = ascii.split('.').map(str::to_owned).collect();
        if ascii_labels.len() < 2 || ascii_labels.iter().any(String::is_empty) {
            return None;
        }
        let n = suffix_label_count(&ascii);
        let name_idx = if n < ascii_labels.len() {
            ascii_labels.len() - n - 1
        } else {
            ascii_labels.len() - 2
        };
        let uni_labels = ascii_labels.iter().map(|l| label_to_unicode(l)).collect();
        Some(Parsed {
            ascii,
            ascii_labels,
            uni_labels,
            name_idx,
        })
    }

    /// True when the public suffix list found a registrable domain (the
    /// domain is not itself a public suffix).
    fn has_real_registrable(&self) -> bool {
        suffix_label_count(&self.ascii) < self.ascii_labels.len()
    }

    fn display(&self) -> String {
        self.uni_labels.join(".")
    }

    fn name_uni(&self) -> &str {
        self.uni_labels
            .get(self.name_idx)
            .map_or("", String::as_str)
    }

    fn registrable_ascii(&self) -> String {
        self.ascii_labels
            .get(self.name_idx..)
            .unwrap_or_default()
            .join(".")
    }

    fn registrable_uni(&self) -> String {
        self.uni_labels
            .get(self.name_idx..)
            .unwrap_or_default()
            .join(".")
    }

    fn suffix_ascii(&self) -> String {
        self.ascii_labels
            .get(self.name_idx + 1..)
            .unwrap_or_default()
            .join(".")
    }

    fn suffix_uni(&self) -> String {
        self.uni_labels
            .get(self.name_idx + 1..)
            .unwrap_or_default()
            .join(".")
    }

    fn non_ascii(&self) -> bool {
        self.uni_labels.iter().any(|l| !l.is_ascii())
    }
}

/// A protected entry with everything the comparisons need precomputed.
#[derive(Debug, Clone)]
struct Protected {
    ascii: String,
    display: String,
    reg_ascii: String,
    suffix_ascii: String,
    suffix_uni: String,
    name: String,
    name_chars: Vec<char>,
    name_vkey: String,
    name_hless: String,
    name_loose: String,
    /// Loose keys of the name with the first k suffix labels glued on:
    /// `sakurasysco`, `sakurasyscojp`.
    flats: Vec<String>,
    /// Loose key per label of the registrable domain.
    reg_labels_loose: Vec<String>,
    /// Visual key of the whole registrable domain (with dots).
    reg_skel: String,
    non_ascii: bool,
    max_dist: usize,
}

impl Protected {
    fn new(entry: &str) -> Option<Self> {
        let p = Parsed::new(entry)?;
        if !p.has_real_registrable() {
            return None;
        }
        let name = p.name_uni().to_owned();
        let name_vkey = vkey(&name);
        let name_loose = strip_hyphens(&name_vkey);
        let mut flats = Vec::new();
        let mut acc = name_loose.clone();
        for l in p.uni_labels.get(p.name_idx + 1..).unwrap_or_default() {
            acc.push_str(&strip_hyphens(&vkey(l)));
            flats.push(acc.clone());
        }
        let reg_labels_loose = p
            .uni_labels
            .get(p.name_idx..)
            .unwrap_or_default()
            .iter()
            .map(|l| strip_hyphens(&vkey(l)))
            .collect();
        let name_chars: Vec<char> = name.chars().collect();
        let max_dist = match name_chars.len() {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        Some(Protected {
            display: p.display(),
            reg_ascii: p.registrable_ascii(),
            suffix_ascii: p.suffix_ascii(),
            suffix_uni: p.suffix_uni(),
            name_hless: strip_hyphens(&name),
            reg_skel: vkey(&p.registrable_uni()),
            non_ascii: !name.is_ascii(),
            ascii: p.ascii.clone(),
            name,
            name_chars,
            name_vkey,
            name_loose,
            flats,
            reg_labels_loose,
            max_dist,
        })
    }
}

/// The recipient side, computed once per look-up.
struct Candidate<'a> {
    parsed: &'a Parsed,
    reg_ascii: String,
    reg_uni: String,
    suffix_ascii: String,
    suffix_uni: String,
    name: &'a str,
    name_chars: Vec<char>,
    name_vkey: String,
    name_hless: String,
    name_loose: String,
    labels_loose: Vec<String>,
    /// Visual keys of the registrable domain and of the whole domain; only
    /// computed when either side has non-ASCII characters.
    skels: Option<(String, String)>,
}

impl<'a> Candidate<'a> {
    fn new(parsed: &'a Parsed, any_protected_non_ascii: bool) -> Self {
        let name = parsed.name_uni();
        // One skeleton pass per label; the skeleton is per character and `.`
        // maps to itself, so joined label keys equal the key of the joined text.
        let labels_vkey: Vec<String> = parsed.uni_labels.iter().map(|l| vkey(l)).collect();
        let name_vkey = labels_vkey
            .get(parsed.name_idx)
            .cloned()
            .unwrap_or_default();
        let skels = (any_protected_non_ascii || parsed.non_ascii()).then(|| {
            (
                labels_vkey
                    .get(parsed.name_idx..)
                    .unwrap_or_default()
                    .join("."),
                labels_vkey.join("."),
            )
        });
        Candidate {
            parsed,
            reg_ascii: parsed.registrable_ascii(),
            reg_uni: parsed.registrable_uni(),
            suffix_ascii: parsed.suffix_ascii(),
            suffix_uni: parsed.suffix_uni(),
            name,
            name_chars: name.chars().collect(),
            name_hless: strip_hyphens(name),
            name_loose: strip_hyphens(&name_vkey),
            name_vkey,
            labels_loose: labels_vkey.iter().map(|k| strip_hyphens(k)).collect(),
            skels,
        }
    }
}

// ---------------------------------------------------------------------------
// Comparison

struct Hit {
    reason: LookalikeReason,
    /// Edit distance for EditDistance hits (tie-breaker), 0 otherwise.
    distance: usize,
    detail: String,
}

impl Hit {
    fn new(reason: LookalikeReason, detail: String) -> Self {
        Hit {
            reason,
            distance: 0,
            detail,
        }
    }
}

fn compare(c: &Candidate<'_>, p: &Protected) -> Option<Hit> {
    if c.reg_ascii == p.reg_ascii {
        // Sibling host of the same registered domain: not an imitation.
        return None;
    }
    let same_suffix = c.suffix_ascii == p.suffix_ascii;
    let long_name = p.name_chars.len() >= MIN_BARE_NAME_CHARS;

    // Homoglyph: some non-ASCII character makes it look identical.
    if let Some((reg_skel, full_skel)) = &c.skels {
        let name_non_ascii = !c.name.is_ascii() || p.non_ascii;
        let homoglyph = (c.parsed.non_ascii() || p.non_ascii)
            && (*reg_skel == p.reg_skel
                || *full_skel == p.reg_skel
                || (name_non_ascii
                    && c.name != p.name
                    && c.name_hless != p.name_hless
                    && (c.name_vkey == p.name_vkey
                        || (long_name && c.name_loose == p.name_loose))));
        if homoglyph {
            return Some(Hit::new(
                LookalikeReason::Homoglyph,
                homoglyph_detail(&c.parsed.display(), &p.display, c.name),
            ));
        }
    }

    // Embedded: the protected domain or name in front of another domain.
    if embedded(c, p, long_name) {
        return Some(Hit::new(
            LookalikeReason::EmbeddedAsSubdomain,
            format!(
                "別のドメイン {} の前に社内ドメイン名を付けた形です",
                c.reg_uni
            ),
        ));
    }

    if same_suffix {
        if c.name_vkey == p.name_vkey {
            return Some(Hit::new(
                LookalikeReason::CharacterSwap,
                format!("文字の置き換え {}", describe_swaps(c.name, &p.name)),
            ));
        }
        if c.name_hless == p.name_hless {
            return Some(Hit::new(
                LookalikeReason::Hyphen,
                hyphen_detail(c.name, &p.name).to_owned(),
            ));
        }
        if long_name && c.name_loose == p.name_loose {
            return Some(Hit::new(
                LookalikeReason::CharacterSwap,
                format!("文字の置き換え {}", diff_middle(c.name, &p.name)),
            ));
        }
    } else if c.name == p.name {
        return Some(Hit::new(
            LookalikeReason::OtherSuffix,
            format!("末尾が .{} ではなく .{} です", p.suffix_uni, c.suffix_uni),
        ));
    } else if long_name && c.name_loose == p.name_loose {
        return Some(Hit::new(
            LookalikeReason::OtherSuffix,
            format!(
                "名前がほぼ同じで、末尾が .{} ではなく .{} です",
                p.suffix_uni, c.suffix_uni
            ),
        ));
    }
    if p.flats.contains(&c.name_loose) {
        return Some(Hit::new(
            LookalikeReason::OtherSuffix,
            format!(
                "末尾の .{} を名前に混ぜた別のドメイン {} です",
                p.suffix_uni, c.reg_uni
            ),
        ));
    }

    if same_suffix && p.max_dist > 0 && c.name_chars.len() <= MAX_EDIT_NAME_CHARS {
        if is_transposition(&c.name_chars, &p.name_chars) {
            return Some(Hit::new(
                LookalikeReason::Transposition,
                format!("隣り合う文字の入れ替え {}", diff_middle(c.name, &p.name)),
            ));
        }
        if let Some(d) = osa_distance(&c.name_chars, &p.name_chars, p.max_dist)
            && d > 0
            && (d == 1 || !contiguous_block(&c.name_chars, &p.name_chars))
        {
            return Some(Hit {
                reason: LookalikeReason::EditDistance,
                distance: d,
                detail: format!("綴りが{d}文字違います"),
            });
        }
    }
    None
}

fn embedded(c: &Candidate<'_>, p: &Protected, long_name: bool) -> bool {
    let labels = &c.labels_loose;
    let seq = &p.reg_labels_loose;
    // The whole registrable domain as consecutive labels, followed by more labels.
    if !seq.is_empty() && labels.len() > seq.len() {
        let found = labels
            .windows(seq.len())
            .take(labels.len() - seq.len())
            .any(|w| w == seq.as_slice());
        if found {
            return true;
        }
    }
    // A label in front of the candidate's registrable domain that is the
    // protected name (long names only) or its flattened form.
    labels
        .iter()
        .take(c.parsed.name_idx)
        .any(|l| (long_name && *l == p.name_loose) || p.flats.contains(l))
}

fn homoglyph_detail(cand_display: &str, prot_display: &str, cand_name: &str) -> String {
    let mut odd: Vec<char> = Vec::new();
    for ch in cand_display.chars() {
        if !ch.is_ascii() && !prot_display.contains(ch) && !odd.contains(&ch) {
            odd.push(ch);
        }
    }
    let mut detail = if odd.is_empty() {
        "見た目がそっくりな別の文字が使われています".to_owned()
    } else {
        let list: Vec<String> = odd
            .iter()
            .take(4)
            .map(|ch| format!("{ch} (U+{:04X})", u32::from(*ch)))
            .collect();
        let more = if odd.len() > 4 { " など" } else { "" };
        format!(
            "見た目の似た別の文字 {}{more} が使われています",
            list.join("、")
        )
    };
    if !cand_name.is_single_script() {
        detail.push_str("。複数の文字体系が混在しています");
    }
    detail
}

fn hyphen_detail(cand: &str, prot: &str) -> &'static str {
    let hc = cand.matches('-').count();
    let hp = prot.matches('-').count();
    match hc.cmp(&hp) {
        std::cmp::Ordering::Less => "ハイフンが抜けています",
        std::cmp::Ordering::Greater => "余分なハイフンがあります",
        std::cmp::Ordering::Equal => "ハイフンの位置が違います",
    }
}

// ---------------------------------------------------------------------------
// Keys and string helpers

fn strip_hyphens(s: &str) -> String {
    s.chars().filter(|c| *c != '-').collect()
}

/// Single-character visual folds applied on top of the UTS #39 skeleton.
fn fold_char(c: char, out: &mut String) {
    match c {
        '0' | 'o' | 'O' => out.push('o'),
        '1' | 'i' | 'l' | 'I' | 'L' | '|' => out.push('l'),
        '5' | 's' | 'S' => out.push('s'),
        'm' | 'M' => out.push_str("rn"),
        'w' | 'W' => out.push_str("vv"),
        'd' | 'D' => out.push_str("cl"),
        c => out.push(c.to_ascii_lowercase()),
    }
}

/// Visual key: UTS #39 skeleton followed by [`fold_char`]. Plain LDH labels
/// skip the skeleton (for them it only maps `m→rn`, `0→O`, `1→l`, which the
/// fold already covers; a test checks this).
fn vkey(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    if s.bytes().all(|b| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
    }) {
        s.chars().for_each(|c| fold_char(c, &mut out));
    } else {
        unicode_security::skeleton(s).for_each(|c| fold_char(c, &mut out));
    }
    out
}

/// Lengths of the common prefix and (non-overlapping) common suffix.
fn common_ends(a: &[char], b: &[char]) -> (usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suf = a.len().min(b.len()) - pre;
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suf)
        .take_while(|(x, y)| x == y)
        .count();
    (pre, suf)
}

/// `"5y5→sys"`: the differing middle of two strings, recipient first.
fn diff_middle(cand: &str, prot: &str) -> String {
    let a: Vec<char> = cand.chars().collect();
    let b: Vec<char> = prot.chars().collect();
    let (pre, suf) = common_ends(&a, &b);
    let ma: String = a
        .get(pre..a.len() - suf)
        .unwrap_or_default()
        .iter()
        .collect();
    let mb: String = b
        .get(pre..b.len() - suf)
        .unwrap_or_default()
        .iter()
        .collect();
    format!("{ma}→{mb}")
}

/// True when the only difference is one block of at most two characters.
fn contiguous_block(a: &[char], b: &[char]) -> bool {
    let (pre, suf) = common_ends(a, b);
    (a.len() - pre - suf).max(b.len() - pre - suf) <= 2
}

/// Splits into visual units: `rn`, `vv`, `cl` pairs or single characters,
/// each with its canonical form.
fn visual_tokens(s: &str) -> Vec<(String, char)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let pair = match (c, chars.get(i + 1)) {
            ('r', Some('n')) => Some('m'),
            ('v', Some('v')) => Some('w'),
            ('c', Some('l')) => Some('d'),
            _ => None,
        };
        if let Some(canon) = pair {
            out.push((chars[i..i + 2].iter().collect(), canon));
            i += 2;
        } else {
            let canon = match c {
                '0' => 'o',
                '1' | 'i' => 'l',
                '5' => 's',
                c => c,
            };
            out.push((c.to_string(), canon));
            i += 1;
        }
    }
    out
}

/// `"5→s"` or `"0→o、1→l"`; falls back to the differing middle.
fn describe_swaps(cand: &str, prot: &str) -> String {
    let a = visual_tokens(cand);
    let b = visual_tokens(prot);
    if a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| x.1 == y.1) {
        let mut pairs: Vec<String> = Vec::new();
        for (x, y) in a.iter().zip(&b) {
            if x.0 != y.0 {
                let pair = format!("{}→{}", x.0, y.0);
                if !pairs.contains(&pair) {
                    pairs.push(pair);
                }
            }
        }
        if !pairs.is_empty() {
            return pairs.join("、");
        }
    }
    diff_middle(cand, prot)
}

fn is_transposition(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    match (a.get(i..i + 2), b.get(i..i + 2)) {
        (Some([a0, a1]), Some([b0, b1])) => {
            a0 == b1 && a1 == b0 && a.get(i + 2..) == b.get(i + 2..)
        }
        _ => false,
    }
}

/// Optimal string alignment distance (Levenshtein plus adjacent
/// transpositions), or `None` when it exceeds `max`.
fn osa_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for (i, &ac) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &bc) in b.iter().enumerate() {
            let cost = usize::from(ac != bc);
            let mut v = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
            if i > 0 && j > 0 && a[i - 1] == bc && ac == b[j - 1] {
                v = v.min(prev2[j - 1] + 1);
            }
            cur[j + 1] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[n];
    (d <= max).then_some(d)
}

// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::domain::{registrable_domain, to_unicode_domain};
    use LookalikeReason::*;

    /// The shipped free-mail list: the providers the engine trusts.
    fn freemail() -> Vec<String> {
        include_str!("../../../rules/freemail.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    }

    /// One domain against `protected`, as the engine checks it.
    fn find_lookalike(domain: &str, protected: &[String]) -> Option<Lookalike> {
        LookalikeIndex::with_trusted(protected, &freemail()).find(domain)
    }

    /// Internal domain plus one known domain, used by most cases.
    const P: &[&str] = &["sakura-sys.co.jp", "example.com"];

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The one table-driven helper: `expected` is the reason, or `None` for a trap.
    #[track_caller]
    fn check(domain: &str, protected: &[&str], expected: Option<LookalikeReason>) {
        let prot = strings(protected);
        let got = find_lookalike(domain, &prot);
        let via_index = LookalikeIndex::with_trusted(&prot, &freemail()).find(domain);
        assert_eq!(
            got, via_index,
            "find_lookalike and the index disagree for {domain:?}"
        );
        assert_eq!(
            got.as_ref().map(|l| l.reason),
            expected,
            "{domain:?} against {protected:?}: {got:#?}"
        );
        if let Some(l) = got {
            assert_eq!(l.domain, to_ascii_domain(domain));
            assert_eq!(l.display, to_unicode_domain(domain));
            assert!(protected.iter().any(|p| to_unicode_domain(p) == l.imitates));
            assert!(l.message_ja.contains(&l.display), "{}", l.message_ja);
            assert!(l.message_ja.contains(&l.imitates), "{}", l.message_ja);
            assert!(l.message_ja.contains("に似ています（"), "{}", l.message_ja);
        }
    }

    #[test]
    fn edit_distance() {
        check("sakura-sis.co.jp", P, Some(EditDistance));
        check("sakra-sys.co.jp", P, Some(EditDistance));
        check("sakuura-sys.co.jp", P, Some(EditDistance));
        check("sakura-sya.co.jp", P, Some(EditDistance));
        check("sakrua-sis.co.jp", P, Some(EditDistance)); // transposition + substitution = 2
        check("sakra-sis.co.jp", P, Some(EditDistance)); // two separate slips
        check("sakurasis.co.jp", P, Some(EditDistance)); // hyphen + substitution
        check("mail.sakura-sis.co.jp", P, Some(EditDistance));
        check("Sakura-Sis.CO.JP", P, Some(EditDistance));
        check("exampe.com", P, Some(EditDistance));
        check("examples.com", P, Some(EditDistance));
        check("exanple.com", P, Some(EditDistance));
        check("sakura.tokyo", &["sakuro.tokyo"], Some(EditDistance));
    }

    #[test]
    fn transposition() {
        check("sakura-ssy.co.jp", P, Some(Transposition));
        check("askura-sys.co.jp", P, Some(Transposition));
        check("sakuar-sys.co.jp", P, Some(Transposition));
        check("exmaple.com", P, Some(Transposition));
        check("sakur-asys.co.jp", P, Some(Hyphen)); // hyphen moved by one: reported as Hyphen
    }

    #[test]
    fn character_swap() {
        check("sakura-sy5.co.jp", P, Some(CharacterSwap));
        check("5akura-sys.co.jp", P, Some(CharacterSwap));
        check("sakura-5y5.co.jp", P, Some(CharacterSwap));
        check("exarnple.com", P, Some(CharacterSwap));
        check("examp1e.com", P, Some(CharacterSwap));
        check("exampie.com", P, Some(CharacterSwap));
        check("t0kyo-soft.jp", &["tokyo-soft.jp"], Some(CharacterSwap));
        check("netvvork.com", &["network.com"], Some(CharacterSwap));
        check("clata.co.jp", &["data.co.jp"], Some(CharacterSwap));
        check("rnarketing.jp", &["marketing.jp"], Some(CharacterSwap));
        check("marketing.jp", &["rnarketing.jp"], Some(CharacterSwap));
        check("n1c.co.jp", &["nic.co.jp"], Some(CharacterSwap)); // short names still protected
        check("ｓａｋｕｒａ-ｓｙ５.co.jp", P, Some(CharacterSwap)); // full-width, normalised
        check("sakurasy5.co.jp", P, Some(CharacterSwap)); // hyphen + swap, loose key
    }

    #[test]
    fn hyphen() {
        check("sakurasys.co.jp", P, Some(Hyphen));
        check("sakura--sys.co.jp", P, Some(Hyphen));
        check("saku-ra-sys.co.jp", P, Some(Hyphen));
        check("sakur-a-sys.co.jp", P, Some(Hyphen));
        check("ex-ample.com", P, Some(Hyphen));
        check("tokyosoft.jp", &["tokyo-soft.jp"], Some(Hyphen));
        check("a-bc.co.jp", &["abc.co.jp"], Some(Hyphen));
    }

    #[test]
    fn other_suffix() {
        check("sakura-sys.jp", P, Some(OtherSuffix));
        check("sakura-sys.com", P, Some(OtherSuffix));
        check("sakura-sys.ne.jp", P, Some(OtherSuffix));
        check("sakura-sys.or.jp", P, Some(OtherSuffix));
        check("sakura-sys.co", P, Some(OtherSuffix));
        check("sakura-sys.tokyo.jp", P, Some(OtherSuffix));
        check("SAKURA-SYS.COM", P, Some(OtherSuffix));
        check("mail.sakura-sys.com", P, Some(OtherSuffix));
        check("sakura-sys-co.jp", P, Some(OtherSuffix));
        check("sakura-sysco.jp", P, Some(OtherSuffix));
        check("sakura-sys-co-jp.com", P, Some(OtherSuffix));
        check("sakurasys.com", P, Some(OtherSuffix));
        check("sakura-sy5.jp", P, Some(OtherSuffix));
        check("example.co.jp", P, Some(OtherSuffix));
        check("example.jp", P, Some(OtherSuffix));
        check("nec.com", &["nec.co.jp"], Some(OtherSuffix)); // short: exact name only
        check("abc.com", &["abc.co.jp"], Some(OtherSuffix));
        check("abcco.jp", &["abc.co.jp"], Some(OtherSuffix));
    }

    #[test]
    fn embedded_as_subdomain() {
        check(
            "sakura-sys.co.jp.mail-secure.com",
            P,
            Some(EmbeddedAsSubdomain),
        );
        check("sakura-sys.mailer.net", P, Some(EmbeddedAsSubdomain));
        check(
            "mail.sakura-sys.co.jp.evil.com",
            P,
            Some(EmbeddedAsSubdomain),
        );
        check("sakura-sys-co-jp.evil.com", P, Some(EmbeddedAsSubdomain));
        check("sakura-sysco.evil.com", P, Some(EmbeddedAsSubdomain));
        check("sakurasys.evil.com", P, Some(EmbeddedAsSubdomain));
        check("sakura-sys.co.jp.com", P, Some(EmbeddedAsSubdomain));
        check("sakura-sys.co.jpn.com", P, Some(EmbeddedAsSubdomain));
        check("sakura-sys.co.jp-secure.net", P, Some(EmbeddedAsSubdomain));
        check("sakura-sys.evil.co.jp", P, Some(EmbeddedAsSubdomain));
        check("example.com.phish.net", P, Some(EmbeddedAsSubdomain));
        check(
            "nec.co.jp.evil.com",
            &["nec.co.jp"],
            Some(EmbeddedAsSubdomain),
        );
        check(
            "nec-co-jp.evil.com",
            &["nec.co.jp"],
            Some(EmbeddedAsSubdomain),
        );
        check("sakura-sys.onmicrosoft.com", P, Some(EmbeddedAsSubdomain)); // add it to protected if it is yours
        check(
            "sakura-sys.onmicrosoft.com",
            &["sakura-sys.co.jp", "sakura-sys.onmicrosoft.com"],
            None,
        );
    }

    #[test]
    fn homoglyph() {
        check("ѕakura-sys.co.jp", P, Some(Homoglyph)); // Cyrillic dze
        check("xn--akura-sys-k9h.co.jp", P, Some(Homoglyph)); // same, as punycode
        check("XN--AKURA-SYS-K9H.CO.JP", P, Some(Homoglyph));
        check("sakura-sуs.co.jp", P, Some(Homoglyph)); // Cyrillic u
        check("ехаmple.com", P, Some(Homoglyph)); // Cyrillic e, kha, a
        check("аррӏе.com", &["apple.com"], Some(Homoglyph)); // whole-script Cyrillic
        check("tοkyo-soft.jp", &["tokyo-soft.jp"], Some(Homoglyph)); // Greek omicron
        check("mail.ѕakura-sys.co.jp", P, Some(Homoglyph));
        check("sakura-sys.cо.jp", P, Some(Homoglyph)); // Cyrillic o in the suffix
        check("ѕakura-sys.com", P, Some(Homoglyph)); // homoglyph beats other suffix
        check("ѕakurasys.co.jp", P, Some(Homoglyph));
        check("ѕakura-sys.co.jp.evil.com", P, Some(EmbeddedAsSubdomain));
        check("さくらシステ厶.jp", &["さくらシステム.jp"], Some(Homoglyph)); // kanji 厶 for katakana ム
        check("ｓａｋｕｒａ-ｓｙｓ.co.jp", P, None); // full-width IS the real domain after IDNA
        check("sakura-sys．co。jp", P, None);
    }

    #[test]
    fn japanese_idn_protected() {
        let p = &["さくらシステム.jp"];
        check("さくらシステム.jp", p, None);
        check("xn--y8jl1n2gka2f4i.jp", p, None);
        check("営業.さくらシステム.jp", p, None);
        check("さくらシステム.com", p, Some(OtherSuffix));
        check("さくらシスデム.jp", p, Some(EditDistance));
        check("さくらシステム.jp.evil.com", p, Some(EmbeddedAsSubdomain));
        check("sakura-system.jp", p, None);
        check("さくら-システム.jp", p, Some(Hyphen)); // not Homoglyph
        check("ｻｸﾗｼｽﾃﾑ.jp", p, None); // half-width katakana: IDNA maps it to the real domain
    }

    #[test]
    fn traps() {
        check("sakura-sys.co.jp", P, None);
        check("SAKURA-SYS.CO.JP", P, None);
        check("sakura-sys.co.jp.", P, None);
        check("  sakura-sys.co.jp  ", P, None);
        check("taro@sakura-sys.co.jp", P, None);
        check("mail.sakura-sys.co.jp", P, None);
        check("a.b.c.sakura-sys.co.jp", P, None);
        check("example.com", P, None);
        check("www.example.com", P, None);
        check("osaka.sakura-sys.co.jp", &["tokyo.sakura-sys.co.jp"], None); // sibling host
        check("gmail.com", P, None);
        check("yahoo.co.jp", P, None);
        check("outlook.com", P, None);
        check("docomo.ne.jp", P, None);
        check("i.softbank.jp", P, None);
        check("yahoo.com", &["yahoo.co.jp"], None); // well-known provider
        check("gmail.com", &["gmai1.com"], None);
        check("sakura-bank.co.jp", P, None); // shares a word, distance 4
        check("sakura-bus.co.jp", P, None); // distance 2 but one contiguous block: a different word
        check("sakura-sky.co.jp", P, None);
        check("tokyo-bus.co.jp", &["tokyo-gas.co.jp"], None);
        check("sakura.co.jp", P, None);
        check("sys.co.jp", P, None);
        check("sakura-s.co.jp", P, None); // contiguous two-char deletion
        check("abd.co.jp", &["abc.co.jp"], None); // short names: no edit distance (documented)
        check("nce.co.jp", &["nec.co.jp"], None); // short names: no transposition either
        check("kdid.com", &["kddi.com"], None);
        check("a-bc.com", &["abc.co.jp"], None); // short: other suffix needs the exact name
        check("mitsubishi.co.jp", P, None);
        check("sakura-sys-partners.co.jp", P, None); // combosquatting is out of scope
        check("sakura-sis.com", P, None); // typo + other suffix is not reported
        check("exampl.org", P, None);
        check("co.jp", P, None);
        check("jp", P, None);
        check("com", P, None);
        check("sakura-sys", P, None);
        check("foo.co.jp", &["co.jp"], None); // a public suffix is not a valid protected entry
        check("sakura-sys.co.jp", &["co.jp"], None);
        check("sakura-sis.co.jp", &[], None);
        check("sakura-sis.co.jp", &["", ".", "xn--zz"], None);
    }

    #[test]
    fn trusted_list() {
        let idx = LookalikeIndex::with_trusted(&strings(P), &strings(&["sakura-sys.com"]));
        assert_eq!(idx.find("sakura-sys.com"), None);
        assert_eq!(idx.find("mail.sakura-sys.com"), None);
        assert_eq!(
            idx.find("sakura-sys.jp").map(|l| l.reason),
            Some(OtherSuffix)
        );
        // A public suffix in the trusted list is ignored, not a blanket pass.
        let idx = LookalikeIndex::with_trusted(&strings(P), &strings(&["co.jp", "com", ""]));
        assert_eq!(
            idx.find("sakura-sis.co.jp").map(|l| l.reason),
            Some(EditDistance)
        );
        assert_eq!(
            idx.find("sakura-sys.com").map(|l| l.reason),
            Some(OtherSuffix)
        );
    }

    #[test]
    fn messages() {
        let p = strings(P);
        let m = |d: &str| {
            find_lookalike(d, &p)
                .map(|l| l.message_ja)
                .unwrap_or_default()
        };
        assert_eq!(
            m("sakura-sy5.co.jp"),
            "sakura-sy5.co.jp は社内ドメイン sakura-sys.co.jp に似ています（文字の置き換え 5→s）"
        );
        assert_eq!(
            m("exarnple.com"),
            "exarnple.com は社内ドメイン example.com に似ています（文字の置き換え rn→m）"
        );
        assert!(m("sakura-5y5.co.jp").contains("（文字の置き換え 5→s）"));
        assert!(m("sakura-ssy.co.jp").contains("（隣り合う文字の入れ替え sy→ys）"));
        assert!(m("sakurasys.co.jp").contains("ハイフンが抜けています"));
        assert!(m("sakura--sys.co.jp").contains("余分なハイフンがあります"));
        assert!(m("sakura-sys.com").contains("末尾が .co.jp ではなく .com です"));
        assert!(m("sakura-sys-co.jp").contains("末尾の .co.jp を名前に混ぜた"));
        assert!(m("sakura-sys.mailer.net").contains("別のドメイン mailer.net の前に"));
        assert!(m("sakura-sis.co.jp").contains("綴りが1文字違います"));
        let h = m("xn--akura-sys-k9h.co.jp");
        assert!(
            h.starts_with("ѕakura-sys.co.jp（xn--akura-sys-k9h.co.jp）は社内ドメイン"),
            "{h}"
        );
        assert!(h.contains("ѕ (U+0455)"), "{h}");
        assert!(h.contains("複数の文字体系が混在"), "{h}");
        let l = find_lookalike("xn--akura-sys-k9h.co.jp", &p).unwrap();
        assert_eq!(l.domain, "xn--akura-sys-k9h.co.jp");
        assert_eq!(l.display, "ѕakura-sys.co.jp");
        assert_eq!(l.imitates, "sakura-sys.co.jp");
    }

    #[test]
    fn strongest_reason_wins_across_protected() {
        // Transposition of one, other suffix of the other: other suffix ranks higher.
        check(
            "exmaple.co.jp",
            &["exmaple.com", "example.co.jp"],
            Some(OtherSuffix),
        );
        let l = find_lookalike(
            "sakura-sy5.co.jp",
            &strings(&["example.com", "sakura-sys.co.jp"]),
        )
        .unwrap();
        assert_eq!(l.imitates, "sakura-sys.co.jp");
    }

    #[test]
    fn helpers() {
        assert_eq!(to_ascii_domain("Sakura-SYS.co.jp."), "sakura-sys.co.jp");
        assert_eq!(
            to_ascii_domain("ѕakura-sys.co.jp"),
            "xn--akura-sys-k9h.co.jp"
        );
        assert_eq!(
            to_ascii_domain("ｓａｋｕｒａ-ｓｙｓ．ｃｏ．ｊｐ"),
            "sakura-sys.co.jp"
        );
        assert_eq!(
            to_ascii_domain("さくらシステム.JP"),
            "xn--y8jl1n2gka2f4i.jp"
        );
        assert_eq!(to_ascii_domain("XN--ZZ.COM"), "xn--zz.com"); // invalid punycode: lower-cased
        assert_eq!(
            to_ascii_domain("ѕakura.xn--zz.com"),
            "xn--akura-g2e.xn--zz.com"
        );
        assert_eq!(
            to_unicode_domain("xn--akura-sys-k9h.co.jp"),
            "ѕakura-sys.co.jp"
        );
        assert_eq!(
            to_unicode_domain("xn--y8jl1n2gka2f4i.jp"),
            "さくらシステム.jp"
        );
        assert_eq!(to_unicode_domain("xn--zz.com"), "xn--zz.com");
        assert_eq!(to_unicode_domain("Example.COM"), "example.com");
        assert_eq!(
            registrable_domain("mail.sakura-sys.co.jp"),
            "sakura-sys.co.jp"
        );
        assert_eq!(registrable_domain("a.b.example.com"), "example.com");
        assert_eq!(registrable_domain("x.sakura-sys.local"), "sakura-sys.local");
        assert_eq!(
            registrable_domain("www.city.kawasaki.jp"),
            "city.kawasaki.jp"
        );
        assert_eq!(
            registrable_domain("メール.さくらシステム.jp"),
            "xn--y8jl1n2gka2f4i.jp"
        );
        assert_eq!(registrable_domain("co.jp"), "co.jp"); // fallback: last two labels
        assert_eq!(registrable_domain("a..b"), ".b");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain(""), "");
    }

    #[test]
    fn ascii_fast_path_matches_skeleton() {
        for c in "abcdefghijklmnopqrstuvwxyz0123456789-_.".chars() {
            let s = c.to_string();
            let mut slow = String::new();
            unicode_security::skeleton(&s).for_each(|k| fold_char(k, &mut slow));
            assert_eq!(vkey(&s), slow, "{c:?}");
        }
    }

    #[test]
    fn distance_helpers() {
        let v = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(osa_distance(&v("abc"), &v("abc"), 2), Some(0));
        assert_eq!(osa_distance(&v("abc"), &v("acb"), 2), Some(1));
        assert_eq!(osa_distance(&v("ca"), &v("abc"), 3), Some(3)); // OSA, not full Damerau
        assert_eq!(osa_distance(&v("sakura-bank"), &v("sakura-sys"), 2), None);
        assert_eq!(osa_distance(&v(""), &v("ab"), 2), Some(2));
        assert!(is_transposition(&v("ab"), &v("ba")));
        assert!(!is_transposition(&v("abc"), &v("abc")));
        assert!(!is_transposition(&v("abcd"), &v("badc")));
        assert_eq!(describe_swaps("sakura-5y5", "sakura-sys"), "5→s");
        assert_eq!(describe_swaps("t0ky0", "tokyo"), "0→o");
        assert_eq!(describe_swaps("vvv", "vw"), "vv→w");
        assert_eq!(diff_middle("abc", "abc"), "→");
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long_label = "a".repeat(5000);
        let long_name = format!("{}.co.jp", "sakura-sys".repeat(40));
        let many_labels = "a.".repeat(3000) + "jp";
        let many_labels_short = "sakura-sys.co.jp.".repeat(60) + "com";
        let odd = [
            "",
            " ",
            ".",
            "..",
            "...",
            "@",
            "@@",
            "a@",
            "-",
            "--",
            "-.-",
            "xn--",
            "xn--.jp",
            "xn--zz",
            "xn--zz.com",
            "xn--zz.co.jp",
            "xn--akura-sys-4og.co.jp",
            "xn--a.xn--b.xn--c",
            "\0",
            "\u{FFFF}",
            "\u{FFFD}.co.jp",
            "😀.co.jp",
            "😀😀😀",
            "ｘｎ--zz",
            "a..b",
            ".sakura-sys.co.jp",
            "sakura-sys..co.jp",
            "sakura-sys.co.jp..",
            "s\u{0301}akura-sys.co.jp",
            "sakura\u{200D}-sys.co.jp",
            "sakura\u{200B}-sys.co.jp",
            "שלום.co.jp",
            "مثال.com",
            "\u{202E}pj.oc.sys-arukas",
            "a b.com",
            "a\tb.co.jp",
            "[::1]",
            "127.0.0.1",
            "%%%.%%%",
            "。",
            "。。",
            "．co．jp",
            "*.co.jp",
            "_dmarc.sakura-sys.co.jp",
            "ǅ.jp",
            "İ.com",
            &long_label,
            &long_name,
            &many_labels,
            &many_labels_short,
        ];
        let prot_sets: Vec<Vec<String>> = vec![
            strings(P),
            odd.iter().map(|s| (*s).to_owned()).collect(),
            strings(&["さくらシステム.jp", "ѕakura-sys.co.jp"]),
        ];
        for prot in &prot_sets {
            let idx = LookalikeIndex::new(prot);
            for d in odd {
                let _ = idx.find(d);
                let _ = to_ascii_domain(d);
                let _ = to_unicode_domain(d);
                let _ = registrable_domain(d);
            }
        }
        // Deterministic pseudo-random strings over an alphabet of troublemakers.
        let alphabet: Vec<char> = "ax-.n0159rnmvwcld@ ѕаοｓ。．\u{301}\u{200D}😀さム厶"
            .chars()
            .chain(['.', '-', 'x', 'n'])
            .collect();
        let idx = LookalikeIndex::new(&strings(&[
            "sakura-sys.co.jp",
            "さくらシステム.jp",
            "ab.jp",
        ]));
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..5000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            if state.is_multiple_of(3) {
                s.push_str(".co.jp");
            }
            let _ = idx.find(&s);
            let _ = registrable_domain(&s);
            let _ = to_unicode_domain(&s);
        }
    }

    #[test]
    fn many_recipients_smoke() {
        let idx = LookalikeIndex::new(&strings(&[
            "sakura-sys.co.jp",
            "example.com",
            "sakura-sys.com",
        ]));
        let hits = (0..500)
            .filter_map(|i| idx.find(&format!("user{i}.partner-{}.co.jp", i % 37)))
            .count();
        assert_eq!(hits, 0);
    }
}
