// Reads a logged item as a near-miss report line (いつ・誰が・何を・どうした) and
// other pure helpers of the review screens.
import { ja } from '../i18n/ja';
import type { Finding, Item, ManualInput, ReviewStatus } from '../ipc/types';

export interface ItemLine {
  uuid: string;
  kind: 'event' | 'manual';
  when: string;
  who: string;
  what: string;
  /** the main findings, in Japanese, most dangerous first */
  findings: string;
  did: string;
  status: ReviewStatus;
  nearMiss: boolean;
}

const SEV = { danger: 0, warning: 1, info: 2 } as const;
const NEAR_MISS = new Set(['cancelled', 'sent_after_fix', 'blocked', 'recalled']);

export function findingLabel(f: Finding): string {
  if (f.check === 'personal_data') return ja.personalTypes[f.type ?? ''] ?? ja.checks.personal_data;
  return ja.checks[f.check] ?? f.check;
}

/** "マイナンバー・似たドメイン・社外の宛先" — distinct labels of warning/danger findings. */
export function findingsSummary(findings: Finding[] = [], max = 4): string {
  const labels: string[] = [];
  const risky = findings.filter((f) => f.severity !== 'info').sort((a, b) => SEV[a.severity] - SEV[b.severity]);
  for (const f of risky) {
    const l = findingLabel(f);
    if (!labels.includes(l)) labels.push(l);
  }
  const shown = labels.slice(0, max).join('・');
  return labels.length > max ? `${shown} ほか` : shown;
}

export function itemLine(item: Item): ItemLine {
  const status = item.review?.status ?? 'unreviewed';
  if (item.kind === 'manual') {
    return {
      uuid: item.uuid,
      kind: 'manual',
      when: item.local_time ?? item.created,
      who: item.reporter,
      what: item.what,
      findings: item.where ? `${ja.detail.whereHappened}: ${item.where}` : '',
      did: ja.categories[item.category] ?? item.category,
      status,
      nearMiss: true,
    };
  }
  return {
    uuid: item.uuid,
    kind: 'event',
    when: item.local_time ?? item.time,
    who: item.user,
    what: item.subject,
    findings: findingsSummary(item.findings),
    did: ja.decisions[item.decision] ?? item.decision,
    status,
    nearMiss: NEAR_MISS.has(item.decision),
  };
}

/** Findings of a logged event in display order: dangers first. */
export function sortedFindings(findings: Finding[] = []): Finding[] {
  return [...findings].sort((a, b) => SEV[a.severity] - SEV[b.severity]);
}

/** Client-side check of the manual report: 「何が起きたか」 is required. */
export function validateReport(input: ManualInput): Partial<Record<keyof ManualInput, string>> {
  const errors: Partial<Record<keyof ManualInput, string>> = {};
  if (!input.what.trim()) errors.what = ja.report.whatRequired;
  if (!CATEGORY_CODES.includes(input.category)) errors.category = ja.report.required;
  return errors;
}
const CATEGORY_CODES = ['mail', 'fax', 'loss', 'disposal', 'handover', 'other'];

/** The next step of the review workflow 未確認 → 確認済 → 対策済. */
export function nextStatus(s: ReviewStatus): ReviewStatus {
  return s === 'unreviewed' ? 'reviewed' : 'resolved';
}
