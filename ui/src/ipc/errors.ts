// Turns whatever a rejected command carries (a string, a {field, message} object,
// an Error) into a Japanese sentence plus the raw text, so that no failure is
// ever silent or shown only in English.
import { ja } from '../i18n/ja';

export interface ShownError {
  /** Japanese sentence for people. */
  text: string;
  /** The backend's own message, shown smaller for support. */
  raw: string;
  /** Field the backend blamed (settings_save), if any. */
  field: string | null;
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

export function fieldOf(err: unknown): string | null {
  if (err && typeof err === 'object' && 'field' in err) {
    const f = (err as { field: unknown }).field;
    return typeof f === 'string' ? f : null;
  }
  return null;
}

/** Describe the failure of `command` (a backend command name). */
export function describeError(command: string, err: unknown): ShownError {
  const raw = rawMessage(err);
  const what = ja.commands[command] ?? command;
  let text = ja.errors.failed(what);
  if (/no pending send/.test(raw)) text = ja.errors.noPending;
  else if (/__TAURI_INTERNALS__|reading 'invoke'|ipc|not allowed/i.test(raw) && !fieldOf(err)) {
    text = `${text}${ja.errors.noBackend}`;
  } else if (!/[぀-ヿ一-鿿]/.test(raw)) {
    text = `${text}${ja.errors.retry}`;
  }
  return { text, raw, field: fieldOf(err) };
}
