// The shapes exchanged with the Rust backend, as docs/app-ipc.md and
// shared/spec/check-contract.md define them. Types only: no runtime code here.

export type Severity = 'info' | 'warning' | 'danger';
export type Field = 'to' | 'cc' | 'bcc';
export type Verdict = 'pass' | 'confirm' | 'block';

export interface Finding {
  check: string;
  type?: string;
  severity: Severity;
  location?: string;
  count?: number;
  evidence?: string;
  message: string;
  subject_of?: string;
  blocked?: boolean;
}

export interface Recipient {
  address: string;
  name?: string;
  field: Field;
  domain: string;
  external: boolean;
  freemail?: boolean;
}

export interface Attachment {
  name: string;
  size: number;
  content_type?: string;
}

export interface Report {
  source?: string;
  subject: string;
  verdict: Verdict;
  recipients: Recipient[];
  attachments: Attachment[];
  findings: Finding[];
}

export interface PendingCheck {
  id: number;
  report: Report;
  queued: number;
  countdown_secs: number;
  client?: string;
}

export interface Changes {
  move_to_bcc: string[];
  remove_recipients: string[];
  remove_attachments: string[];
}

export interface Decision {
  id: number;
  send: boolean;
  seconds: number;
  changes: Changes;
}

// ---- near-miss log ----

export type DecisionCode = 'sent' | 'sent_after_fix' | 'cancelled' | 'blocked' | 'timed_out' | 'checked';
export type ReviewStatus = 'unreviewed' | 'reviewed' | 'resolved';
export type Category = 'mail' | 'fax' | 'loss' | 'disposal' | 'handover' | 'other';

export interface Review {
  status: ReviewStatus;
  reviewer?: string;
  comment?: string;
  countermeasure?: string;
  reviewed_at: string;
}

export interface StoredChanges {
  moved_to_bcc: string[];
  removed_recipients: string[];
  removed_attachments: string[];
}

export interface LoggedEvent {
  kind: 'event';
  uuid: string;
  time: string;
  local_time?: string;
  user: string;
  machine: string;
  client: string;
  source: string;
  subject: string;
  verdict: string;
  decision: DecisionCode;
  dialog_seconds?: number;
  changes?: StoredChanges;
  findings?: Finding[];
  recipients?: Recipient[];
  attachments?: Attachment[];
  review?: Review;
}

export interface LoggedManual {
  kind: 'manual';
  uuid: string;
  created: string;
  local_time?: string;
  category: Category;
  what: string;
  when: string;
  where: string;
  reporter: string;
  action: string;
  review?: Review;
}

export type Item = LoggedEvent | LoggedManual;

export interface LogFilter {
  since?: string;
  until?: string;
  check?: string;
  type?: string;
  decision?: string;
  status?: string;
  user?: string;
  category?: string;
  limit?: number;
}

export interface ReviewUpdate {
  uuid: string;
  status: ReviewStatus;
  comment?: string;
  countermeasure?: string;
}

export interface Counts {
  events: number;
  near_misses: number;
  manual_reports: number;
}

export interface Stats {
  events: number;
  manual_reports: number;
  dialogs: number;
  near_misses: number;
  near_miss_rate: number | null;
  per_week: Record<string, Counts>;
  per_check: Record<string, number>;
  per_type: Record<string, number>;
  per_user: Record<string, Counts>;
  per_decision: Record<string, number>;
  per_status: Record<string, number>;
  per_category: Record<string, number>;
}

export interface ManualInput {
  category: Category;
  what: string;
  when: string;
  where: string;
  action: string;
}

export interface ExportResult {
  path: string;
  rows: number;
}

export interface ImportProgress {
  done: number;
  total: number;
  file: string;
}

export interface ImportSummary {
  files: number;
  /** Entries that were not in the log yet. */
  added: number;
  /** Entries already there whose review was replaced by a later one. */
  updated_review: number;
  /** Entries already there, unchanged. */
  unchanged: number;
  failed: { file: string; error: string }[];
}

// ---- settings ----

export interface SettingsValues {
  internal_domains: string[];
  org_names: string[];
  bcc_min_parties: number;
  bcc_min_addresses: number;
  countdown_secs: number;
  autostart: boolean;
  weekly_reminder: boolean;
}

export type SettingsKey = keyof SettingsValues;

export interface Settings {
  first_run: boolean;
  values: SettingsValues;
  locked: string[];
  policy_path: string;
}

export interface FieldError {
  field: string | null;
  message: string;
}
