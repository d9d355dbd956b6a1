// The list filter ↔ the query of the route, so a filtered list is a link that
// survives a reload and the back button. Only known keys with valid values pass.
import type { CheckId, LogFilter } from '../ipc/types';

export const FILTER_KEYS = ['since', 'until', 'check', 'decision', 'status', 'user', 'category'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const DECISIONS = ['sent', 'sent_after_fix', 'cancelled', 'blocked', 'recalled', 'timed_out', 'checked'];
export const STATUSES = ['unreviewed', 'reviewed', 'resolved'];
export const CATEGORIES = ['mail', 'fax', 'loss', 'disposal', 'handover', 'other'];
export const CHECKS: string[] = [
  'external_recipient', 'bcc_suggested', 'personal_data', 'attachment', 'encrypted_attachment',
  'missing_attachment', 'confidential_keyword', 'lookalike_domain', 'freemail_recipient',
  'display_name_spoof', 'reply_redirected', 'new_domain_on_reply', 'parse_warning',
  'recipient_mismatch', 'attachment_for_other_party', 'unusual_recipient', 'first_time_recipient',
] satisfies CheckId[];

/** The default number of items the list asks for. */
export const LIST_LIMIT = 500;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filterFromParams(params: Record<string, string>): LogFilter {
  const f: LogFilter = {};
  if (params.since && DATE.test(params.since)) f.since = params.since;
  if (params.until && DATE.test(params.until)) f.until = params.until;
  if (params.check && CHECKS.includes(params.check)) f.check = params.check;
  if (params.decision && DECISIONS.includes(params.decision)) f.decision = params.decision;
  if (params.status && STATUSES.includes(params.status)) f.status = params.status;
  if (params.category && CATEGORIES.includes(params.category)) f.category = params.category;
  if (params.user && params.user.trim()) f.user = params.user.trim();
  return f;
}

export function paramsFromFilter(f: LogFilter): Record<string, string> {
  const p: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (typeof v === 'string' && v !== '') p[k] = v;
  }
  return p;
}

/** The filter sent to `log_list`: the route's filter plus the list limit. */
export function listArgs(f: LogFilter): LogFilter {
  return { ...f, limit: LIST_LIMIT };
}
