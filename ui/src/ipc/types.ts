// The shapes exchanged with the Rust backend (docs/app-ipc.md, docs/check-contract.md).
// Everything the backend defines comes from its Rust types through generated.ts
// (src-tauri/src/typescript.rs, checked by `cargo test`); only names the screens use
// for parts of those types are written here. Types only: no runtime code.
import type * as G from './generated';

export type {
  Attachment, Category, Changes, CheckId, Decision, DecisionCode, ExportResult, Field, Finding, HeldMail,
  HistoryLearnProgress, HistoryLearnSummary, HistoryStatus, ImportProgress, ImportSummary, IpcError,
  IpcErrorCode, Item, LogFilter, ManualInput, OrganisationFile, OrganisationRow, Organisations, Party,
  PartyRole, PendingCheck, PiiType, Recipient, Replacement, Report, Review, ReviewStatus, ReviewUpdate,
  Settings, SettingsLimits, SettingsValues, Severity, Stats, StoredChanges, Verdict,
} from './generated';

/** A finding's `type`: a personal-data type, or `record` for people's records. */
export type FindingType = NonNullable<G.Finding['type']>;

export type LoggedEvent = Extract<G.Item, { kind: 'event' }>;
export type LoggedManual = Extract<G.Item, { kind: 'manual' }>;

/** Counts of one week or one person in 集計. */
export type Counts = G.WeekStats;

export type SettingsKey = keyof G.SettingsValues;
