// The confirmation dialog's logic, free of the DOM: it turns a pending check into
// the sections the person sees (most dangerous first), decides which boxes must be
// ticked, whether Send or the one-click BCC fix may be pressed, and which `changes`
// go back to the backend. The view only renders this; the unit tests pin it down.
import { ja } from '../i18n/ja';
import type { Attachment, Changes, Finding, PendingCheck, Recipient, Replacement, Severity } from '../ipc/types';

export type { PartyRow };
import { attachmentOfFinding, countText, humanSize, locationLabel, partyRows, recordItemLabels, type PartyRow } from '../lib/format';
import { companyForGroup } from './company';

/** An item becomes moot (no longer needs a tick) when what it is about leaves the mail. */
export interface Deps {
  /** moot when every one of these addresses was removed */
  recipients?: string[];
  /** moot when this attachment was removed */
  attachment?: string;
}

export interface Requirement {
  key: string;
  deps: Deps;
  /** the one-click BCC fix makes this box unnecessary */
  waivedByBcc: boolean;
}

export interface AlertItem {
  key: string;
  check: string;
  severity: Severity;
  blocked: boolean;
  message: string;
  evidence?: string;
  ack: string;
  isBcc: boolean;
}

/**
 * A history finding that the mail is meant for someone else (`recipient_mismatch`,
 * `attachment_for_other_party`): shown first, with the evidence side by side and, when
 * the history knows the right address and the client can apply it, the one-click
 * replacement.
 */
export interface MismatchCard {
  key: string;
  check: string;
  severity: Severity;
  blocked: boolean;
  message: string;
  parties: PartyRow[];
  /** 「宛先を <to> に替えて送信」: present exactly when the finding has a suggestion */
  replace: Replacement | null;
  ack: string;
}

export interface RecipientTag {
  check: string;
  label: string;
  severity: Severity;
}

export interface RecipientRow {
  key: string;
  recipient: Recipient;
  address: string;
  tags: RecipientTag[];
  required: boolean;
}

export interface DomainGroup {
  domain: string;
  company: string | null;
  freemail: boolean;
  danger: boolean;
  rows: RecipientRow[];
}

export interface PersonalItem {
  key: string;
  typeLabel: string;
  detail: string;
  message: string;
  severity: Severity;
}

export interface AttachmentRow {
  key: string;
  name: string;
  sizeText: string;
  encrypted: boolean;
  hasPersonalData: boolean;
  notes: string[];
  /** its name names an organisation none of the recipients belongs to */
  otherParty: boolean;
  severity: Severity | null;
  required: boolean;
}

export interface InfoLine {
  check: string;
  message: string;
  evidence?: string;
}

export interface DialogModel {
  id: number;
  subject: string;
  queued: number;
  countdownSecs: number;
  client?: string;
  blocked: boolean;
  blockReasons: string[];
  /** the wrong-party cards, shown above everything else */
  mismatches: MismatchCard[];
  alerts: AlertItem[];
  hasBccSuggestion: boolean;
  externalGroups: DomainGroup[];
  externalPeople: number;
  internal: { key: string; recipients: Recipient[] } | null;
  personal: PersonalItem[];
  attachments: AttachmentRow[];
  infos: InfoLine[];
  requirements: Requirement[];
  /** every address of the mail, lower-cased, to know when none is left */
  allAddresses: string[];
}

/** What the person has done so far in the dialog. */
export interface DialogState {
  ticked: ReadonlySet<string>;
  removedRecipients: ReadonlySet<string>;
  removedAttachments: ReadonlySet<string>;
  elapsedSecs: number;
}

export const INTERNAL_KEY = 'internal';

/** History findings that the mail is meant for someone else: cards of their own, first. */
export const MISMATCH_CHECKS = ['recipient_mismatch', 'attachment_for_other_party'];

/** Checks that have their own section (rows or cards) instead of an alert line. */
const OWN_SECTION = new Set(['external_recipient', 'attachment', 'personal_data', ...MISMATCH_CHECKS]);

/** Order of alerts of equal severity: the most deceptive first. */
const ALERT_PRIORITY = [
  'reply_redirected',
  'display_name_spoof',
  'lookalike_domain',
  'new_domain_on_reply',
  'unusual_recipient',
  'first_time_recipient',
  'encrypted_attachment',
  'bcc_suggested',
  'freemail_recipient',
  'confidential_keyword',
  'missing_attachment',
];

const SEVERITY_RANK: Record<Severity, number> = { danger: 0, warning: 1, info: 2 };

const needsTick = (f: Finding) => f.severity === 'warning' || f.severity === 'danger' || f.blocked === true;
const lower = (s: string) => s.toLowerCase();

export function emptyState(): DialogState {
  return { ticked: new Set(), removedRecipients: new Set(), removedAttachments: new Set(), elapsedSecs: 0 };
}

/** Derive everything the dialog shows from the backend's pending check. */
export function buildModel(pending: PendingCheck): DialogModel {
  const report = pending.report;
  const findings = report.findings ?? [];
  const recipients = report.recipients ?? [];
  const attachments = report.attachments ?? [];
  const attachmentNames = attachments.map((a) => a.name);
  const requirements: Requirement[] = [];

  const findingsAbout = (address: string) =>
    findings.filter((f) => f.subject_of && lower(f.subject_of) === lower(address));
  const findingAttachment = (f: Finding): string | null =>
    attachmentOfFinding(f, attachmentNames) ??
    (f.subject_of && attachmentNames.includes(f.subject_of) ? f.subject_of : null);
  const depsOf = (f: Finding): Deps => {
    const att = findingAttachment(f);
    if (att) return { attachment: att };
    if (f.subject_of && recipients.some((r) => lower(r.address) === lower(f.subject_of!))) {
      return { recipients: [lower(f.subject_of)] };
    }
    return {};
  };

  // ---- the wrong party: a card per finding, above everything else ----
  const mismatches: MismatchCard[] = findings
    .map((f, index) => ({ f, index }))
    .filter(({ f }) => needsTick(f) && MISMATCH_CHECKS.includes(f.check))
    .sort((a, b) =>
      Number(b.f.blocked === true) - Number(a.f.blocked === true) ||
      SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] ||
      MISMATCH_CHECKS.indexOf(a.f.check) - MISMATCH_CHECKS.indexOf(b.f.check) ||
      a.index - b.index)
    .map(({ f, index }) => {
      const key = `f:${index}`;
      requirements.push({ key, deps: depsOf(f), waivedByBcc: false });
      // Offered only for a recipient of this mail (the hook leaves `suggestion` out for
      // a client that cannot apply a replacement).
      const from = f.subject_of && recipients.find((r) => lower(r.address) === lower(f.subject_of!))?.address;
      return {
        key,
        check: f.check,
        severity: f.severity,
        blocked: f.blocked === true,
        message: f.message,
        parties: partyRows(f),
        replace: f.suggestion && from ? { from, to: f.suggestion } : null,
        ack: ja.dialog.ack[f.check] ?? ja.dialog.ack.default,
      };
    });

  // ---- alerts: every risky finding without a row of its own ----
  const alerts: AlertItem[] = findings
    .map((f, index) => ({ f, index }))
    .filter(({ f }) => needsTick(f) && !OWN_SECTION.has(f.check))
    .sort((a, b) => {
      const blocked = Number(b.f.blocked === true) - Number(a.f.blocked === true);
      if (blocked) return blocked;
      const sev = SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity];
      if (sev) return sev;
      const pa = ALERT_PRIORITY.indexOf(a.f.check);
      const pb = ALERT_PRIORITY.indexOf(b.f.check);
      const prio = (pa < 0 ? 99 : pa) - (pb < 0 ? 99 : pb);
      return prio || a.index - b.index;
    })
    .map(({ f, index }) => {
      const key = `f:${index}`;
      const isBcc = f.check === 'bcc_suggested';
      requirements.push({ key, deps: depsOf(f), waivedByBcc: isBcc });
      return {
        key,
        check: f.check,
        severity: f.severity,
        blocked: f.blocked === true,
        message: f.message,
        evidence: f.evidence && f.check !== 'lookalike_domain' ? f.evidence : undefined,
        ack: ja.dialog.ack[f.check] ?? ja.dialog.ack.default,
        isBcc,
      };
    });

  // ---- recipients ----
  const external = recipients.filter((r) => r.external);
  const groups = new Map<string, Recipient[]>();
  for (const r of external) {
    const d = lower(r.domain);
    groups.set(d, [...(groups.get(d) ?? []), r]);
  }
  const externalGroups: DomainGroup[] = [...groups.entries()].map(([domain, rs]) => {
    const freemail = rs.some((r) => r.freemail);
    const rows = rs.map((r): RecipientRow => {
      const about = findingsAbout(r.address);
      const tags: RecipientTag[] = about
        .filter((f) => ja.dialog.recipientTags[f.check] && f.severity !== 'info')
        .map((f) => ({ check: f.check, label: ja.dialog.recipientTags[f.check], severity: f.severity }))
        .filter((t, i, all) => all.findIndex((u) => u.check === t.check) === i);
      // every outside recipient is a box, unless policy lowered all its findings to info
      const required = about.length === 0 || about.some(needsTick);
      const key = `r:${r.field}:${lower(r.address)}`;
      if (required) {
        requirements.push({
          key,
          deps: { recipients: [lower(r.address)] },
          waivedByBcc: r.field === 'to' || r.field === 'cc',
        });
      }
      return { key, recipient: r, address: r.address, tags, required };
    });
    const danger = rows.some((row) => row.tags.some((t) => t.severity === 'danger'));
    return {
      domain,
      // The name is guessed from display names, which the sender of a spoofed mail
      // controls: next to a look-alike domain it would vouch for the fake.
      company: freemail || danger ? null : companyForGroup(rs),
      freemail,
      danger,
      rows,
    };
  });
  // dangerous companies first, then the larger groups, then by domain name
  externalGroups.sort(
    (a, b) => Number(b.danger) - Number(a.danger) || Number(a.freemail) - Number(b.freemail) || a.domain.localeCompare(b.domain),
  );

  const internalRecipients = recipients.filter((r) => !r.external);
  const internal = internalRecipients.length > 0 ? { key: INTERNAL_KEY, recipients: internalRecipients } : null;
  if (internal) {
    requirements.push({
      key: INTERNAL_KEY,
      deps: { recipients: internalRecipients.map((r) => lower(r.address)) },
      waivedByBcc: false,
    });
  }

  // ---- personal data ----
  const personal: PersonalItem[] = [];
  findings.forEach((f, index) => {
    if (f.check !== 'personal_data' || !needsTick(f)) return;
    const key = `f:${index}`;
    requirements.push({ key, deps: depsOf(f), waivedByBcc: false });
    personal.push({
      key,
      typeLabel: ja.personalTypes[f.type ?? ''] ?? f.type ?? ja.checks.personal_data,
      detail: personalDetail(f),
      message: f.message,
      severity: f.severity,
    });
  });
  personal.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  // ---- attachments ----
  const attachmentRows: AttachmentRow[] = attachments.map((a: Attachment, index) => {
    const about = findings.filter((f) => findingAttachment(f) === a.name);
    const encrypted = about.some((f) => f.check === 'encrypted_attachment');
    const own = about.filter((f) => f.check === 'attachment');
    const risky = about.filter(needsTick);
    const required = own.length === 0 ? risky.length > 0 : own.some(needsTick) || risky.length > 0;
    const severity = about.reduce<Severity | null>(
      (worst, f) => (worst === null || SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst] ? f.severity : worst),
      null,
    );
    const notes: string[] = [];
    if (encrypted) notes.push(ja.dialog.encrypted);
    for (const f of own) notes.push(...(f.notes ?? []));
    const key = `a:${index}`;
    if (required) requirements.push({ key, deps: { attachment: a.name }, waivedByBcc: false });
    return {
      key,
      name: a.name,
      sizeText: humanSize(a.size),
      encrypted,
      hasPersonalData: about.some((f) => f.check === 'personal_data' && needsTick(f)),
      notes,
      otherParty: about.some((f) => f.check === 'attachment_for_other_party' && needsTick(f)),
      severity,
      required,
    };
  });
  attachmentRows.sort((a, b) => Number(b.encrypted) - Number(a.encrypted));

  // ---- information only ----
  const infos: InfoLine[] = findings
    .filter((f) => !needsTick(f) && f.check !== 'external_recipient' && f.check !== 'attachment')
    .map((f) => ({ check: f.check, message: f.message, evidence: f.evidence }));

  const blocked = report.verdict === 'block';
  const flagged = findings.filter((f) => f.blocked);
  const blockReasons = (flagged.length > 0 ? flagged : findings.filter((f) => f.severity === 'danger')).map((f) => f.message);

  return {
    id: pending.id,
    subject: report.subject,
    queued: pending.queued,
    countdownSecs: Math.max(0, pending.countdown_secs || 0),
    client: pending.client,
    blocked,
    blockReasons,
    mismatches,
    alerts,
    hasBccSuggestion: findings.some((f) => f.check === 'bcc_suggested'),
    externalGroups,
    externalPeople: external.length,
    internal,
    personal,
    attachments: attachmentRows,
    infos,
    requirements,
    allAddresses: [...new Set(recipients.map((r) => lower(r.address)))],
  };
}

/** "顧客リスト.csv: 1,204件（氏名・住所・電話番号）" for records, "本文 1件「個人番号: ****9018」" otherwise. */
export function personalDetail(f: Finding): string {
  const where = locationLabel(f) || ja.locations.body;
  const count = countText(f.count ?? 1);
  if (f.type === 'record') {
    const items = recordItemLabels(f.items);
    return `${where}: ${count}${items.length ? `（${items.join('・')}）` : ''}`;
  }
  return `${where} ${count}${f.evidence ? `「${f.evidence}」` : ''}`;
}

// ---------------------------------------------------------------------------
// state → what may be pressed

function isMoot(req: Requirement, state: DialogState): boolean {
  if (req.deps.attachment && state.removedAttachments.has(req.deps.attachment)) return true;
  const rs = req.deps.recipients;
  return !!rs && rs.length > 0 && rs.every((a) => state.removedRecipients.has(a));
}

/** Keys of the boxes that still need a tick. */
export function pendingKeys(model: DialogModel, state: DialogState): string[] {
  return model.requirements.filter((r) => !isMoot(r, state) && !state.ticked.has(r.key)).map((r) => r.key);
}

/** Is this box still needed (not made moot by a removal)? */
export function isNeeded(model: DialogModel, state: DialogState, key: string): boolean {
  const req = model.requirements.find((r) => r.key === key);
  return !!req && !isMoot(req, state);
}

export type SendBlocker = 'blocked' | 'no_recipients' | 'unticked' | 'countdown' | null;

export interface SendStatus {
  enabled: boolean;
  /** boxes still to tick */
  remaining: number;
  /** whole seconds until the countdown allows sending */
  countdownLeft: number;
  blocker: SendBlocker;
}

function countdownLeft(model: DialogModel, state: DialogState): number {
  return Math.max(0, Math.ceil(model.countdownSecs - state.elapsedSecs - 1e-9));
}

function remainingRecipients(model: DialogModel, state: DialogState): number {
  return model.allAddresses.filter((a) => !state.removedRecipients.has(a)).length;
}

function status(model: DialogModel, state: DialogState, remaining: number): SendStatus {
  const left = countdownLeft(model, state);
  let blocker: SendBlocker = null;
  if (model.blocked) blocker = 'blocked';
  else if (remainingRecipients(model, state) === 0) blocker = 'no_recipients';
  else if (remaining > 0) blocker = 'unticked';
  else if (left > 0) blocker = 'countdown';
  return { enabled: blocker === null, remaining, countdownLeft: left, blocker };
}

/** May the person press Send (as the mail is, with the removals they chose)? */
export function sendStatus(model: DialogModel, state: DialogState): SendStatus {
  return status(model, state, pendingKeys(model, state).length);
}

/**
 * May the person press 「社外の宛先をBCCに移して送信」? The move makes the
 * BCC warning and the per-address ticks of outside To/Cc recipients unnecessary
 * (they no longer see each other, and it is a mail to many); every other box
 * (look-alike domains, personal data, attachments, internal recipients…) still
 * needs its tick, because moving to Bcc does not make those safe.
 */
export function bccStatus(model: DialogModel, state: DialogState): SendStatus & { available: boolean } {
  const waived = new Set(model.requirements.filter((r) => r.waivedByBcc).map((r) => r.key));
  const remaining = pendingKeys(model, state).filter((k) => !waived.has(k)).length;
  const s = status(model, state, remaining);
  const available = model.hasBccSuggestion && externalToCc(model, state).length > 0;
  return { ...s, enabled: s.enabled && available, available };
}

/** Outside To/Cc addresses still in the mail, in the order of the report. */
export function externalToCc(model: DialogModel, state: DialogState): string[] {
  const out: string[] = [];
  for (const g of model.externalGroups) {
    for (const row of g.rows) {
      const r = row.recipient;
      if ((r.field === 'to' || r.field === 'cc') && !state.removedRecipients.has(lower(r.address)) && !out.includes(r.address)) {
        out.push(r.address);
      }
    }
  }
  return out;
}

/**
 * May the person press 「宛先を <to> に替えて送信」 of `card`? The recipient it replaces
 * leaves the mail, so every box about that address alone (the card's own, the
 * recipient's row, other findings about it) is no longer needed, as if it were removed;
 * every other box still is: a right address does not make the attachments or the other
 * recipients safe. The mail keeps a recipient (the suggested one), whatever was removed.
 */
export function replaceStatus(model: DialogModel, state: DialogState, card: MismatchCard): SendStatus & { available: boolean } {
  const from = card.replace ? lower(card.replace.from) : null;
  const available = from !== null && !state.removedRecipients.has(from);
  const asRemoved: DialogState = from ? { ...state, removedRecipients: new Set([...state.removedRecipients, from]) } : state;
  const remaining = pendingKeys(model, asRemoved).length;
  const left = countdownLeft(model, state);
  let blocker: SendBlocker = null;
  if (model.blocked) blocker = 'blocked';
  else if (remaining > 0) blocker = 'unticked';
  else if (left > 0) blocker = 'countdown';
  return { enabled: available && blocker === null, remaining, countdownLeft: left, blocker, available };
}

/** Nothing changed: what a cancel sends. */
export function noChanges(): Changes {
  return { move_to_bcc: [], remove_recipients: [], remove_attachments: [], replace_recipients: [] };
}

/**
 * The `changes` of the decision: what the person removed, plus either every outside
 * To/Cc address moved to Bcc (the BCC fix) or one recipient replaced by the history's
 * suggestion (`replace`, the card's fix), never both.
 */
export function changesFor(model: DialogModel, state: DialogState, moveToBcc: boolean, replace: Replacement | null = null): Changes {
  const original = new Map<string, string>();
  for (const g of model.externalGroups) for (const row of g.rows) original.set(lower(row.address), row.address);
  for (const r of model.internal?.recipients ?? []) original.set(lower(r.address), r.address);
  return {
    move_to_bcc: moveToBcc && !replace ? externalToCc(model, state) : [],
    remove_recipients: [...state.removedRecipients].map((a) => original.get(a) ?? a),
    remove_attachments: [...state.removedAttachments],
    replace_recipients: replace ? [{ from: replace.from, to: replace.to }] : [],
  };
}

/** Count of companies (domains) among outside recipients. */
export function companyCount(model: DialogModel): number {
  return model.externalGroups.length;
}
