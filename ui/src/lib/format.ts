// Small pure formatters shared by the dialog and the review screens.
import { ja } from '../i18n/ja';
import type { Finding, PartyRole, PiiType } from '../ipc/types';

/** 201 B, 48 KB, 1.2 MB — sizes as Japanese office software shows them. */
export function humanSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1).replace(/\.0$/, '') : Math.round(kb).toLocaleString('ja-JP')} KB`;
  const mb = kb / 1024;
  if (mb < 1024) return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, '') : Math.round(mb).toLocaleString('ja-JP')} MB`;
  return `${(mb / 1024).toFixed(1).replace(/\.0$/, '')} GB`;
}

/** 1,204件 */
export function countText(n: number): string {
  return ja.format.count(n);
}

type Placed = Pick<Finding, 'location' | 'attachment_path'>;

/** Where a finding is, for people: an attachment's names (outermost first, joined with
 * "/"), or the label of a part of the mail (本文, 件名, To…). */
export function locationLabel(f: Placed | undefined): string {
  if (!f?.location) return '';
  if (f.attachment_path?.length) return f.attachment_path.join('/');
  // A log entry written before attachment_path existed.
  if (f.location.startsWith('attachment:')) return f.location.slice('attachment:'.length);
  return ja.locations[f.location] ?? f.location;
}

/** The mail's attachment a finding is about: the first name of its attachment path. */
export function attachmentOfFinding(f: Placed, names: string[]): string | null {
  const top = f.attachment_path?.[0];
  return top !== undefined && names.includes(top) ? top : null;
}

/** A record's items as people name them (氏名, 住所, 電話番号…), each once. */
export function recordItemLabels(items: PiiType[] | undefined): string[] {
  return [...new Set((items ?? []).map((t) => ja.recordItems[t]))];
}

/** YYYY-MM-DD of a Date in local time. */
export function isoDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** "2026-11" → {since: "2026-11-01", until: "2026-11-30"}, or null when malformed. */
export function monthRange(month: string): { since: string; until: string; year: number; month: number } | null {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) return null;
  const last = new Date(year, mon, 0).getDate();
  return { since: `${m[1]}-${m[2]}-01`, until: `${m[1]}-${m[2]}-${String(last).padStart(2, '0')}`, year, month: mon };
}

/** One side of a history finding's comparison, as the card shows it. */
export interface PartyRow {
  role: PartyRole;
  /** 宛名 / ファイル名 / 宛先 / 候補 */
  label: string;
  /** the 宛名 as written, an address, or a file name */
  text: string;
  /** the organisation names the history knows it by */
  knownAs: string[];
  /** learned sends to the address; null for what the mail names (not an address) */
  sends: number | null;
}

/** The evidence of a history finding, row by row: 宛名 (or ファイル名) / 宛先 / 候補. */
export function partyRows(f: Finding): PartyRow[] {
  const named = f.check === 'attachment_for_other_party' ? ja.dialog.party.file : ja.dialog.party.named;
  return (f.parties ?? []).map((p) => ({
    role: p.role,
    label: p.role === 'named' ? named : ja.dialog.party[p.role],
    text: p.text,
    knownAs: p.known_as ?? [],
    sends: p.role === 'named' ? null : p.sends ?? 0,
  }));
}
