// The review window (index.html): list, filters, detail + status workflow, report
// form, settings, import, export, print and charts, with the backend mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { fixture, launch, openPage, Reject, screenshotsDir, startServer, until, type Backend, type MockedPage } from './harness';
import type { Item, LoggedManual, Settings, Stats } from '../../src/ipc/types';

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

function backend(extra: Record<string, Backend> = {}): Backend {
  const items = logItems();
  return (cmd, args) => {
    if (extra[cmd]) return extra[cmd](cmd, args);
    switch (cmd) {
      case 'settings_get': return settings();
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
