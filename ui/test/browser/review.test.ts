// The review window (index.html): list, filters, detail + status workflow, report
// form, settings, import, export, print and charts, with the backend mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { fixture, launch, openPage, Reject, screenshotsDir, startServer, until, type Backend, type MockedPage } from './harness';
import type { HistoryStatus, Item, LoggedEvent, LoggedManual, Organisations, Settings, Stats } from '../../src/ipc/types';

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const manual: LoggedManual = {
  kind: 'manual', uuid: 'm-1', created: '2026-11-20T09:00:00Z', local_time: '2026-11-20 18:00:00', category: 'fax',
  what: 'FAX番号を1桁間違えて送信しかけた', when: '2026-11-20 夕方', where: '営業部', reporter: '佐藤', action: '送信前に気づいて中止',
};

function logItems(): Item[] {
  const items = fixture<Item[]>('log-list');
  (items[0] as { decision: string }).decision = 'cancelled';
  (items[1] as { decision: string }).decision = 'sent_after_fix';
  items[1].review = { status: 'reviewed', reviewer: '鈴木', comment: '宛先の確認を徹底', reviewed_at: '2026-11-26 09:00:00' };
  return [...items, manual];
}

function settings(over: Partial<Settings> = {}): Settings {
  return {
    first_run: false,
    values: { internal_domains: ['sakura-sys.co.jp'], org_names: ['サクラシステム'], bcc_min_parties: 3, bcc_min_addresses: 10, countdown_secs: 0, autostart: false, weekly_reminder: false, relay_upstream: '', relay_upstream_tls: 'starttls', relay_hold_secs: 0 },
    locked: ['internal_domains'],
    policy_path: '/home/u/.config/sendguard/policy.toml',
    limits: { bcc_min_parties: [2, 1000], bcc_min_addresses: [2, 10000], countdown_secs: [0, 60], relay_hold_secs: [0, 3600] },
    relay_port: 47652,
    ...over,
  };
}

function historyStatus(over: Partial<HistoryStatus> = {}): HistoryStatus {
  return { available: true, path: '/home/u/.local/share/sendguard/history.sqlite3', messages: 12, addresses: 5, domains: 3, min_sends: 30, ...over };
}

function organisations(over: Partial<Organisations> = {}): Organisations {
  return {
    own: {
      path: '/home/u/.config/sendguard/organisations.csv', exists: true,
      text: '# 取引先\nkaede-shoji.co.jp,楓商事,"Kaede Shoji Co., Ltd."\nhikari-tech.co.jp,ひかりテック\n',
      rows: [{ domain: 'kaede-shoji.co.jp', names: ['楓商事', 'Kaede Shoji Co., Ltd.'] }, { domain: 'hikari-tech.co.jp', names: ['ひかりテック'] }],
      problem: null, problem_line: null,
    },
    org: null,
    ...over,
  };
}

function backend(extra: Record<string, Backend> = {}): Backend {
  const items = logItems();
  return (cmd, args) => {
    if (extra[cmd]) return extra[cmd](cmd, args);
    switch (cmd) {
      case 'settings_get': return settings();
      case 'history_status': return historyStatus();
      case 'organisations_get': return organisations();
      case 'log_list': return items;
      case 'log_get': return items.find((i) => i.uuid === args.uuid) ?? null;
      case 'log_stats': return fixture<Stats>('log-stats');
      case 'log_review': {
        const u = args.update as { status: string; comment?: string; countermeasure?: string };
        return { status: u.status, reviewer: '鈴木', comment: u.comment, countermeasure: u.countermeasure, reviewed_at: '2026-11-26 10:00:00' };
      }
      default: throw new Reject({ code: 'internal', message: `unexpected ${cmd}` });
    }
  };
}

async function open(hash: string, b: Backend = backend(), viewport = { width: 1120, height: 800 }): Promise<MockedPage> {
  return openPage(browser, server.url, `index.html${hash}`, b, { viewport });
}

describe('near-miss list', () => {
  it('lists items as いつ・誰が・何を・どうした', async () => {
    const m = await open('#/list');
    await m.page.waitForSelector('[data-testid=items] tbody tr');
    expect(await m.page.locator('[data-testid=items] tbody tr').count()).toBe(4);
    const first = await m.page.locator('tr[data-uuid]').first().innerText();
    expect(first).toContain('2026-11-26 01:24:02');
    expect(first).toContain('団体保険 加入者追加の手続きについて');
    expect(first).toContain('送信中止');
    expect(first).toContain('未確認');
    expect(await m.page.locator('tr[data-uuid=m-1]').innerText()).toContain('FAX誤送信');
    expect(m.callsOf('log_list')[0].args.filter).toEqual({ limit: 500 });
    expect(m.errors).toEqual([]);
    const height = await m.page.evaluate(() => document.documentElement.scrollHeight);
    await m.page.setViewportSize({ width: 1120, height });
    await m.page.screenshot({ path: join(screenshotsDir, 'review.png') });
  });

  it('a filter changes the log_list arguments', async () => {
    const m = await open('#/list');
    await m.page.waitForSelector('[data-testid=items]');
    await m.page.selectOption('#f-status', 'unreviewed');
    await until(() => m.callsOf('log_list').length === 2);
    expect(m.callsOf('log_list')[1].args.filter).toEqual({ status: 'unreviewed', limit: 500 });
    await m.page.fill('#f-since', '2026-11-01');
    await until(() => m.callsOf('log_list').length === 3);
    expect(m.callsOf('log_list')[2].args.filter).toEqual({ since: '2026-11-01', status: 'unreviewed', limit: 500 });
    await m.page.selectOption('#f-category', 'fax');
    await until(() => m.callsOf('log_list').length === 4);
    expect(m.callsOf('log_list')[3].args.filter).toMatchObject({ category: 'fax' });
    expect(await m.page.evaluate(() => location.hash)).toContain('status=unreviewed');
  });

  it('shows a failed log_list in Japanese with the raw message', async () => {
    const m = await open('#/list', backend({ log_list: () => { throw new Reject({ code: 'log', message: 'database is locked' }); } }));
    const box = m.page.locator('.error-box');
    await box.waitFor();
    expect(await box.innerText()).toContain('ヒヤリハット一覧の取得に失敗しました');
    expect(await box.innerText()).toContain('database is locked');
  });

  it('exports the filtered log as CSV and says where', async () => {
    const m = await open('#/list?decision=cancelled', backend({ log_export_csv: () => ({ path: '/home/u/Downloads/ヒヤリハット_20261126-101500.csv', rows: 12 }) }));
    await m.page.waitForSelector('[data-testid=items]');
    await m.page.click('[data-testid=export]');
    await m.page.locator('[data-testid=list-notice] .notice').waitFor();
    expect(await m.page.locator('[data-testid=list-notice]').innerText()).toBe('12 件を書き出しました: /home/u/Downloads/ヒヤリハット_20261126-101500.csv');
    expect(m.callsOf('log_export_csv')[0].args.filter).toEqual({ decision: 'cancelled' });
  });
});

describe('detail and review', () => {
  it('shows masked findings and saves a status change with log_review', async () => {
    const m = await open('#/list');
    await m.page.click('tr[data-uuid="dda2a068-0e2d-43b2-85a9-598cad3edb51"]');
    await m.page.waitForSelector('.detail');
    const text = await m.page.locator('.detail').innerText();
    expect(text).toContain('生年月日: 昭和**年*月*日');
    expect(text).toContain('ok***@mirai-hoken.co.jp');
    expect(text).toContain('まだ確認されていません');
    await m.page.check('input[name=status][value=resolved]');
    await m.page.fill('#r-comment', '本人に注意喚起');
    await m.page.fill('#r-countermeasure', '保険会社宛ては上長の確認を必須にした');
    await m.page.click('[data-testid=save-review]');
    await until(() => m.callsOf('log_review').length === 1);
    expect(m.callsOf('log_review')[0].args.update).toEqual({
      uuid: 'dda2a068-0e2d-43b2-85a9-598cad3edb51', status: 'resolved', comment: '本人に注意喚起', countermeasure: '保険会社宛ては上長の確認を必須にした',
    });
    await m.page.locator('[data-testid=review-notice] .notice').waitFor();
    expect(await m.page.locator('[data-testid=review-current]').innerText()).toContain('対策済');
    await m.page.setViewportSize({ width: 1120, height: await m.page.evaluate(() => document.documentElement.scrollHeight) });
    await m.page.screenshot({ path: join(screenshotsDir, 'review-detail.png') });
  });

  it('shows a rejected review', async () => {
    const m = await open('#/item/m-1', backend({ log_review: () => { throw new Reject({ code: 'bad_input', message: 'unknown status "done"' }); } }));
    await m.page.waitForSelector('.detail');
    expect(await m.page.locator('.detail').innerText()).toContain('FAX番号を1桁間違えて送信しかけた');
    await m.page.click('[data-testid=save-review]');
    await m.page.locator('[data-testid=review-notice] .error-box').waitFor();
    expect(await m.page.locator('[data-testid=review-notice]').innerText()).toContain('確認状況の保存に失敗しました');
  });
});

describe('manual report form', () => {
  it('requires 「何が起きたか」, then submits log_report', async () => {
    const m = await open('#/report', backend({ log_report: () => 'new-uuid-1' }));
    await m.page.waitForSelector('[data-testid=submit-report]');
    await m.page.click('[data-testid=submit-report]');
    expect(await m.page.locator('[data-error-for=what]').innerText()).toBe('「何が起きたか」を入力してください');
    expect(m.callsOf('log_report')).toHaveLength(0);
    await m.page.selectOption('select[name=category]', 'loss');
    await m.page.fill('textarea[name=what]', '顧客名簿を会議室に置き忘れた');
    await m.page.fill('input[name=where]', '本社 3階 会議室B');
    await m.page.fill('textarea[name=action]', '翌朝回収し、持ち出し簿に記録');
    await m.page.click('[data-testid=submit-report]');
    await until(() => m.callsOf('log_report').length === 1);
    const input = m.callsOf('log_report')[0].args.input as Record<string, string>;
    expect(input).toMatchObject({ category: 'loss', what: '顧客名簿を会議室に置き忘れた', where: '本社 3階 会議室B', action: '翌朝回収し、持ち出し簿に記録' });
    expect(input.when).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await m.page.locator('[data-testid=report-notice] .notice').waitFor();
    expect(await m.page.locator('[data-testid=report-notice] a').getAttribute('href')).toBe('#/item/new-uuid-1');
    expect(await m.page.locator('[data-error-for=what]').innerText()).toBe('');
    const labels = await m.page.locator('select[name=category] option').allInnerTexts();
    expect(labels).toEqual(['メール誤送信', 'FAX誤送信', '紛失・置き忘れ', '誤廃棄', '誤交付', 'その他']);
  });
});

describe('settings', () => {
  it('rejects a bad domain client-side, locks policy keys, shows a backend field error', async () => {
    let saves = 0;
    const m = await open('#/settings', backend({
      settings_get: () => settings({ locked: ['countdown_secs'] }),
      settings_save: () => { saves++; throw new Reject({ code: 'invalid_setting', field: 'org_names', message: '「サクラ」は既に別の組織名と重複しています' }); },
    }));
    await m.page.waitForSelector('[data-testid=save-settings]');
    // locked key is read-only and marked
    expect(await m.page.locator('input[name=countdown_secs]').getAttribute('readonly')).not.toBeNull();
    expect(await m.page.locator('[data-field=s-countdown_secs]').innerText()).toContain('組織のポリシーで固定');
    // a bad domain never reaches the backend
    await m.page.fill('textarea[name=internal_domains]', 'sakura-sys.co.jp\nsakura_sys');
    await m.page.fill('input[name=bcc_min_parties]', '0');
    await m.page.click('[data-testid=save-settings]');
    expect(await m.page.locator('[data-error-for=s-internal_domains]').innerText()).toContain('「sakura_sys」はドメイン名の形ではありません');
    expect(await m.page.locator('[data-error-for=s-bcc_min_parties]').innerText()).toBe('2〜1000 の整数で入力してください');
    expect(saves).toBe(0);
    // fixed: the backend's {field, message} lands at that field
    await m.page.fill('textarea[name=internal_domains]', 'sakura-sys.co.jp');
    await m.page.fill('input[name=bcc_min_parties]', '3');
    await m.page.click('[data-testid=save-settings]');
    await until(() => saves === 1);
    await m.page.locator('[data-error-for=s-org_names]:not(:empty)').waitFor();
    expect(await m.page.locator('[data-error-for=s-org_names]').innerText()).toBe('「サクラ」は既に別の組織名と重複しています');
    expect(await m.page.locator('[data-error-for=s-internal_domains]').innerText()).toBe('');
    const sent = m.callsOf('settings_save')[0].args.values;
    expect(sent).toEqual({ internal_domains: ['sakura-sys.co.jp'], org_names: ['サクラシステム'], bcc_min_parties: 3, bcc_min_addresses: 10, countdown_secs: 0, autostart: false, weekly_reminder: false, relay_upstream: '', relay_upstream_tls: 'starttls', relay_hold_secs: 0 });
  });

  it('turns the SMTP relay on with an upstream and a hold, checking the address first', async () => {
    const m = await open('#/settings', backend({ settings_save: (_c, a) => settings({ values: a.values as Settings['values'] }) }));
    await m.page.waitForSelector('[data-testid=relay-settings]');
    expect(await m.page.locator('[data-testid=relay-settings]').innerText()).toContain('ポート 47652');
    await m.page.fill('input[name=relay_upstream]', 'smtp.example.co.jp');
    await m.page.click('[data-testid=save-settings]');
    await m.page.locator('[data-error-for=s-relay_upstream]:not(:empty)').waitFor();
    expect(m.callsOf('settings_save')).toHaveLength(0);
    await m.page.fill('input[name=relay_upstream]', 'smtp.example.co.jp:587');
    await m.page.selectOption('select[name=relay_upstream_tls]', 'tls');
    await m.page.fill('input[name=relay_hold_secs]', '300');
    await m.page.click('[data-testid=save-settings]');
    await m.page.locator('[data-testid=settings-notice] .notice.ok').waitFor();
    expect(m.callsOf('settings_save')[0].args.values).toMatchObject({ relay_upstream: 'smtp.example.co.jp:587', relay_upstream_tls: 'tls', relay_hold_secs: 300 });
  });

  it('shows internal_domains read-only when locked, saves, connects Thunderbird', async () => {
    const m = await open('#/settings', backend({
      settings_save: (_c, a) => settings({ values: a.values as Settings['values'] }),
      connect_thunderbird: () => ({ path: '/home/u/.mozilla/managed-storage/sendguard@sendguard.jp.json' }),
    }));
    await m.page.waitForSelector('[data-testid=save-settings]');
    expect(await m.page.locator('textarea[name=internal_domains]').getAttribute('readonly')).not.toBeNull();
    await m.page.check('input[name=autostart]');
    await m.page.click('[data-testid=save-settings]');
    await m.page.locator('[data-testid=settings-notice] .notice.ok').waitFor();
    expect((m.callsOf('settings_save')[0].args.values as { autostart: boolean }).autostart).toBe(true);
    await m.page.click('[data-testid=connect-thunderbird]');
    await m.page.locator('[data-testid=thunderbird-result] .notice').waitFor();
    expect(await m.page.locator('[data-testid=thunderbird-result]').innerText()).toContain('/home/u/.mozilla/managed-storage/sendguard@sendguard.jp.json');
    await m.page.setViewportSize({ width: 1120, height: await m.page.evaluate(() => document.documentElement.scrollHeight) });
    await m.page.screenshot({ path: join(screenshotsDir, 'settings.png') });
  });

  it('first start goes to the welcome screen asking for domains and names', async () => {
    const m = await open('#/list', backend({
      settings_get: () => settings({ first_run: true, locked: [], values: { ...settings().values, internal_domains: [], org_names: [] } }),
      settings_save: (_c, a) => settings({ values: a.values as Settings['values'] }),
    }));
    await m.page.waitForSelector('textarea[name=org_names]');
    expect(await m.page.evaluate(() => location.hash)).toBe('#/welcome');
    expect(await m.page.locator('input[name=countdown_secs]').count()).toBe(0);
    await m.page.click('[data-testid=save-settings]');
    expect(await m.page.locator('[data-error-for=s-internal_domains]').innerText()).toBe('社内ドメインを 1 つ以上入力してください');
    await m.page.fill('textarea[name=internal_domains]', 'sakura-sys.co.jp');
    await m.page.fill('textarea[name=org_names]', 'サクラシステム\n株式会社サクラシステム');
    await m.page.click('[data-testid=save-settings]');
    await until(() => m.callsOf('settings_save').length === 1);
    expect(m.callsOf('settings_save')[0].args.values).toMatchObject({ internal_domains: ['sakura-sys.co.jp'], org_names: ['サクラシステム', '株式会社サクラシステム'] });
    await m.page.screenshot({ path: join(screenshotsDir, 'welcome.png') });
  });
});

describe('settings: 宛先の履歴', () => {
  it('shows the totals, learns a Sent folder with progress and a summary', async () => {
    let page: MockedPage | null = null;
    let learned = false;
    const m = await open('#/settings', backend({
      history_status: () => (learned ? historyStatus({ messages: 44, addresses: 9, domains: 4 }) : historyStatus()),
      history_learn: async () => {
        await page!.emit('history-learn-progress', { files_done: 0, files: 2, read: 0, bytes_done: 0, bytes: 2000 });
        await page!.emit('history-learn-progress', { files_done: 1, files: 2, read: 30, bytes_done: 1500, bytes: 2000 });
        learned = true;
        return { read: 40, learned: 32, skipped_not_me: 3, skipped_seen: 4, unreadable: 1, me: ['suzuki@sakura-sys.co.jp'], errors: ['/mail/broken: permission denied'] };
      },
    }));
    page = m;
    const section = m.page.locator('[data-testid=history-settings]');
    await m.page.waitForSelector('[data-testid=history-totals]');
    expect(await section.locator('[data-testid=history-totals]').innerText()).toMatch(/学習済みのメール\s+12 通[\s\S]*覚えているアドレス\s+5 件[\s\S]*ドメイン\s+3 件/);
    expect(await section.locator('[data-testid=history-not-yet]').innerText()).toContain('30 通になるまで（あと 18 通）');
    // nothing to learn from: asked, not sent
    await m.page.click('[data-testid=history-learn]');
    expect(await m.page.locator('[data-error-for=history-paths]').innerText()).toBe('mbox ファイルかフォルダのパスを入力してください');
    expect(m.callsOf('history_learn')).toHaveLength(0);
    await m.page.fill('textarea[name=history_paths]', '/home/u/.thunderbird/p/Mail/Local Folders/Sent\n\n /home/u/送信済み ');
    await m.page.click('[data-testid=history-learn]');
    await m.page.locator('[data-testid=history-summary]').waitFor();
    expect(m.callsOf('history_learn')[0].args).toEqual({ paths: ['/home/u/.thunderbird/p/Mail/Local Folders/Sent', '/home/u/送信済み'] });
    const result = await m.page.locator('[data-testid=history-learn-result]').innerText();
    expect(result).toContain('40 通を読み、32 通を学習しました（スキップ: 自分以外から 3 通・学習済み 4 通・読めない 1 通）。');
    expect(result).toContain('suzuki@sakura-sys.co.jp');
    expect(result).toContain('/mail/broken: permission denied');
    expect(await m.page.locator('[data-testid=history-progress-text]').innerText()).toBe('1 / 2 ファイル・30 通を読みました');
    await m.page.waitForFunction(() => document.querySelector('[data-total=messages]')?.textContent === '44 通');
    expect(await m.page.locator('[data-testid=history-not-yet]').count()).toBe(0);
    expect(m.errors).toEqual([]);
  });

  it('names a path the backend cannot find at the field', async () => {
    const m = await open('#/settings', backend({
      history_learn: () => { throw new Reject({ code: 'bad_input', field: 'paths', message: '/nope が見つかりません (no such file or folder)' }); },
    }));
    await m.page.waitForSelector('[data-testid=history-totals]');
    await m.page.fill('textarea[name=history_paths]', '/nope');
    await m.page.click('[data-testid=history-learn]');
    await m.page.locator('[data-error-for=history-paths]:not(:empty)').waitFor();
    expect(await m.page.locator('[data-error-for=history-paths]').innerText()).toContain('/nope が見つかりません');
  });

  it('clears what was learned only after a confirmation', async () => {
    const m = await open('#/settings', backend({ history_clear: () => historyStatus({ messages: 0, addresses: 0, domains: 0 }) }));
    await m.page.waitForSelector('[data-testid=history-totals]');
    await m.page.click('[data-testid=history-clear]');
    expect(await m.page.locator('[data-testid=history-clear-confirm]').innerText()).toContain('組織名リストは残ります');
    await m.page.click('[data-testid=history-clear-no]');
    expect(await m.page.locator('[data-testid=history-clear-confirm]').count()).toBe(0);
    expect(m.callsOf('history_clear')).toHaveLength(0);
    await m.page.click('[data-testid=history-clear]');
    await m.page.click('[data-testid=history-clear-yes]');
    await m.page.locator('[data-testid=history-clear-result] .notice.ok').waitFor();
    expect(m.callsOf('history_clear')).toHaveLength(1);
    expect(await m.page.locator('[data-total=messages]').innerText()).toBe('0 通');
  });

  it('says so when the history is off, and a failed status in Japanese', async () => {
    const m = await open('#/settings', backend({ history_status: () => historyStatus({ available: false, path: null, messages: 0, addresses: 0, domains: 0 }) }));
    await m.page.locator('[data-testid=history-off]').waitFor();
    expect(await m.page.locator('[data-testid=history-off]').innerText()).toContain('宛先の履歴を開けませんでした');
    const m2 = await open('#/settings', backend({
      history_learn: () => { throw new Reject({ code: 'history_off', message: 'the recipient history is off' }); },
    }));
    await m2.page.waitForSelector('[data-testid=history-totals]');
    await m2.page.fill('textarea[name=history_paths]', '/mail/Sent');
    await m2.page.click('[data-testid=history-learn]');
    await m2.page.locator('[data-testid=history-learn-result] .error-box').waitFor();
    expect(await m2.page.locator('[data-testid=history-learn-result]').innerText()).toContain('宛先の履歴を開けませんでした');
  });

  it('edits the organisation list as rows, shows a bad line at its row, and as CSV text', async () => {
    let saves = 0;
    const m = await open('#/settings', backend({
      organisations_get: () => organisations({
        org: { path: '/etc/sendguard/organisations.csv', exists: true, text: 'aoba.jp,青葉物流\n', rows: [{ domain: 'aoba.jp', names: ['青葉物流'] }], problem: null, problem_line: null },
      }),
      organisations_save: (_c, a) => {
        saves++;
        const text = a.text as string;
        if (saves === 1) throw new Reject({ code: 'invalid_setting', field: 'organisations', line: 3, message: '3 行目 (line 3): 組織名がありません (no organisation name after the domain)' });
        return organisations({ own: { ...organisations().own, text, rows: [{ domain: 'minato-design.co.jp', names: ['港設計'] }] } });
      },
    }));
    await m.page.waitForSelector('[data-testid=org-rows] tbody tr');
    const rows = m.page.locator('[data-testid=org-rows] tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('input[name=org_row_names]').inputValue()).toBe('楓商事、Kaede Shoji Co., Ltd.');
    // the organisation's own list: read-only, marked
    const org = m.page.locator('[data-testid=org-policy-list]');
    expect(await org.innerText()).toContain('組織のポリシーで固定');
    expect(await org.innerText()).toContain('青葉物流');
    expect(await org.locator('input').count()).toBe(0);
    // a new row without names: the backend names line 3, shown at that row
    await m.page.click('[data-testid=org-add-row]');
    await rows.nth(2).locator('input[name=org_row_domain]').fill('minato-design.co.jp');
    await m.page.click('[data-testid=org-save]');
    await until(() => saves === 1);
    expect(m.callsOf('organisations_save')[0].args.text).toBe('kaede-shoji.co.jp,楓商事,"Kaede Shoji Co., Ltd."\nhikari-tech.co.jp,ひかりテック\nminato-design.co.jp\n');
    await m.page.locator('[data-testid=org-rows] tr.has-error').waitFor();
    expect(await m.page.locator('[data-testid=org-rows] tr.has-error').getAttribute('data-row')).toBe('2');
    expect(await m.page.locator('[data-testid=org-notice]').innerText()).toBe('3 行目を確認してください');
    expect(await m.page.locator('[data-error-for=org-rows]').innerText()).toContain('組織名がありません');
    // fixed in the CSV editor, which carries what the rows held
    await m.page.click('button[data-mode=csv]');
    const csv = m.page.locator('textarea[name=organisations_csv]');
    expect(await csv.inputValue()).toContain('minato-design.co.jp\n');
    await csv.fill('minato-design.co.jp,港設計\n');
    await m.page.click('[data-testid=org-save]');
    await m.page.locator('[data-testid=org-notice] .notice.ok').waitFor();
    expect(m.callsOf('organisations_save')[1].args.text).toBe('minato-design.co.jp,港設計\n');
    await m.page.click('button[data-mode=rows]');
    expect(await rows.count()).toBe(1);
    expect(await rows.nth(0).locator('input[name=org_row_names]').inputValue()).toBe('港設計');
    const section = m.page.locator('[data-testid=history-settings]');
    await section.scrollIntoViewIfNeeded();
    await m.page.setViewportSize({ width: 1120, height: await m.page.evaluate(() => document.documentElement.scrollHeight) });
    await section.screenshot({ path: join(screenshotsDir, 'settings-history.png') });
  });

  it('opens a list that does not load in the CSV editor, the line selected after a failed save', async () => {
    const broken = { ...organisations().own, text: 'kaede-shoji.co.jp,楓商事\n楓商事\n', rows: [], problem: '2 行目 (line 2): 1 列目はドメインにしてください', problem_line: 2 };
    const m = await open('#/settings', backend({
      organisations_get: () => organisations({ own: broken }),
      organisations_save: () => { throw new Reject({ code: 'invalid_setting', field: 'organisations', line: 2, message: '2 行目 (line 2): 1 列目はドメインにしてください (the first column must be a domain, e.g. kaede-shoji.co.jp)' }); },
    }));
    await m.page.locator('[data-testid=org-problem]').waitFor();
    expect(await m.page.locator('textarea[name=organisations_csv]').isVisible()).toBe(true);
    await m.page.click('[data-testid=org-save]');
    await m.page.locator('[data-error-for=org-csv]:not(:empty)').waitFor();
    expect(await m.page.locator('[data-error-for=org-csv]').innerText()).toContain('1 列目はドメインにしてください');
    const selected = await m.page.locator('textarea[name=organisations_csv]').evaluate((el) => {
      const t = el as HTMLTextAreaElement;
      return t.value.slice(t.selectionStart, t.selectionEnd);
    });
    expect(selected).toBe('楓商事');
  });
});

describe('detail of a history finding', () => {
  it('shows the suggestion and the replaced recipient as stored (masked)', async () => {
    const event = { ...(logItems()[1] as LoggedEvent & { kind: 'event' }) };
    event.uuid = 'h-1';
    event.decision = 'sent_after_fix';
    event.findings = [{
      check: 'recipient_mismatch', severity: 'danger', location: 'to', count: 1,
      message: '本文の宛名は『楓商事株式会社 田**様』ですが、宛先 t.***@hikari-tech.co.jp はこれまで株式会社ひかりテック宛てに使われています',
      subject_of: 't.***@hikari-tech.co.jp', suggestion: 'ta***@kaede-shoji.co.jp',
      parties: [
        { role: 'named', text: '楓商事株式会社 田**様', known_as: ['楓商事株式会社'], sends: 0 },
        { role: 'recipient', text: 't.***@hikari-tech.co.jp', known_as: ['株式会社ひかりテック'], sends: 14 },
        { role: 'suggestion', text: 'ta***@kaede-shoji.co.jp', known_as: ['楓商事株式会社'], sends: 23 },
      ],
    }];
    event.changes = { moved_to_bcc: [], removed_recipients: [], removed_attachments: [], replaced_recipients: [{ from: 't.***@hikari-tech.co.jp', to: 'ta***@kaede-shoji.co.jp' }] };
    const m = await open('#/item/h-1', backend({ log_get: () => event }));
    await m.page.waitForSelector('.detail');
    expect(await m.page.locator('[data-testid=suggestion]').innerText()).toBe('候補: ta***@kaede-shoji.co.jp');
    expect(await m.page.locator('[data-testid=replaced]').innerText()).toBe('t.***@hikari-tech.co.jp → ta***@kaede-shoji.co.jp');
    const text = await m.page.locator('.detail').innerText();
    expect(text).toContain('宛名と宛先の食い違い');
    expect(text).toContain('替えた宛先');
    expect(text).toMatch(/候補\s+ta\*\*\*@kaede-shoji\.co\.jp\s+楓商事株式会社\s+23 回送信/);
    expect(text).not.toContain('tanaka@');
  });
});

describe('import, stats, print', () => {
  it('imports a folder with a progress bar and lists failed files', async () => {
    let page: MockedPage | null = null;
    const m = await open('#/import', backend({
      log_import_folder: async () => {
        await page!.emit('import-progress', { done: 1, total: 3, file: 'sato.jsonl' });
        await page!.emit('import-progress', { done: 3, total: 3, file: 'suzuki.jsonl' });
        return { files: 3, added: 41, updated_review: 2, unchanged: 5, failed: [{ file: 'broken.jsonl', error: 'line 3: expected value' }] };
      },
    }));
    page = m;
    await m.page.waitForSelector('[data-testid=start-import]');
    await m.page.click('[data-testid=start-import]');
    expect(await m.page.locator('[data-error-for=path]').innerText()).toBe('フォルダのパスを入力してください');
    await m.page.fill('input[name=path]', '/srv/share/ヒヤリハット');
    await m.page.click('[data-testid=start-import]');
    await m.page.locator('[data-testid=import-result] .notice').waitFor();
    expect(m.callsOf('log_import_folder')[0].args).toEqual({ path: '/srv/share/ヒヤリハット' });
    const text = await m.page.locator('[data-testid=import-result]').innerText();
    expect(text).toContain('3 ファイルから 41 件を新しく取り込みました（確認状況を更新 2 件、取り込み済み 5 件）。');
    expect(text).toContain('broken.jsonl');
    expect(await m.page.locator('[data-testid=import-progress]').evaluate((el) => (el as HTMLProgressElement).value)).toBe(3);
  });

  it('draws the charts from log_stats', async () => {
    const m = await open('#/stats');
    await m.page.waitForSelector('canvas[data-chart=type]');
    await m.page.waitForFunction(() => [...document.querySelectorAll('canvas')].every((c) => c.width > 0));
    expect(await m.page.locator('[data-testid=stat-cards]').innerText()).toContain('23');
    expect(m.errors).toEqual([]);
    await m.page.screenshot({ path: join(screenshotsDir, 'stats.png'), fullPage: true });
  });

  it('prints the monthly report', async () => {
    const m = await open('#/print?month=2026-11');
    await m.page.waitForSelector('.print-items, .print-block p.muted');
    expect(m.callsOf('log_stats')[0].args.filter).toEqual({ since: '2026-11-01', until: '2026-11-30' });
    const text = await m.page.locator('.print-page').innerText();
    expect(text).toContain('ヒヤリハット月次報告　2026年11月');
    expect(text).toContain('FAX番号を1桁間違えて送信しかけた');
    await m.page.evaluate(() => { (window as unknown as { printed: number }).printed = 0; window.print = () => { (window as unknown as { printed: number }).printed++; }; });
    await m.page.click('[data-testid=print]');
    expect(await m.page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await m.page.emulateMedia({ media: 'print' });
    expect(await m.page.locator('.app-head').isVisible()).toBe(false);
    await m.page.screenshot({ path: join(screenshotsDir, 'print.png'), fullPage: true });
  });
});

describe('hold queue (送信待ち)', () => {
  const held = [
    { id: 3, state: 'held', state_label: '送信待ち', subject: '見積書の送付', from: 'suzuki@sakura-sys.co.jp', to: ['tanaka@kaede.co.jp'], seconds_left: 240, last_error: null, server: 'smtp.example.jp:587' },
    { id: 4, state: 'sending', state_label: '送信中', subject: '議事録', from: 'suzuki@sakura-sys.co.jp', to: ['sato@sakura-sys.co.jp'], seconds_left: 0, last_error: null, server: 'smtp.example.jp:587' },
  ];

  it('lists held mail with the seconds left and takes one back', async () => {
    let left = held;
    const m = await open('#/queue', backend({
      relay_queue: () => left,
      relay_queue_cancel: (_c, args) => {
        left = left.filter((x) => x.id !== args.id);
        return `/home/u/.local/share/sendguard/relay/recalled/${String(args.id)}.eml`;
      },
    }));
    await m.page.waitForSelector('[data-testid=queue-table] tr[data-id="3"]');
    const row = await m.page.locator('tr[data-id="3"]').innerText();
    expect(row).toContain('見積書の送付');
    expect(row).toContain('あと 240 秒');
    expect(await m.page.locator('[data-testid=cancel-4]').count()).toBe(0);
    await m.page.click('[data-testid=cancel-3]');
    await m.page.locator('[data-testid=queue-notice] .notice').waitFor();
    expect(await m.page.locator('[data-testid=queue-notice]').innerText()).toContain('3 番を取り消しました');
    expect(m.callsOf('relay_queue_cancel')[0].args).toEqual({ id: 3 });
    await m.page.locator('tr[data-id="3"]').waitFor({ state: 'detached' });
    expect(m.errors).toEqual([]);
  });

  it('says why a mail could not be taken back', async () => {
    const m = await open('#/queue', backend({
      relay_queue: () => held,
      relay_queue_send: () => { throw new Reject({ code: 'held_mail_busy', message: '3 番はもう送信中です' }); },
    }));
    await m.page.click('[data-testid=send-3]');
    const box = m.page.locator('[data-testid=queue-notice] .error-box');
    await box.waitFor();
    expect(await box.innerText()).toContain('今すぐ送信に失敗しました');
    expect(await box.innerText()).toContain('3 番はもう送信中です');
  });
});
