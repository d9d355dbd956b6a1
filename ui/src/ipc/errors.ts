// Turns whatever a rejected command carries (the backend's {code, message, field}, an
// Error from the IPC layer itself) into a Japanese sentence plus the raw text, so that
// no failure is ever silent or shown only in English. Decisions branch on the stable
// `code`, never on the message.
import { ja } from '../i18n/ja';
import type { IpcErrorCode } from './types';

export interface ShownError {
  /** Japanese sentence for people. */
  text: string;
  /** The backend's own message, shown smaller for support. */
  raw: string;
  /** Field the backend blamed (settings_save), if any. */
  field: string | null;
  /** Line of a text the backend blamed (an organisation list), 1-based, if any. */
  line: number | null;
}

export function rawMessage(err: unknown): string {
  if (err == null) return '';
  if (typeof err === 'string') return err;
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && 'message' in err && typeof (err as { message: unknown }).message === 'string') {
    return (err as { message: string }).message;
  }
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}

/** The backend's stable error code, when the failure came from a command. */
export function codeOf(err: unknown): IpcErrorCode | null {
  if (err && typeof err === 'object' && 'code' in err) {
    const c = (err as { code: unknown }).code;
    return typeof c === 'string' ? (c as IpcErrorCode) : null;
  }
  return null;
}

export function fieldOf(err: unknown): string | null {
  if (err && typeof err === 'object' && 'field' in err) {
    const f = (err as { field: unknown }).field;
    return typeof f === 'string' ? f : null;
  }
  return null;
}

export function lineOf(err: unknown): number | null {
  if (err && typeof err === 'object' && 'line' in err) {
    const l = (err as { line: unknown }).line;
    return typeof l === 'number' ? l : null;
  }
  return null;
}

/** What the IPC layer throws when no app is behind the page. */
const NO_BACKEND = /__TAURI_INTERNALS__|reading 'invoke'/;

/** Describe the failure of `command` (a backend command name). */
export function describeError(command: string, err: unknown): ShownError {
  const raw = rawMessage(err);
  const what = ja.commands[command] ?? command;
  const code = codeOf(err);
  let text = ja.errors.failed(what);
  if (code === 'no_pending_send') text = ja.errors.noPending;
  else if (code === 'history_off') text = ja.errors.historyOff;
  else if (code === null && NO_BACKEND.test(raw)) {
    // The page runs without the app behind it (opened in a plain browser).
    text = `${text}${ja.errors.noBackend}`;
  } else if (code === null || code === 'internal' || code === 'log') {
    // A command that failed without a code (the IPC layer itself), or an inside error.
    text = `${text}${ja.errors.retry}`;
  }
  return { text, raw, field: fieldOf(err), line: lineOf(err) };
}
