import { describe, expect, it } from 'vitest';
import { isDomain, lines, parseIntStrict, validateSettings } from '../../src/settings/validate';
import type { SettingsLimits, SettingsValues } from '../../src/ipc/types';
import { companyForGroup } from '../../src/dialog/company';

const good: SettingsValues = {
  internal_domains: ['sakura-sys.co.jp'], org_names: ['サクラシステム'], bcc_min_parties: 3,
  bcc_min_addresses: 10, countdown_secs: 0, autostart: false, weekly_reminder: false,
  relay_upstream: '', relay_upstream_tls: 'starttls', relay_hold_secs: 0,
};

/** The bounds the backend sends (engine policy::bounds). */
const LIMITS: SettingsLimits = { bcc_min_parties: [2, 1000], bcc_min_addresses: [2, 10000], countdown_secs: [0, 60], relay_hold_secs: [0, 3600] };

describe('isDomain', () => {
  it.each(['sakura-sys.co.jp', 'example.com', 'SUB.Example.COM', 'xn--r8jf9f993zov5b.jp', 'a.xn--p1ai', 'さくら.jp', '@sakura-sys.co.jp'])('accepts %s', (d) => expect(isDomain(d)).toBe(true));
  it.each(['sakura_sys', 'sakura_sys.co.jp', 'localhost', '-bad.com', 'bad-.com', 'a..b', 'user@example.com', '山田 商事.jp', ''])('rejects %s', (d) => expect(isDomain(d)).toBe(false));
});

describe('validateSettings', () => {
  it('accepts good values', () => expect(validateSettings(good, LIMITS)).toEqual({}));
  it('checks the relay upstream and hold only when given', () => {
    expect(validateSettings({ ...good, relay_upstream: 'smtp.example.co.jp:587', relay_hold_secs: 300 }, LIMITS)).toEqual({});
    expect(validateSettings({ ...good, relay_upstream: '[::1]:25' }, LIMITS)).toEqual({});
    expect(validateSettings({ ...good, relay_upstream: 'smtp.example.co.jp' }, LIMITS)).toHaveProperty('relay_upstream');
    expect(validateSettings({ ...good, relay_hold_secs: 3601 }, LIMITS)).toHaveProperty('relay_hold_secs');
  });
  it('names the bad domain', () => {
    expect(validateSettings({ ...good, internal_domains: ['sakura-sys.co.jp', 'sakura_sys'] }, LIMITS).internal_domains).toContain('「sakura_sys」');
  });
  it('requires a domain, refuses duplicates', () => {
    expect(validateSettings({ ...good, internal_domains: [] }, LIMITS).internal_domains).toBeDefined();
    expect(validateSettings({ ...good, internal_domains: ['a.jp', 'A.jp'] }, LIMITS).internal_domains).toContain('重複');
  });
  it('checks integer ranges', () => {
    const e = validateSettings({ ...good, bcc_min_parties: 1, bcc_min_addresses: 2.5, countdown_secs: 61 }, LIMITS);
    expect(Object.keys(e).sort()).toEqual(['bcc_min_addresses', 'bcc_min_parties', 'countdown_secs']);
    expect(e.countdown_secs).toBe('0〜60 の整数で入力してください');
  });
  it('does not judge locked keys', () => {
    expect(validateSettings({ ...good, internal_domains: [] }, LIMITS, ['internal_domains'])).toEqual({});
  });
  it('reads lines and integers strictly', () => {
    expect(lines(' a.jp \n\n b.jp,c.jp ')).toEqual(['a.jp', 'b.jp', 'c.jp']);
    expect(parseIntStrict('12')).toBe(12);
    expect(parseIntStrict('1e2')).toBeNull();
    expect(parseIntStrict('')).toBeNull();
  });
});

describe('companyForGroup', () => {
  const r = (company?: string) => ({ address: 'a@x.jp', field: 'to' as const, domain: 'x.jp', external: true, company });
  it('takes the company most recipients are named with (the engine reads the names)', () => {
    expect(companyForGroup([r('ABC商事'), r('ABC商事'), r('ABC')])).toBe('ABC商事');
    expect(companyForGroup([r(), r()])).toBeNull();
  });
});
