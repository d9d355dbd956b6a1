// Client-side validation of the settings form (the backend validates again and
// answers {field, message}); pure so it is unit-tested.
import { ja } from '../i18n/ja';
import type { SettingsKey, SettingsValues } from '../ipc/types';

export type SettingsErrors = Partial<Record<SettingsKey, string>>;

/** Limits of the integer settings. */
export const RANGES = {
  bcc_min_parties: [2, 100],
  bcc_min_addresses: [2, 1000],
  countdown_secs: [0, 60],
} as const;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A host name of at least two labels, ASCII or punycode (IDN must be given as xn--). */
export function isDomain(text: string): boolean {
  const d = text.trim().toLowerCase().replace(/\.$/, '');
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((l) => LABEL.test(l))) return false;
  return /^[a-z]{2,63}$|^xn--[a-z0-9-]+$/.test(labels[labels.length - 1]);
}

/** Lines of a textarea, trimmed, without blanks. */
export function lines(text: string): string[] {
  return text.split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean);
}

export function parseIntStrict(text: string): number | null {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : null;
}

export function validateSettings(v: SettingsValues, locked: string[] = []): SettingsErrors {
  const errors: SettingsErrors = {};
  if (!locked.includes('internal_domains')) {
    if (v.internal_domains.length === 0) errors.internal_domains = ja.settings.errDomainEmpty;
    else {
      const bad = v.internal_domains.find((d) => !isDomain(d));
      const seen = new Set<string>();
      const dup = v.internal_domains.find((d) => (seen.has(d.toLowerCase()) ? true : (seen.add(d.toLowerCase()), false)));
      if (bad !== undefined) errors.internal_domains = ja.settings.errDomain(bad);
      else if (dup !== undefined) errors.internal_domains = ja.settings.errDomainDup(dup);
    }
  }
  if (!locked.includes('org_names')) {
    const long = v.org_names.find((n) => [...n].length > 100);
    if (long) errors.org_names = ja.settings.errOrgTooLong(long.slice(0, 20));
  }
  for (const [key, [min, max]] of Object.entries(RANGES) as [keyof typeof RANGES, readonly [number, number]][]) {
    if (locked.includes(key)) continue;
    const n = v[key];
    if (!Number.isInteger(n) || n < min || n > max) errors[key] = ja.settings.errInt(min, max);
  }
  return errors;
}
