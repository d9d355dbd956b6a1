import { describe, expect, it } from 'vitest';
import { attachmentOfFinding, humanSize, locationLabel, monthRange, recordItemLabels } from '../../src/lib/format';
import { describeError } from '../../src/ipc/errors';
import { ja } from '../../src/i18n/ja';

describe('humanSize', () => {
  it.each([
    [0, '0 B'], [201, '201 B'], [1023, '1023 B'], [1024, '1 KB'], [1536, '1.5 KB'],
    [49152, '48 KB'], [122880, '120 KB'], [1048576, '1 MB'], [1258291, '1.2 MB'], [52428800, '50 MB'],
  ])('%i → %s', (n, s) => expect(humanSize(n)).toBe(s));
});

describe('locations', () => {
  it('labels body, subject and attachments from the typed path', () => {
    expect(locationLabel({ location: 'body' })).toBe('本文');
    expect(locationLabel({ location: 'subject' })).toBe('件名');
    expect(
      locationLabel({ location: 'attachment:見積.zip/2024/明細.xlsx', attachment_path: ['見積.zip', '2024/明細.xlsx'] }),
    ).toBe('見積.zip/2024/明細.xlsx');
    // A log entry from before attachment_path.
    expect(locationLabel({ location: 'attachment:a.pdf' })).toBe('a.pdf');
  });
  it('finds the attachment by the first name of the path, whatever the names hold', () => {
    const names = ['見積（A・B）。xlsx', '見積（A・B）。xlsx/x', 'a.pdf'];
    expect(attachmentOfFinding({ location: 'attachment:見積（A・B）。xlsx/x/y.csv', attachment_path: ['見積（A・B）。xlsx/x', 'y.csv'] }, names)).toBe('見積（A・B）。xlsx/x');
    expect(attachmentOfFinding({ location: 'attachment:a.pdf', attachment_path: ['a.pdf'] }, names)).toBe('a.pdf');
    expect(attachmentOfFinding({ location: 'body' }, names)).toBeNull();
    expect(attachmentOfFinding({ location: 'attachment:gone.pdf', attachment_path: ['gone.pdf'] }, names)).toBeNull();
  });
});

describe('recordItemLabels', () => {
  it('names the typed items of a record, each once', () => {
    expect(recordItemLabels(['person_name', 'address', 'postal_code', 'phone_number', 'birth_date'])).toEqual(['氏名', '住所', '電話番号', '生年月日']);
    expect(recordItemLabels(undefined)).toEqual([]);
  });
});

describe('monthRange', () => {
  it('covers the whole month, leap years included', () => {
    expect(monthRange('2026-11')).toMatchObject({ since: '2026-11-01', until: '2026-11-30' });
    expect(monthRange('2028-02')).toMatchObject({ until: '2028-02-29' });
    expect(monthRange('2026-13')).toBeNull();
    expect(monthRange('11/2026')).toBeNull();
  });
});

describe('describeError', () => {
  it('names the command in Japanese and keeps the raw text', () => {
    const e = describeError('log_list', { code: 'log', message: 'database is locked' });
    expect(e.text).toContain('ヒヤリハット一覧の取得に失敗しました');
    expect(e.raw).toBe('database is locked');
  });
  it('explains an already decided send by its code, whatever the message says', () => {
    expect(describeError('decide', { code: 'no_pending_send', message: '送信 7 は確認待ちではありません' }).text).toBe(
      'この送信はすでに処理されたか、時間切れになりました。',
    );
    expect(describeError('decide', { code: 'bad_input', message: 'no pending send' }).text).not.toContain('すでに処理');
  });
  it('says the backend is missing when the IPC layer itself fails', () => {
    expect(describeError('log_list', new TypeError("Cannot read properties of undefined (reading 'invoke')")).text).toContain(
      ja.errors.noBackend,
    );
  });
  it('does not blame a missing backend for any other uncoded failure', () => {
    const e = describeError('log_list', new Error('IPC timed out'));
    expect(e.text).not.toContain(ja.errors.noBackend);
    expect(e.text).toContain(ja.errors.retry);
  });
  it('reads {code, message, field}', () => {
    const e = describeError('settings_save', {
      code: 'invalid_setting',
      field: 'internal_domains',
      message: '「sakura_sys」はドメイン名ではありません',
    });
    expect(e.field).toBe('internal_domains');
    expect(e.raw).toContain('sakura_sys');
  });
});
