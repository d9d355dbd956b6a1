// The confirmation dialog in a real browser with the backend mocked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { join } from 'node:path';
import { fixture, launch, openPage, Reject, screenshotsDir, startServer, until, type MockedPage } from './harness';
import type { PendingCheck, Report } from '../../src/ipc/types';

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

function pendingOf(name: string, extra: Partial<PendingCheck> = {}): PendingCheck {
  return { id: 7, report: fixture<Report>(name), queued: 0, countdown_secs: 0, client: 'thunderbird/128.5.0esr', ...extra };
}

/** A backend that serves `queue` in order: each decide removes the head. */
function queueBackend(queue: PendingCheck[]) {
  return (cmd: string, args: Record<string, unknown>) => {
    if (cmd === 'pending_check') return queue[0] ? { ...queue[0], queued: queue.length - 1 } : null;
    if (cmd === 'decide') {
      const d = args.decision as { id: number };
      if (!queue[0] || queue[0].id !== d.id) throw new Reject({ code: 'no_pending_send', message: `送信 ${d.id} は確認待ちではありません` });
      queue.shift();
      return null;
    }
    throw new Reject({ code: 'internal', message: `unexpected command ${cmd}` });
  };
}

async function openDialog(queue: PendingCheck[]): Promise<MockedPage> {
  const m = await openPage(browser, server.url, 'dialog.html', queueBackend(queue), { windowLabel: 'dialog' });
  await m.page.waitForSelector('.dlg[data-pending-id]');
  return m;
}

const sendButton = (m: MockedPage) => m.page.locator('[data-testid=send]');

describe('dialog with a risky draft', () => {
  it('keeps Send disabled until every box is ticked, then decides send:true with the seconds', async () => {
    const m = await openDialog([pendingOf('report-10-rfc2231-csv-attachment')]);
    const boxes = m.page.locator('input[type=checkbox]');
    const n = await boxes.count();
    expect(n).toBe(3); // personal data record, the CSV, the outside recipient
    await expect.poll(() => sendButton(m).textContent()).toBe('送信（あと 3 件確認）');
    for (let i = 0; i < n; i++) {
      expect(await sendButton(m).isDisabled()).toBe(true);
      await boxes.nth(i).check();
    }
    expect(await sendButton(m).isEnabled()).toBe(true);
    expect(await sendButton(m).textContent()).toBe('送信');
    await m.page.waitForTimeout(300);
    await sendButton(m).click();
    await until(() => m.callsOf('decide').length === 1);
    const d = m.callsOf('decide')[0].args.decision as { id: number; send: boolean; seconds: number; changes: unknown };
    expect(d.id).toBe(7);
    expect(d.send).toBe(true);
    expect(d.seconds).toBeGreaterThan(0.2);
    expect(d.changes).toEqual({ move_to_bcc: [], remove_recipients: [], remove_attachments: [], replace_recipients: [] });
    // after deciding it asks again and shows the empty state
    await m.page.waitForSelector('[data-testid=nothing-pending]');
    expect(m.callsOf('pending_check').length).toBeGreaterThanOrEqual(2);
    expect(m.errors).toEqual([]);
  });

  it('shows personal data, attachment size and the full address', async () => {
    const m = await openDialog([pendingOf('report-10-rfc2231-csv-attachment')]);
    const text = await m.page.locator('.dlg').innerText();
    expect(text).toContain('顧客リスト_2024年度.csv: 3件（氏名・住所・電話番号）');
    expect(text).toContain('201 B');
    expect(text).toContain('<yoshida@toto-print.co.jp>');
  });

  it('a file named like the engine\'s prose (「（A・B）。」, 「・」) is shown from the typed fields', async () => {
    const name = '見積（A・B）。xlsx';
    const p = pendingOf('report-10-rfc2231-csv-attachment');
    p.report.attachments = [{ name, size: 2048, content_type: 'application/octet-stream' }];
    p.report.findings = [
      {
        check: 'personal_data', type: 'record', severity: 'danger', location: `attachment:${name}/名簿・一覧.csv`,
        attachment_path: [name, '名簿・一覧.csv'], count: 2, items: ['person_name', 'birth_date'],
        message: `添付ファイル ${name}/名簿・一覧.csv に 2 人分の個人データ（氏名・生年月日）があります`,
      },
      {
        check: 'attachment', severity: 'info', location: `attachment:${name}`, attachment_path: [name], count: 1,
        message: `${name}: ファイルが壊れているため読めません`, subject_of: name,
        notes: [`${name}: ファイルが壊れているため読めません`],
      },
    ];
    const m = await openDialog([p]);
    const text = await m.page.locator('.dlg').innerText();
    expect(text).toContain(`${name}/名簿・一覧.csv: 2件（氏名・生年月日）`);
    expect(text).toContain(`${name}: ファイルが壊れているため読めません`);
    // Removing the file makes its record moot: only the outside recipient is left.
    await m.page.locator(`[data-remove-attachment="${name}"]`).click();
    await m.page.locator('[data-address="yoshida@toto-print.co.jp"] input').check();
    expect(await sendButton(m).isEnabled()).toBe(true);
  });

  it('removing the attachment clears its boxes and sends remove_attachments', async () => {
    const m = await openDialog([pendingOf('report-10-rfc2231-csv-attachment')]);
    await m.page.locator('[data-remove-attachment="顧客リスト_2024年度.csv"]').click();
    expect(await sendButton(m).textContent()).toBe('送信（あと 1 件確認）');
    await m.page.locator('[data-address="yoshida@toto-print.co.jp"] input').check();
    await sendButton(m).click();
    await until(() => m.callsOf('decide').length === 1);
    const d = m.callsOf('decide')[0].args.decision as { changes: { remove_attachments: string[] } };
    expect(d.changes.remove_attachments).toEqual(['顧客リスト_2024年度.csv']);
  });

  it('the BCC one-click sends move_to_bcc with exactly the outside To/Cc', async () => {
    const p = pendingOf('report-14-cc-bcc-mistake');
    const m = await openDialog([p]);
    const bcc = m.page.locator('[data-testid=bcc-send]');
    expect(await bcc.isDisabled()).toBe(true);
    // the free-mail warnings and the internal box still need a tick
    for (const li of await m.page.locator('li.alert[data-check=freemail_recipient] input').all()) await li.check();
    await m.page.locator('input[data-key=internal]').check();
    expect(await bcc.isEnabled()).toBe(true);
    expect(await sendButton(m).isDisabled()).toBe(true);
    await bcc.click();
    await until(() => m.callsOf('decide').length === 1);
    const d = m.callsOf('decide')[0].args.decision as { send: boolean; changes: { move_to_bcc: string[] } };
    const external = p.report.recipients.filter((r) => r.external && r.field !== 'bcc').map((r) => r.address).sort();
    expect(d.send).toBe(true);
    expect(d.changes.move_to_bcc.slice().sort()).toEqual(external);
    expect(d.changes.move_to_bcc).toHaveLength(15);
  });

  it('Esc cancels with send:false', async () => {
    const m = await openDialog([pendingOf('report-15-lookalike-domains')]);
    await m.page.keyboard.press('Escape');
    await until(() => m.callsOf('decide').length === 1);
    const d = m.callsOf('decide')[0].args.decision as { send: boolean; changes: unknown };
    expect(d.send).toBe(false);
    expect(d.changes).toEqual({ move_to_bcc: [], remove_recipients: [], remove_attachments: [], replace_recipients: [] });
  });

  it('keyboard only: Tab/Space through every box, Enter sends', async () => {
    const m = await openDialog([pendingOf('report-16-display-name-spoof')]);
    const total = await m.page.locator('input[type=checkbox]').count();
    expect(total).toBe(7); // 5 alerts + 2 outside recipients
    // Enter before everything is ticked does nothing
    await m.page.keyboard.press('Enter');
    let ticked = 0;
    for (let step = 0; step < 60 && ticked < total; step++) {
      const isBox = await m.page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type === 'checkbox');
      if (isBox) {
        await m.page.keyboard.press('Space');
        ticked++;
      }
      await m.page.keyboard.press('Tab');
    }
    expect(await m.page.locator('input[type=checkbox]:checked').count()).toBe(total);
    expect(m.callsOf('decide')).toHaveLength(0);
    // focus back on a box, then Enter sends
    await m.page.locator('input[type=checkbox]').first().focus();
    await m.page.keyboard.press('Enter');
    await until(() => m.callsOf('decide').length === 1);
    expect((m.callsOf('decide')[0].args.decision as { send: boolean }).send).toBe(true);
  });

  it('a block verdict never enables Send', async () => {
    const p = pendingOf('report-16-display-name-spoof');
    p.report.verdict = 'block';
    p.report.findings[1].blocked = true;
    const m = await openDialog([p]);
    expect(await m.page.locator('[data-testid=block-banner]').innerText()).toContain('このメールは送信できません');
    expect(await sendButton(m).isDisabled()).toBe(true);
    expect(await sendButton(m).textContent()).toBe('送信できません');
    expect(await m.page.locator('input[type=checkbox]:enabled').count()).toBe(0);
    // the only thing to do is cancel: it has the focus
    expect(await m.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('cancel');
    await m.page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await m.page.keyboard.press('Enter');
    await m.page.waitForTimeout(200);
    expect(m.callsOf('decide')).toHaveLength(0);
    await m.page.locator('[data-testid=cancel]').click();
    await until(() => m.callsOf('decide').length === 1);
    expect((m.callsOf('decide')[0].args.decision as { send: boolean }).send).toBe(false);
  });

  it('shows the queued count and moves on to the next send', async () => {
    const queue = [pendingOf('report-15-lookalike-domains', { id: 1 }), pendingOf('report-20-ppap-encrypted-zip', { id: 2 }), pendingOf('report-24-customer-list-in-body', { id: 3 })];
    const m = await openDialog(queue);
    expect(await m.page.locator('[data-testid=queued]').innerText()).toBe('ほかに 2 件の送信が確認待ちです');
    await m.page.keyboard.press('Escape');
    await m.page.waitForSelector('.dlg[data-pending-id="2"]');
    expect(await m.page.locator('[data-testid=queued]').innerText()).toBe('ほかに 1 件の送信が確認待ちです');
    expect(await m.page.locator('[data-testid=subject]').innerText()).toBe('お見積書送付の件（カエデ電機様）');
    expect(await m.page.locator('.dlg').innerText()).toContain('パスワード付きのため中身を確認できません');
  });

  it('pending-changed keeps ticks of the same send and updates the queued count', async () => {
    const queue = [pendingOf('report-20-ppap-encrypted-zip', { id: 4 })];
    const m = await openDialog(queue);
    await m.page.locator('input[type=checkbox]').first().check();
    queue.push(pendingOf('report-10-rfc2231-csv-attachment', { id: 5 }));
    await m.emit('pending-changed');
    await m.page.waitForSelector('[data-testid=queued]:not([hidden])');
    expect(await m.page.locator('[data-testid=queued]').innerText()).toBe('ほかに 1 件の送信が確認待ちです');
    expect(await m.page.locator('input[type=checkbox]').first().isChecked()).toBe(true);
  });

  it('counts down before Send is allowed', async () => {
    const m = await openDialog([pendingOf('report-20-ppap-encrypted-zip', { countdown_secs: 2 })]);
    for (const b of await m.page.locator('input[type=checkbox]').all()) await b.check();
    expect(await sendButton(m).isDisabled()).toBe(true);
    expect(await sendButton(m).textContent()).toMatch(/^送信（あと [12] 秒）$/);
    await m.page.waitForFunction(() => !(document.querySelector('[data-testid=send]') as HTMLButtonElement).disabled, null, { timeout: 4000 });
    expect(await sendButton(m).textContent()).toBe('送信');
  });

  it('shows a decide failure in Japanese with the raw message', async () => {
    const m = await openPage(browser, server.url, 'dialog.html', (cmd) => {
      if (cmd === 'pending_check') return pendingOf('report-15-lookalike-domains');
      throw new Reject({ code: 'internal', message: 'hook connection lost' });
    }, { windowLabel: 'dialog' });
    await m.page.waitForSelector('.dlg[data-pending-id]');
    await m.page.keyboard.press('Escape');
    const err = m.page.locator('[data-testid=dialog-error]');
    await err.locator('.error-box').waitFor();
    const text = await err.innerText();
    expect(text).toContain('送信可否の連絡に失敗しました');
    expect(text).toContain('hook connection lost');
  });

  it('shows the wrong 田中様 first with the evidence side by side, and replaces in one click', async () => {
    const m = await openDialog([pendingOf('report-history-mismatch')]);
    // first in the body, above every other section
    const first = await m.page.evaluate(() => document.querySelector('.dlg-body')!.firstElementChild!.getAttribute('data-testid'));
    expect(first).toBe('mismatches');
    const card = m.page.locator('[data-testid=mismatch-card]');
    expect(await card.getAttribute('class')).toContain('sev-danger');
    const rows = await card.locator('table.parties tr').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      '宛名 楓商事株式会社 田中様 楓商事株式会社',
      '宛先 t.tanaka@hikari-tech.co.jp 株式会社ひかりテック 14 回送信',
      '候補 tanaka@kaede-shoji.co.jp 楓商事株式会社 23 回送信',
    ]);
    // the recipient's row says why, and its company name is not vouched for
    expect(await m.page.locator('[data-address="t.tanaka@hikari-tech.co.jp"]').innerText()).toContain('宛名と違う宛先');
    // the first box is the card's
    expect(await m.page.evaluate(() => (document.activeElement as HTMLInputElement).dataset.key)).toBe('f:0');
    expect(await sendButton(m).isDisabled()).toBe(true);
    const replace = m.page.locator('[data-testid=replace-send]');
    expect(await replace.innerText()).toBe('宛先を tanaka@kaede-shoji.co.jp に替えて送信');
    expect(await replace.isEnabled()).toBe(true);
    await replace.click();
    await until(() => m.callsOf('decide').length === 1);
    const d = m.callsOf('decide')[0].args.decision as { send: boolean; changes: unknown };
    expect(d.send).toBe(true);
    expect(d.changes).toEqual({
      move_to_bcc: [], remove_recipients: [], remove_attachments: [],
      replace_recipients: [{ from: 't.tanaka@hikari-tech.co.jp', to: 'tanaka@kaede-shoji.co.jp' }],
    });
    expect(m.errors).toEqual([]);
  });

  it('offers no replacement without a suggestion; sending as it is needs the ticks', async () => {
    const p = pendingOf('report-history-mismatch');
    delete p.report.findings[0].suggestion;
    const m = await openDialog([p]);
    await m.page.locator('[data-testid=mismatch-card]').waitFor();
    expect(await m.page.locator('[data-testid=replace-send]').count()).toBe(0);
    expect(await m.page.locator('[data-testid=mismatch-card]').innerText()).toContain('この宛先で正しいことを確認しました');
    for (const b of await m.page.locator('input[type=checkbox]').all()) await b.check();
    await sendButton(m).click();
    await until(() => m.callsOf('decide').length === 1);
    expect((m.callsOf('decide')[0].args.decision as { changes: { replace_recipients: unknown[] } }).changes.replace_recipients).toEqual([]);
  });

  it('the replacement waits for the other boxes, and is gone once the recipient is removed', async () => {
    const p = pendingOf('report-history-attachment');
    p.report.findings.push({ ...pendingOf('report-history-mismatch').report.findings[0] });
    const m = await openDialog([p]);
    const cards = m.page.locator('[data-testid=mismatch-card]');
    expect(await cards.count()).toBe(2);
    expect(await cards.nth(0).getAttribute('data-check')).toBe('recipient_mismatch');
    expect(await cards.nth(1).innerText()).toContain('ファイル名');
    const replace = m.page.locator('[data-testid=replace-send]');
    expect(await replace.isDisabled()).toBe(true);
    expect(await cards.nth(0).locator('.bcc-note').innerText()).toMatch(/^替えて送る前に、ほかに \d+ 件の確認が必要です$/);
    await m.page.locator('[data-remove-recipient="t.tanaka@hikari-tech.co.jp"]').click();
    expect(await cards.nth(0).locator('.bcc-note').innerText()).toBe('この宛先は外されています。');
    await m.page.locator('[data-remove-recipient="t.tanaka@hikari-tech.co.jp"]').click();
    // tick everything that is not about the replaced recipient
    for (const b of await m.page.locator('input[type=checkbox]').all()) {
      const key = await b.getAttribute('data-key');
      const about = await b.evaluate((el) => !!el.closest('[data-address="t.tanaka@hikari-tech.co.jp"], [data-check=recipient_mismatch]'));
      if (!about && key) await b.check();
    }
    expect(await replace.isEnabled()).toBe(true);
    expect(await sendButton(m).isDisabled()).toBe(true);
    await replace.click();
    await until(() => m.callsOf('decide').length === 1);
    expect((m.callsOf('decide')[0].args.decision as { changes: { replace_recipients: unknown[]; move_to_bcc: unknown[] } }).changes)
      .toMatchObject({ move_to_bcc: [], replace_recipients: [{ from: 't.tanaka@hikari-tech.co.jp', to: 'tanaka@kaede-shoji.co.jp' }] });
  });

  async function shot(m: MockedPage, file: string) {
    const height = await m.page.evaluate(() => document.documentElement.scrollHeight);
    await m.page.setViewportSize({ width: 880, height });
    await m.page.screenshot({ path: join(screenshotsDir, file) });
  }

  it('screenshot of the dialog', async () => {
    const m = await openDialog([pendingOf('report-15-lookalike-domains', { queued: 0 }), pendingOf('report-20-ppap-encrypted-zip', { id: 8 })]);
    await m.page.locator('input[type=checkbox]').nth(0).check();
    await shot(m, 'dialog.png');
    const m2 = await openDialog([pendingOf('report-14-cc-bcc-mistake')]);
    await shot(m2, 'dialog-bcc.png');
    const m3 = await openDialog([pendingOf('report-10-rfc2231-csv-attachment')]);
    await shot(m3, 'dialog-csv.png');
    const m4 = await openDialog([pendingOf('report-20-ppap-encrypted-zip')]);
    await shot(m4, 'dialog-ppap.png');
    const m5 = await openDialog([pendingOf('report-history-mismatch')]);
    await shot(m5, 'dialog-recipient-mismatch.png');
  });
});
