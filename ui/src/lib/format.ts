// Small pure formatters shared by the dialog and the review screens.
import { ja } from '../i18n/ja';

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

/** "attachment:見積書.zip/明細.xlsx" → "見積書.zip/明細.xlsx"; other locations → label. */
export function locationLabel(location: string | undefined): string {
  if (!location) return '';
  if (location.startsWith('attachment:')) return location.slice('attachment:'.length);
  return ja.locations[location] ?? location;
}

/** The attachment a location points into, matched against the mail's file names. */
export function attachmentOfLocation(location: string | undefined, names: string[]): string | null {
  if (!location || !location.startsWith('attachment:')) return null;
  const rest = location.slice('attachment:'.length);
  if (names.includes(rest)) return rest;
  // inside an archive: "<zip>/<inner>"; prefer the longest matching name
  const hits = names.filter((n) => rest.startsWith(`${n}/`)).sort((a, b) => b.length - a.length);
  return hits[0] ?? null;
}

/** The record items listed in a finding message: "…（氏名・住所・電話番号）…" → [氏名, 住所, 電話番号]. */
export function recordItems(message: string): string[] {
  const m = /[（(]([^（）()]*・[^（）()]*)[）)]/.exec(message);
  return m ? m[1].split('・').map((s) => s.trim()).filter(Boolean) : [];
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
