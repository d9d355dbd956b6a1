// Typed wrappers around every backend command of docs/app-ipc.md. The argument
// names (`decision`, `filter`, `update`, …) are the Rust parameter names, which
// Tauri exposes in camelCase; keeping them in this one file makes a rename a
// one-line change. Nothing else in the UI calls `invoke` directly.
import { invoke } from '@tauri-apps/api/core';
import type {
  Decision, ExportResult, HeldMail, HistoryLearnSummary, HistoryStatus, ImportSummary, Item, LogFilter,
  ManualInput, Organisations, PendingCheck, Review, ReviewUpdate, Settings, SettingsValues, Stats,
} from './types';

export const pendingCheck = () => invoke<PendingCheck | null>('pending_check');
export const decide = (decision: Decision) => invoke<null>('decide', { decision });

export const logList = (filter: LogFilter) => invoke<Item[]>('log_list', { filter });
export const logGet = (uuid: string) => invoke<Item | null>('log_get', { uuid });
export const logReview = (update: ReviewUpdate) => invoke<Review>('log_review', { update });
export const logStats = (filter: LogFilter) => invoke<Stats>('log_stats', { filter });
export const logReport = (input: ManualInput) => invoke<string>('log_report', { input });
export const logExportCsv = (filter: LogFilter) => invoke<ExportResult>('log_export_csv', { filter });
export const logImportFolder = (path: string) => invoke<ImportSummary>('log_import_folder', { path });

export const settingsGet = () => invoke<Settings>('settings_get');
export const settingsSave = (values: SettingsValues) => invoke<Settings>('settings_save', { values });
export const connectThunderbird = () => invoke<{ path: string; note: string }>('connect_thunderbird');

export const relayQueue = () => invoke<HeldMail[]>('relay_queue');
export const relayQueueSend = (id: number) => invoke<null>('relay_queue_send', { id });
export const relayQueueCancel = (id: number) => invoke<string>('relay_queue_cancel', { id });

export const historyStatus = () => invoke<HistoryStatus>('history_status');
export const historyLearn = (paths: string[]) => invoke<HistoryLearnSummary>('history_learn', { paths });
export const historyClear = () => invoke<HistoryStatus>('history_clear');
export const organisationsGet = () => invoke<Organisations>('organisations_get');
export const organisationsSave = (text: string) => invoke<Organisations>('organisations_save', { text });

/** Events the backend emits (docs/app-ipc.md). */
export const EVENTS = {
  pendingChanged: 'pending-changed',
  importProgress: 'import-progress',
  historyLearnProgress: 'history-learn-progress',
} as const;
