// Generated from the Rust types by src-tauri/src/typescript.rs (ts-rs). Do not edit:
// change the Rust type, then `SENDGUARD_BLESS=1 cargo test -p sendguard-app typescript`.
/* eslint-disable */

export type Severity = "info" | "warning" | "danger";

export type Verdict = "pass" | "confirm" | "block";

export type Field = "to" | "cc" | "bcc";

export type CheckId = "external_recipient" | "bcc_suggested" | "personal_data" | "attachment" | "encrypted_attachment" | "missing_attachment" | "confidential_keyword" | "lookalike_domain" | "freemail_recipient" | "display_name_spoof" | "reply_redirected" | "new_domain_on_reply" | "parse_warning" | "recipient_mismatch" | "attachment_for_other_party" | "unusual_recipient" | "first_time_recipient";

export type PiiType = "my_number" | "corporate_number" | "bank_account" | "credit_card" | "phone_number" | "postal_code" | "address" | "birth_date" | "drivers_license" | "passport" | "residence_card" | "pension_number" | "health_insurance" | "person_name" | "email_address";

export type PartyRole = "named" | "recipient" | "suggestion";

export type Party = { role: PartyRole, 
/**
 * The 宛名 as written, an address, or a file name.
 */
text: string, 
/**
 * The organisation names the history knows the address (or domain) by; for a named
 * party, the organisation it names.
 */
known_as?: Array<string>, 
/**
 * Learned sends to the address (0: never sent to).
 */
sends: number, };

export type Finding = { check: CheckId, type?: PiiType | "record", severity: Severity, location: string, 
/**
 * The exact names of an attachment location, outermost first.
 */
attachment_path?: Array<string>, count: number, evidence?: string, message: string, subject_of?: string, blocked?: boolean, items?: Array<PiiType>, notes?: Array<string>, suggestion?: string, parties?: Array<Party>, };

export type Recipient = { address: string, name?: string, field: Field, domain: string, external: boolean, 
/**
 * True for a free-mail / personal domain.
 */
freemail?: boolean, 
/**
 * The company the display name names (「ABC商事 中島 様」 → ABC商事), when it
 * obviously names one (policy lists `corporate-markers.txt`, `company-words.txt`).
 */
company?: string, };

export type Attachment = { name: string, size: number, content_type: string, };

export type Report = { source: string, subject: string, verdict: Verdict, recipients: Array<Recipient>, attachments: Array<Attachment>, findings: Array<Finding>, };

export type Replacement = { from: string, to: string, };

export type Changes = { 
/**
 * Addresses to move from To/Cc to Bcc.
 */
move_to_bcc: Array<string>, 
/**
 * Addresses to remove.
 */
remove_recipients: Array<string>, 
/**
 * Attachments to remove, by file name as the request gave it.
 */
remove_attachments: Array<string>, 
/**
 * Recipients to replace (the history's suggestion): `from` leaves every field it
 * is in, `to` takes its place. Sent only to a client that declared
 * `replace_recipients`.
 */
replace_recipients: Array<Replacement>, };

export type PendingCheck = { id: number, 
/**
 * The check with full addresses: the person must see where the mail goes.
 */
report: Report, 
/**
 * Other sends waiting behind this one.
 */
queued: number, 
/**
 * Seconds Send stays disabled after the dialog appears.
 */
countdown_secs: number, 
/**
 * Who asked, e.g. `thunderbird/128.5.0esr`.
 */
client: string, };

export type Decision = { id: number, send: boolean, 
/**
 * Seconds the dialog was in front of the person.
 */
seconds: number, changes: Changes, };

export type DecisionCode = "sent" | "sent_after_fix" | "cancelled" | "blocked" | "timed_out" | "checked" | "recalled";

export type ReviewStatus = "unreviewed" | "reviewed" | "resolved";

export type Category = "mail" | "fax" | "loss" | "disposal" | "handover" | "other";

export type Review = { status: ReviewStatus, reviewer?: string, comment?: string, countermeasure?: string, reviewed_at: string, };

export type StoredChanges = { 
/**
 * Masked addresses moved to Bcc (their count is the length).
 */
moved_to_bcc: Array<string>, removed_recipients: Array<string>, removed_attachments: Array<string>, 
/**
 * Replaced recipients, both addresses masked.
 */
replaced_recipients?: Array<Replacement>, };

export type StoredRecipient = { address: string, domain: string, field: Field, external: boolean, freemail: boolean, };

export type StoredAttachment = { name: string, size: number, content_type: string, };

export type LoggedEvent = { uuid: string, 
/**
 * When it happened (UTC; stored as unix seconds).
 */
time: string, 
/**
 * `time` in the log's time zone, for people; filled when read, ignored on import.
 */
local_time?: string, user: string, machine: string, client: string, source: string, subject: string, verdict: Verdict, decision: DecisionCode, dialog_seconds?: number, changes: StoredChanges, 
/**
 * Evidence masked, location, notes and message redacted.
 */
findings: Array<Finding>, recipients: Array<StoredRecipient>, attachments: Array<StoredAttachment>, review?: Review, };

export type LoggedManual = { uuid: string, created: string, local_time?: string, category: Category, what: string, when: string, where: string, reporter: string, action: string, review?: Review, };

export type Item = { "kind": "event" } & LoggedEvent | { "kind": "manual" } & LoggedManual;

export type WeekStats = { events: number, near_misses: number, manual_reports: number, };

export type UserStats = { events: number, near_misses: number, manual_reports: number, };

export type Stats = { events: number, manual_reports: number, 
/**
 * Events that showed the dialog or were blocked (verdict confirm/block, not
 * `checked`), or were taken back from the hold queue: the rate's denominator.
 */
dialogs: number, 
/**
 * Events decided `cancelled`, `sent_after_fix`, `blocked` or `recalled`, among
 * `dialogs`.
 */
near_misses: number, 
/**
 * `near_misses / dialogs`; `None` when no dialog was shown.
 */
near_miss_rate: number | null, per_week: Record<string, WeekStats>, 
/**
 * Events with at least one finding of the check.
 */
per_check: Record<string, number>, 
/**
 * Events with at least one finding of the type (`my_number`, …).
 */
per_type: Record<string, number>, per_user: Record<string, UserStats>, per_decision: Record<string, number>, per_status: Record<string, number>, per_category: Record<string, number>, };

export type ImportCounts = { 
/**
 * Entries that were not in the log yet.
 */
added: number, 
/**
 * Entries already present whose review was replaced by a later one.
 */
updated_review: number, 
/**
 * Entries already present with the same or an older review.
 */
unchanged: number, };

export type LogFilter = { 
/**
 * From this local date (`2026-11-01`) or RFC 3339 time, inclusive.
 */
since?: string, 
/**
 * Up to and including this local date, or before this RFC 3339 time.
 */
until?: string, check?: string, type?: string, decision?: string, status?: string, user?: string, category?: string, limit?: number, };

export type IpcErrorCode = "no_pending_send" | "bad_input" | "invalid_setting" | "log" | "file" | "hook_not_running" | "relay_not_running" | "held_mail_busy" | "history_off" | "history" | "internal";

export type IpcError = { code: IpcErrorCode, message: string, field?: string, 
/**
 * The line of a text or file to blame (an organisation list), 1-based.
 */
line?: number, };

export type ExportResult = { path: string, rows: number, };

export type ReviewUpdate = { uuid: string, status: ReviewStatus, comment?: string, countermeasure?: string, };

export type ManualInput = { category: Category, what: string, when: string, where: string, action: string, };

export type ImportProgress = { done: number, total: number, file: string, };

export type ImportFailure = { file: string, error: string, };

export type ImportSummary = { files: number, failed: Array<ImportFailure>, 
/**
 * Entries that were not in the log yet.
 */
added: number, 
/**
 * Entries already present whose review was replaced by a later one.
 */
updated_review: number, 
/**
 * Entries already present with the same or an older review.
 */
unchanged: number, };

export type HeldMail = { id: number, 
/**
 * `deciding`, `held`, `sending`, `unknown` or `failed`.
 */
state: string, state_label: string, subject: string, from: string, to: Array<string>, 
/**
 * Seconds until it leaves (held ones).
 */
seconds_left: number, 
/**
 * The server's last answer, or why it was not sent.
 */
last_error: string | null, server: string, };

export type SettingsValues = { internal_domains: Array<string>, org_names: Array<string>, bcc_min_parties: number, bcc_min_addresses: number, countdown_secs: number, autostart: boolean, weekly_reminder: boolean, 
/**
 * The SMTP relay's upstream, `host:port` (empty: the relay is off).
 */
relay_upstream: string, 
/**
 * `starttls`, `tls` or `none`.
 */
relay_upstream_tls: string, 
/**
 * 送信保留 in seconds.
 */
relay_hold_secs: number, };

export type SettingsLimits = { bcc_min_parties: [number, number], bcc_min_addresses: [number, number], countdown_secs: [number, number], relay_hold_secs: [number, number], };

export type Settings = { 
/**
 * True until internal domains are set: the first start asks for them.
 */
first_run: boolean, values: SettingsValues, 
/**
 * Screen keys the organisation policy locks.
 */
locked: Array<string>, policy_path: string, 
/**
 * The bounds of the numbers, from the engine's policy rules.
 */
limits: SettingsLimits, 
/**
 * The port the mail client's outgoing server is set to when the relay is used.
 */
relay_port: number, };

export type HistoryStatus = { 
/**
 * False when the history could not be opened at start (the checks run without it).
 */
available: boolean, 
/**
 * The history file.
 */
path: string | null, 
/**
 * Sent messages learned.
 */
messages: number, 
/**
 * Outside addresses known.
 */
addresses: number, 
/**
 * Domains known.
 */
domains: number, 
/**
 * Learned sends before the history's checks say anything (`[history] min_sends`).
 */
min_sends: number, };

export type HistoryLearnProgress = { files_done: number, files: number, 
/**
 * Messages read so far.
 */
read: number, bytes_done: number, bytes: number, };

export type HistoryLearnSummary = { 
/**
 * Messages read.
 */
read: number, 
/**
 * Learned now.
 */
learned: number, 
/**
 * Skipped: not sent by the person.
 */
skipped_not_me: number, 
/**
 * Skipped: learned before.
 */
skipped_seen: number, 
/**
 * Skipped: no recipient could be read, or too large.
 */
unreadable: number, 
/**
 * The person's addresses the run took as their own.
 */
me: Array<string>, 
/**
 * Files or folders that could not be read, one line each.
 */
errors: Array<string>, };

export type OrganisationRow = { domain: string, names: Array<string>, };

export type OrganisationFile = { path: string, 
/**
 * False when there is no file yet (an empty list).
 */
exists: boolean, 
/**
 * The file's text as the person wrote it (comments kept); a CP932 file is shown
 * as the list it holds.
 */
text: string, 
/**
 * The rows it holds (empty when it does not parse).
 */
rows: Array<OrganisationRow>, 
/**
 * Why the file does not load, when it does not (the list is then not used).
 */
problem: string | null, 
/**
 * The line `problem` is about (1-based).
 */
problem_line: number | null, };

export type Organisations = { own: OrganisationFile, org: OrganisationFile | null, };
