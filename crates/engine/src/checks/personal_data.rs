//! `personal_data`: personal data in the subject, the body and plain-text attachments,
//! with its type, a masked excerpt and how many people it concerns.
//!
//! Places read: the subject, the body, what `sendguard-extract` reads inside attachments
//! (CSV, TXT, spreadsheets, Word and PowerPoint files, zip members) and attached
//! messages. The detectors ([`crate::pii`]) say what each match is; this check decides
//! what it means for the mail:
//! - each type found is one finding with its count, at the type's level from policy;
//! - a bare 12-digit number that only passes the My Number check digit is weak
//!   (`unlabelled_my_number`, `info` by default);
//! - what is found only in a signature (the sender's, or a forwarded writer's business
//!   signature) or in the quoted text of a reply going back to its people is capped at
//!   `signature_or_quote` (`info`): the sender is not disclosing it now. Forwarded text
//!   reaches someone new and is scored as the body ([`crate::text::regions`]);
//! - signature items never make a record, and a "signature" holding an ID number, a
//!   birth date, a labelled name or two people's records is scored as text;
//! - a forwarded private writer's closing block (name, home address, phone) is one
//!   person's: its items make a record labelled or not;
//! - two or more items about one person on one line or table row, or (policy
//!   `record_scope = "paragraph"`) labelled items in one block, make a record: the
//!   person is identifiable. Records are reported as one `record` finding with the
//!   number of people, at the `record` level (`danger`);
//! - an organisation's data is not a person's: items on a line labelled 会場 / 本社 /
//!   代表… or under such a heading make no record, and a bank account held by a
//!   company is `info`.

use super::Context;
use crate::draft::Attachment;
use crate::pii::{Detector, PiiMatch, PiiType};
use crate::policy::{Level, Policy, RecordScope};
use crate::report::{CheckId, Finding, FindingType, Location};
use crate::text::phrases::{PhraseList, fold};
use crate::text::regions::{Marks, QuoteMode, RegionKind, Regions};
use sendguard_extract::{Content, Extracted};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The detectors, built once per policy (they compile regexes and the surname list).
pub struct PersonalDataScanner {
    detector: Detector,
}

impl std::fmt::Debug for PersonalDataScanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonalDataScanner")
    }
}

impl PersonalDataScanner {
    pub fn new(policy: &Policy) -> PersonalDataScanner {
        let surnames: Vec<&str> = policy.lists.surnames.iter().map(String::as_str).collect();
        PersonalDataScanner {
            detector: Detector::new(&surnames),
        }
    }

    pub fn scan(&self, text: &str) -> Vec<PiiMatch> {
        self.detector.scan(text)
    }
}

/// How deep attached messages inside attached messages are read.
const MAX_ATTACHED_MESSAGE_DEPTH: usize = 3;

pub fn run(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let scope = ctx.policy.settings.personal_data.record_scope;
    scan_place(
        ctx,
        &ctx.draft.subject,
        &Location::Subject,
        "件名",
        None,
        RecordScope::Line,
        out,
    );
    scan_place(
        ctx,
        &ctx.body,
        &Location::Body,
        "本文",
        Some(&ctx.regions),
        scope,
        out,
    );
    for (a, extracted) in ctx.draft.attachments.iter().zip(&ctx.extracted) {
        match extracted {
            // The sender's own card (Thunderbird's "attach my vCard") is their
            // signature as a file: nobody else's data, nothing to report.
            Some(_) if is_senders_card(ctx, a) => {}
            Some(extracted) => scan_extracted(ctx, extracted, &[], out),
            None if super::is_attached_message(a) => scan_attached_message(ctx, a, &[], 0, out),
            None => {}
        }
    }
}

/// What was read inside an attachment: text parts with the body's record rules, table
/// parts (CSV rows, sheets, Word tables) row by row, as tab-separated lines so the
/// detectors take the header row as the label of each column.
/// Whether an attachment is a vCard whose e-mail is the sender's own address.
fn is_senders_card(ctx: &Context<'_>, a: &Attachment) -> bool {
    let name = a.name.to_ascii_lowercase();
    let card = name.ends_with(".vcf")
        || name.ends_with(".vcard")
        || a.content_type.starts_with("text/vcard")
        || a.content_type.starts_with("text/x-vcard")
        || a.content_type.starts_with("text/directory");
    let Some(from) = ctx.draft.from.as_ref().filter(|_| card) else {
        return false;
    };
    let sender = from.address.trim().to_ascii_lowercase();
    !sender.is_empty()
        && String::from_utf8_lossy(&a.data).lines().any(|line| {
            let lower = line.to_ascii_lowercase();
            (lower.starts_with("email") || lower.starts_with("item1.email"))
                && lower.contains(sender.as_str())
        })
}

/// The text and tables read inside an attachment.
///
/// `outer` names the attached mails this attachment sits in (empty at the top).
fn scan_extracted(
    ctx: &Context<'_>,
    extracted: &Extracted,
    outer: &[String],
    out: &mut Vec<Finding>,
) {
    let scope = ctx.policy.settings.personal_data.record_scope;
    for part in &extracted.parts {
        // "顧客.xlsx#Sheet1" → location "attachment:顧客.xlsx", the sheet in the message.
        // The sheet, table or slide follows the file's own path (whose names may hold `#`).
        let inner = part
            .path
            .strip_prefix(part.members.join("/").as_str())
            .and_then(|rest| rest.strip_prefix('#'));
        let location = Location::attachment(outer.iter().chain(&part.members).cloned());
        let path = shown_path(&location);
        let where_ja = match inner {
            Some(inner) => format!("添付ファイル {path}（{inner}）"),
            None => format!("添付ファイル {path} "),
        };
        match &part.content {
            Content::Text(text) => scan_place(ctx, text, &location, &where_ja, None, scope, out),
            Content::Table { rows, .. } => {
                let text = table_text(rows);
                scan_place(
                    ctx,
                    &text,
                    &location,
                    &where_ja,
                    None,
                    RecordScope::Line,
                    out,
                );
            }
        }
    }
}

/// Rows as tab-separated lines (tabs and line breaks inside cells become spaces).
fn table_text(rows: &[Vec<String>]) -> String {
    let mut text = String::new();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            text.extend(cell.chars().map(|c| {
                if matches!(c, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    c
                }
            }));
        }
        text.push('\n');
    }
    text
}

/// An attached mail: its subject and body (with its own signature and quotes), and its
/// attachments, up to [`MAX_ATTACHED_MESSAGE_DEPTH`] levels.
fn scan_attached_message(
    ctx: &Context<'_>,
    a: &Attachment,
    outer: &[String],
    depth: usize,
    out: &mut Vec<Finding>,
) {
    if depth >= MAX_ATTACHED_MESSAGE_DEPTH {
        return;
    }
    let scope = ctx.policy.settings.personal_data.record_scope;
    let names: Vec<String> = outer.iter().chain([&a.name]).cloned().collect();
    let location = Location::attachment(names.iter().cloned());
    let path = shown_path(&location);
    let where_ja = format!("添付ファイル {path} ");
    let inner = crate::mime::parse_eml(&a.data);
    let text = format!("{}\n{}", inner.subject, inner.readable_body());
    // The attached mail reaches someone new: its quotes are forwarded text, and only
    // its writer's business signature is set apart.
    let is_freemail = |d: &str| ctx.policy.lists.is_freemail(d);
    let writer = inner.from.as_ref().map(|m| m.address.to_ascii_lowercase());
    let marks = Marks::of_writer(writer.as_deref(), &is_freemail).unwrap_or_else(Marks::nobody);
    let mode = if inner.compose_type == crate::draft::ComposeType::New {
        QuoteMode::New
    } else {
        QuoteMode::Forward
    };
    let regions = Regions::classify(&text, &marks, mode, &is_freemail);
    scan_place(ctx, &text, &location, &where_ja, Some(&regions), scope, out);
    let limits = ctx.policy.settings.attachments.clone();
    for inner_attachment in &inner.attachments {
        if super::is_attached_message(inner_attachment) {
            scan_attached_message(ctx, inner_attachment, &names, depth + 1, out);
        } else {
            let extracted = sendguard_extract::extract_with(
                &inner_attachment.name,
                &inner_attachment.data,
                &limits,
                ctx.isolation,
            );
            scan_extracted(ctx, &extracted, &names, out);
        }
    }
}

/// One match with where it stands.
struct Placed {
    m: PiiMatch,
    /// In a reply's quote or a signature: not disclosed now.
    hidden: bool,
    /// The start of the signature block it stands in: never part of a record.
    signature: Option<usize>,
    /// In a forwarded private writer's closing block: one person's item, labelled or not.
    details: bool,
    line: usize,
    paragraph: usize,
    /// On a line labelled as an organisation's (会場, 本社, 代表…), or under such a
    /// heading: not a person's record.
    business: bool,
    /// The label is on the item's own line.
    business_line: bool,
    /// A bank account in an organisation's name (口座名義 カ）サクラシステム).
    corporate: bool,
}

/// An attachment location as people read it: the names joined with `/`.
fn shown_path(location: &Location) -> String {
    location.attachment_path().unwrap_or_default().join("/")
}

fn scan_place(
    ctx: &Context<'_>,
    text: &str,
    location: &Location,
    where_ja: &str,
    regions: Option<&Regions>,
    scope: RecordScope,
    out: &mut Vec<Finding>,
) {
    if text.trim().is_empty() {
        return;
    }
    let matches = ctx.scanner.scan(text);
    if matches.is_empty() {
        return;
    }
    let lines = UnitIndex::new(text, RecordScope::Line);
    let paragraphs = UnitIndex::new(text, RecordScope::Paragraph);
    // Whether a line holds a business label / corporate marker, computed once per line
    // (the label may stand on the line before, as a table cell 「会場」 above the address
    // once HTML is turned into text; a 口座名義 on the line after the account).
    let mut business_cache: HashMap<usize, bool> = HashMap::new();
    let mut heading_cache: HashMap<usize, usize> = HashMap::new();
    let mut corporate_cache: HashMap<usize, bool> = HashMap::new();
    let line_has = |cache: &mut HashMap<usize, bool>, list: &PhraseList, line: usize| {
        *cache
            .entry(line)
            .or_insert_with(|| has_phrase(list, lines.text_of(text, line)))
    };
    // Lines naming a person: a company name on such a line does not make it the
    // company's (「山田様（株式会社ABC） 090-…」).
    let person_lines: BTreeSet<usize> = matches
        .iter()
        .filter(|m| m.kind == PiiType::PersonName)
        .map(|m| lines.unit_of(m.range.start))
        .collect();
    let mut placed: Vec<Placed> = matches
        .into_iter()
        .map(|m| {
            let region = regions.and_then(|r| r.span_at(m.range.start));
            let hidden = region.as_ref().is_some_and(|(_, kind)| kind.is_hidden());
            let details = region
                .as_ref()
                .is_some_and(|(_, kind)| *kind == RegionKind::WriterDetails);
            let signature = region
                .filter(|(_, kind)| *kind == RegionKind::Signature)
                .map(|(range, _)| range.start);
            let line = lines.unit_of(m.range.start);
            let paragraph = paragraphs.unit_of(m.range.start);
            // A company's name with its address and phone on one line (a newsletter
            // footer, an HTML layout flattened to one line) is the company's.
            let business_line = line_has(&mut business_cache, &ctx.phrases.business_labels, line)
                || (!person_lines.contains(&line)
                    && line_has(&mut corporate_cache, &ctx.phrases.corporate, line));
            let business = business_line
                || under_business_heading(&lines, &paragraphs, line, |l| {
                    *heading_cache.entry(l).or_insert_with(|| {
                        business_block_reach(ctx.phrases, lines.text_of(text, l))
                    })
                });
            // The holder (口座名義) may stand a few lines below, after the other accounts
            // of an invoice's 振込先 block.
            let corporate = m.kind == PiiType::BankAccount
                && (line_has(&mut corporate_cache, &ctx.phrases.corporate, line)
                    || line_has(&mut corporate_cache, &ctx.phrases.corporate, line + 1)
                    || (2..=HOLDER_REACH).any(|below| {
                        let l = line + below;
                        paragraphs.unit_of(lines.start_of(l)) == paragraph
                            && lines.text_of(text, l).contains("名義")
                            && line_has(&mut corporate_cache, &ctx.phrases.corporate, l)
                    }));
            Placed {
                m,
                hidden,
                signature,
                details,
                line,
                paragraph,
                business,
                business_line,
                corporate,
            }
        })
        .collect();
    let settings = &ctx.policy.settings.personal_data;
    same_account_same_holder(text, &mut placed);
    unmask_false_signatures(&mut placed, settings.record_min_items);

    // One finding per (type, weak, corporate).
    let mut groups: BTreeMap<(PiiType, bool, bool), Vec<&Placed>> = BTreeMap::new();
    for p in &placed {
        groups
            .entry((p.m.kind, p.m.weak, p.corporate))
            .or_default()
            .push(p);
    }
    for ((kind, weak, corporate), items) in groups {
        let visible: Vec<&&Placed> = items.iter().filter(|p| !p.hidden).collect();
        // A corporate account is the organisation's, not a person's: shown, not ticked.
        let base = type_level(ctx.policy, kind, weak || corporate);
        let (level, shown, only_hidden) = if visible.is_empty() {
            (
                base.at_most(settings.signature_or_quote),
                items.iter().collect::<Vec<_>>(),
                true,
            )
        } else {
            (base, visible, false)
        };
        let mut message = if corporate {
            format!("法人名義と思われる銀行口座番号が{where_ja}にあります")
        } else if weak && kind == PiiType::MyNumber {
            format!(
                "マイナンバーの検査数字に合う 12 桁の番号が{where_ja}にあります（ラベルがなく、注文番号などの可能性もあります）"
            )
        } else {
            format!(
                "{}と思われる情報が{where_ja}に含まれています",
                kind.label_ja()
            )
        };
        if only_hidden {
            message.push_str("（署名または引用部分のみ）");
        }
        if let Some(mut f) = ctx.finding(CheckId::PersonalData, level, location.clone(), message) {
            f.kind = Some(FindingType::Pii(kind));
            f.count = shown.len() as u64;
            f.evidence = Some(evidence(shown.iter().map(|p| &p.m)));
            out.push(f);
        }
    }

    record_finding(ctx, &placed, scope, location, where_ja, out);
}

/// An account number written twice (a table, then a summary line) has one holder: when
/// one mention is a company's, so are the others.
fn same_account_same_holder(text: &str, placed: &mut [Placed]) {
    let digits = |p: &Placed| -> String {
        text.get(p.m.range.clone())
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    let corporate: BTreeSet<String> = placed
        .iter()
        .filter(|p| p.m.kind == PiiType::BankAccount && p.corporate)
        .map(digits)
        .filter(|d| !d.is_empty())
        .collect();
    if corporate.is_empty() {
        return;
    }
    for p in placed.iter_mut() {
        if p.m.kind == PiiType::BankAccount && !p.corporate && corporate.contains(&digits(p)) {
            p.corporate = true;
        }
    }
}

/// A signature holds one writer's business contacts. A block under a name line that
/// holds an ID number, a birth date, a labelled person's name or several people's
/// records is someone's data, not a signature: it is scored as the text around it.
fn unmask_false_signatures(placed: &mut [Placed], min_items: usize) {
    let mut blocks: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in placed.iter().enumerate() {
        if let Some(start) = p.signature {
            blocks.entry(start).or_default().push(i);
        }
    }
    for members in blocks.values() {
        let sensitive = members.iter().any(|&i| {
            let p = &placed[i];
            match p.m.kind {
                PiiType::MyNumber => !p.m.weak,
                PiiType::BankAccount => !p.corporate,
                PiiType::PersonName => p.m.labelled,
                PiiType::CreditCard
                | PiiType::DriversLicense
                | PiiType::Passport
                | PiiType::ResidenceCard
                | PiiType::PensionNumber
                | PiiType::HealthInsurance
                | PiiType::BirthDate => true,
                _ => false,
            }
        });
        let mut per_line: BTreeMap<usize, BTreeSet<PiiType>> = BTreeMap::new();
        for &i in members {
            let p = &placed[i];
            // Only a label on the line itself clears it here: in a block that names the
            // company at its top, everything below would be "under a heading".
            if let Some(item) = record_item(p.m.kind).filter(|_| !p.business_line && !p.m.weak) {
                per_line.entry(p.line).or_default().insert(item);
            }
        }
        let record_lines = per_line.values().filter(|k| k.len() >= min_items).count();
        if sensitive || record_lines >= 2 {
            for &i in members {
                placed[i].hidden = false;
                placed[i].signature = None;
            }
        }
    }
}

/// Lines a business heading reaches down.
const HEADING_REACH: usize = 3;

/// Lines below a bank account where its holder (口座名義) may stand.
const HOLDER_REACH: usize = 4;

/// Lines of a block under a short heading that names a place of business (「■本社」,
/// 「【大阪支店】」, a table cell 「会場」 above the address once HTML is turned into
/// text) belong to it: its 〒, address and TEL lines are the organisation's, not a
/// person's. A sentence that mentions 問い合わせ is not such a heading.
fn under_business_heading(
    lines: &UnitIndex,
    paragraphs: &UnitIndex,
    line: usize,
    mut reach_of: impl FnMut(usize) -> usize,
) -> bool {
    let paragraph = paragraphs.unit_of(lines.start_of(line));
    (1..=HEADING_REACH).any(|back| {
        line >= back && {
            let heading = line - back;
            paragraphs.unit_of(lines.start_of(heading)) == paragraph && reach_of(heading) >= back
        }
    })
}

/// How many lines below a line belong to an organisation's block it opens (0: none).
/// A business label at the start (「会場：名古屋国際会議場」, 「■本社」, 「【お問い合わせ先】」)
/// or a short heading holding one (「■名古屋営業所」) opens a block of
/// [`HEADING_REACH`] lines; an organisation's name line in an address block
/// (「東和商事株式会社 厚木物流センター 入荷係」 over its TEL) covers the next line only, so
/// a list typed under the company's name is still read. Never a sentence
/// (「下記のお客様より問い合わせがありました。」) or a form field (「勤務先：株式会社…」).
fn business_block_reach(phrases: &super::Phrases, line: &str) -> usize {
    if crate::text::regions::is_prose(line) {
        return 0;
    }
    let folded = fold(line);
    let rest = folded.trim_start_matches(|c: char| {
        c.is_whitespace() || "■□◆◇●○◎▼▽▲△★☆・※【〔［[<＜《(（-*#".contains(c)
    });
    let hits = phrases.business_labels.find_all_folded(rest);
    if !hits.is_empty() && (hits.iter().any(|h| h.start == 0) || is_short_heading(line)) {
        return HEADING_REACH;
    }
    usize::from(!rest.contains([':', '：']) && !phrases.corporate.find_all_folded(rest).is_empty())
}

/// A short line with no number that is not a sentence.
fn is_short_heading(line: &str) -> bool {
    let t = line.trim();
    t.chars().count() <= 20
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && !crate::text::regions::is_prose(t)
}

fn has_phrase(list: &PhraseList, text: &str) -> bool {
    !text.is_empty() && !list.find_all(text).is_empty()
}

/// The level of one type, from policy.
fn type_level(policy: &Policy, kind: PiiType, weak: bool) -> Level {
    let settings = &policy.settings.personal_data;
    if weak {
        return if kind == PiiType::MyNumber {
            settings.unlabelled_my_number
        } else {
            Level::Info
        };
    }
    settings
        .severity
        .get(kind.as_str())
        .copied()
        .unwrap_or(Level::Info)
}

/// At most three masked excerpts.
fn evidence<'m>(matches: impl Iterator<Item = &'m PiiMatch>) -> String {
    let mut shown: Vec<&str> = Vec::new();
    for m in matches {
        if !shown.contains(&m.evidence.as_str()) {
            shown.push(&m.evidence);
        }
        if shown.len() == 3 {
            break;
        }
    }
    shown.join(" / ")
}

/// The kind a match counts as when deciding whether a unit is one person's record: a
/// postal code belongs to the address, a corporate number is about a company.
fn record_item(kind: PiiType) -> Option<PiiType> {
    match kind {
        PiiType::CorporateNumber => None,
        PiiType::PostalCode => Some(PiiType::Address),
        other => Some(other),
    }
}

/// The items of one unit (line or paragraph) and whether all of them are hidden.
#[derive(Default)]
struct Unit {
    kinds: BTreeSet<PiiType>,
    hidden: bool,
    any: bool,
}

impl Unit {
    fn add(&mut self, kind: PiiType, hidden: bool) {
        self.kinds.insert(kind);
        self.hidden = if self.any {
            self.hidden && hidden
        } else {
            hidden
        };
        self.any = true;
    }
}

/// Records: every line with enough items about one person is one record (a list, one
/// person per line or row). With `paragraph` scope, a paragraph none of whose lines is a
/// record, but which holds enough items together, is one record too (a block such as
/// 「氏名: …」「住所: …」「電話: …」 on separate lines).
fn record_finding(
    ctx: &Context<'_>,
    placed: &[Placed],
    scope: RecordScope,
    location: &Location,
    where_ja: &str,
    out: &mut Vec<Finding>,
) {
    let settings = &ctx.policy.settings.personal_data;
    let min = settings.record_min_items;
    // Units are keyed by (index, hidden) so the sender's signature never completes a
    // record with the text above it.
    let mut lines: BTreeMap<(usize, bool), (Unit, usize)> = BTreeMap::new();
    let mut paragraphs: BTreeMap<(usize, bool), Unit> = BTreeMap::new();
    for p in placed
        .iter()
        .filter(|p| !p.m.weak && !p.business && !p.corporate && p.signature.is_none())
    {
        let Some(item) = record_item(p.m.kind) else {
            continue;
        };
        let line = lines
            .entry((p.line, p.hidden))
            .or_insert_with(|| (Unit::default(), p.paragraph));
        line.0.add(item, p.hidden);
        // Across lines only labelled items count (氏名: … / 住所: … / 電話: …), so a
        // name in one sentence and a phone number in another are not one person; in a
        // private writer's closing block every item is that writer's.
        if p.m.labelled || p.details {
            paragraphs
                .entry((p.paragraph, p.hidden))
                .or_default()
                .add(item, p.hidden);
        }
    }
    let mut records: Vec<(BTreeSet<PiiType>, bool)> = Vec::new();
    let mut paragraphs_with_line_records = BTreeSet::new();
    for ((_, hidden), (unit, paragraph)) in lines {
        if unit.kinds.len() >= min {
            paragraphs_with_line_records.insert((paragraph, hidden));
            records.push((unit.kinds, unit.hidden));
        }
    }
    if scope == RecordScope::Paragraph {
        for (key, unit) in paragraphs {
            if unit.kinds.len() >= min && !paragraphs_with_line_records.contains(&key) {
                records.push((unit.kinds, unit.hidden));
            }
        }
    }
    if records.is_empty() {
        return;
    }
    let all_hidden = records.iter().all(|(_, hidden)| *hidden);
    let visible_count = records.iter().filter(|(_, hidden)| !hidden).count();
    let count = if all_hidden {
        records.len()
    } else {
        visible_count
    };
    // Name the items of the records the finding counts (the visible ones, unless all
    // are in the signature or quotes).
    let kinds: BTreeSet<PiiType> = records
        .iter()
        .filter(|(_, hidden)| all_hidden || !hidden)
        .flat_map(|(k, _)| k.iter().copied())
        .collect();
    let mut kinds: Vec<PiiType> = kinds.into_iter().collect();
    kinds.sort_by_key(|k| record_order(*k));
    let names: Vec<&str> = kinds.iter().map(|k| short_label(*k)).collect();
    let level = if all_hidden {
        settings.record.at_most(settings.signature_or_quote)
    } else {
        settings.record
    };
    let mut message = format!(
        "{where_ja}に {} 人分の個人データ（{}）があります。個人を特定できる情報です",
        group_digits(count as u64),
        names.join("・")
    );
    if all_hidden {
        message.push_str("（署名または引用部分のみ）");
    }
    if let Some(mut f) = ctx.finding(CheckId::PersonalData, level, location.clone(), message) {
        f.kind = Some(FindingType::Record);
        f.count = count as u64;
        f.items = kinds;
        out.push(f);
    }
}

/// The order items are named in a record summary: who, where, how to reach, then the rest.
fn record_order(kind: PiiType) -> usize {
    const ORDER: [PiiType; 5] = [
        PiiType::PersonName,
        PiiType::Address,
        PiiType::PhoneNumber,
        PiiType::BirthDate,
        PiiType::EmailAddress,
    ];
    ORDER.iter().position(|k| *k == kind).unwrap_or(ORDER.len())
}

/// Short Japanese names for record summaries (「氏名・住所・電話番号」).
fn short_label(kind: PiiType) -> &'static str {
    match kind {
        PiiType::PersonName => "氏名",
        PiiType::Address | PiiType::PostalCode => "住所",
        PiiType::PhoneNumber => "電話番号",
        PiiType::BirthDate => "生年月日",
        PiiType::EmailAddress => "メールアドレス",
        PiiType::MyNumber => "マイナンバー",
        PiiType::BankAccount => "口座番号",
        PiiType::CreditCard => "カード番号",
        PiiType::DriversLicense => "免許証番号",
        PiiType::Passport => "旅券番号",
        PiiType::ResidenceCard => "在留カード番号",
        PiiType::PensionNumber => "年金番号",
        PiiType::HealthInsurance => "保険証番号",
        PiiType::CorporateNumber => "法人番号",
    }
}

/// 1204 → "1,204".
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Maps a byte offset to its record unit (line or paragraph number).
struct UnitIndex {
    /// Start offset of each unit, ascending.
    starts: Vec<usize>,
}

impl UnitIndex {
    fn new(text: &str, scope: RecordScope) -> UnitIndex {
        let mut starts = vec![0];
        let mut offset = 0;
        let mut previous_blank = false;
        for line in text.split_inclusive('\n') {
            let blank = line.trim().is_empty();
            match scope {
                RecordScope::Line => {
                    if offset > 0 {
                        starts.push(offset);
                    }
                }
                RecordScope::Paragraph => {
                    if offset > 0 && previous_blank && !blank {
                        starts.push(offset);
                    }
                }
            }
            previous_blank = blank;
            offset += line.len();
        }
        UnitIndex { starts }
    }

    fn unit_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The start offset of a unit (the end of the text past the end: 0 when empty).
    fn start_of(&self, unit: usize) -> usize {
        self.starts
            .get(unit)
            .or(self.starts.last())
            .copied()
            .unwrap_or(0)
    }

    /// The text of a unit (empty past the end).
    fn text_of<'t>(&self, text: &'t str, unit: usize) -> &'t str {
        let Some(&start) = self.starts.get(unit) else {
            return "";
        };
        let end = self.starts.get(unit + 1).copied().unwrap_or(text.len());
        text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1204), "1,204");
        assert_eq!(group_digits(1234567), "1,234,567");
    }

    #[test]
    fn units() {
        let text = "a\nb\n\nc\n";
        let lines = UnitIndex::new(text, RecordScope::Line);
        assert_eq!([0, 2, 4, 5].map(|o| lines.unit_of(o)), [0, 1, 2, 3]);
        let paragraphs = UnitIndex::new(text, RecordScope::Paragraph);
        assert_eq!([0, 2, 5].map(|o| paragraphs.unit_of(o)), [0, 0, 1]);
    }
}
