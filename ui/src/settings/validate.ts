// Client-side validation of the settings form, for an answer while typing. The rules
// are the engine's: the number bounds come from the backend (`settings.limits`), and a
// domain is only checked for its shape here; the backend checks it exactly (IDNA) and
// answers {code, field, message}. Pure so it is unit-tested.
import { ja } from '../i18n/ja';
import type { SettingsKey, SettingsLimits, SettingsValues } from '../ipc/types';

export type SettingsErrors = Partial<Record<SettingsKey, string>>;

export type LimitKey = keyof SettingsLimits;

const LABEL = /^(?!-)[\p{L}\p{N}-]{1,63}(?<!-)$/u;

/** The shape of a mail domain: two or more labels of letters (any script, so an IDN such
 * as さくら.jp passes), digits and inner hyphens. */
export function isDomain(text: string): boolean {
  const d = text.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '');
  if (d.length === 0 || d.length > 253) return false;
  const labels = d.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l));
}

/** Lines of a textarea, trimmed, without blanks. */
export function lines(text: string): string[] {
  return text.split(/\r?\n|,/).map((s) => s.trim()).filter(Boolean);
}

export function parseIntStrict(text: string): number | null {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : null;
}

export function validateSettings(v: SettingsValues, limits: SettingsLimits, locked: string[] = []): SettingsErrors {
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
  if (!locked.includes('relay_upstream') && v.relay_upstream.trim() !== '' && !/^(\[[0-9a-fA-F:]+\]|[^\s:\[\]]+):\d{1,5}$/.test(v.relay_upstream.trim())) {
    errors.relay_upstream = ja.settings.errUpstream;
  }
  for (const [key, [min, max]] of Object.entries(limits) as [LimitKey, [number, number]][]) {
    if (locked.includes(key)) continue;
    const n = v[key];
    if (!Number.isInteger(n) || n < min || n > max) errors[key] = ja.settings.errInt(min, max);
  }
  return errors;
}
