import { describe, expect, it } from 'vitest';
import { buildHash, parseHash } from '../../src/review/router';
import { filterFromParams, listArgs, paramsFromFilter } from '../../src/review/filters';
import { findingsSummary, itemLine, nextStatus, validateReport } from '../../src/review/items';
import { ranked } from '../../src/review/stats';
import type { Item, LoggedManual, Stats } from '../../src/ipc/types';
import { json } from './fixtures';

describe('router', () => {
  it('parses routes with ids and queries', () => {
    expect(parseHash('')).toEqual({ name: 'list', params: {} });
    expect(parseHash('#/list?status=unreviewed&user=')).toEqual({ name: 'list', params: { status: 'unreviewed' } });
    expect(parseHash('#/item/dda2a068-0e2d')).toEqual({ name: 'item', id: 'dda2a068-0e2d', params: {} });
    expect(parseHash('#/print?month=2026-11')).toEqual({ name: 'print', params: { month: '2026-11' } });
    expect(parseHash('#/nonsense')).toEqual({ name: 'list', params: {} });
    expect(parseHash('#/item')).toEqual({ name: 'list', params: {} });
  });
  it('round-trips', () => {
    const h = buildHash('list', { since: '2026-11-01', user: '佐藤', check: undefined });
    expect(parseHash(h)).toEqual({ name: 'list', params: { since: '2026-11-01', user: '佐藤' } });
    expect(buildHash('item', {}, 'a/b')).toBe('#/item/a%2Fb');
    expect(parseHash(buildHash('item', {}, 'a/b')).id).toBe('a/b');
  });
});

describe('filters', () => {
  it('keeps only valid values', () => {
    expect(filterFromParams({ since: '2026-11-01', until: 'yesterday', status: 'reviewed', decision: 'x', check: 'lookalike_domain', user: ' 佐藤 ' }))
      .toEqual({ since: '2026-11-01', status: 'reviewed', check: 'lookalike_domain', user: '佐藤' });
    expect(paramsFromFilter({ category: 'fax', limit: 3 })).toEqual({ category: 'fax' });
    expect(listArgs({ status: 'unreviewed' })).toEqual({ status: 'unreviewed', limit: 500 });
  });
});

describe('item lines', () => {
  const items = json<Item[]>('log-list');
  it('reads an event as いつ・誰が・何を・どうした', () => {
    const l = itemLine(items[0]);
    expect(l).toMatchObject({ when: '2026-11-26 01:24:02', who: 'root', what: '団体保険 加入者追加の手続きについて', did: 'チェックのみ', status: 'unreviewed', nearMiss: false });
    expect(l.findings).toBe('生年月日・個人データ・社外の宛先');
  });
  it('reads a manual report', () => {
    const m: LoggedManual = { kind: 'manual', uuid: 'u', created: '2026-11-20T09:00:00Z', local_time: '2026-11-20 18:00:00', category: 'fax', what: 'FAX番号を1桁間違えた', when: '夕方', where: '営業部', reporter: '佐藤', action: '先方に連絡', review: { status: 'resolved', reviewed_at: 'x' } };
    expect(itemLine(m)).toMatchObject({ who: '佐藤', what: 'FAX番号を1桁間違えた', did: 'FAX誤送信', status: 'resolved', nearMiss: true });
  });
  it('summarises at most four kinds', () => {
    expect(findingsSummary(items[1].kind === 'event' ? items[1].findings : [], 2)).toMatch(/ほか$/);
  });
  it('walks the status workflow', () => {
    expect(nextStatus('unreviewed')).toBe('reviewed');
    expect(nextStatus('reviewed')).toBe('resolved');
  });
});

describe('report validation', () => {
  it('requires 「何が起きたか」', () => {
    expect(validateReport({ category: 'mail', what: '  ', when: '', where: '', action: '' })).toEqual({ what: '「何が起きたか」を入力してください' });
    expect(validateReport({ category: 'loss', what: 'USBメモリを紛失', when: '', where: '', action: '' })).toEqual({});
  });
});

describe('stats', () => {
  it('ranks counts with Japanese labels', () => {
    const s = json<Stats>('log-stats');
    const r = ranked(s.per_check, { external_recipient: '社外の宛先' });
    expect(r[0]).toEqual(['社外の宛先', 22]);
    expect(r[1]).toEqual(['personal_data', 19]);
  });
});

describe('the four history checks', () => {
  it('are filters with labels', async () => {
    const { CHECKS } = await import('../../src/review/filters');
    const { ja } = await import('../../src/i18n/ja');
    expect([...CHECKS].sort()).toEqual(Object.keys(ja.checks).sort());
    for (const c of ['recipient_mismatch', 'attachment_for_other_party', 'unusual_recipient', 'first_time_recipient']) {
      expect(filterFromParams({ check: c })).toEqual({ check: c });
    }
    expect(ja.checks.recipient_mismatch).toBe('宛名と宛先の食い違い');
  });
});
