import { describe, expect, it } from 'vitest';
import { attachmentOfLocation, humanSize, locationLabel, monthRange, recordItems } from '../../src/lib/format';
import { describeError } from '../../src/ipc/errors';

describe('humanSize', () => {
  it.each([
    [0, '0 B'], [201, '201 B'], [1023, '1023 B'], [1024, '1 KB'], [1536, '1.5 KB'],
    [49152, '48 KB'], [122880, '120 KB'], [1048576, '1 MB'], [1258291, '1.2 MB'], [52428800, '50 MB'],
  ])('%i → %s', (n, s) => expect(humanSize(n)).toBe(s));
});

describe('locations', () => {
  it('labels body, subject and attachments', () => {
    expect(locationLabel('body')).toBe('本文');
    expect(locationLabel('subject')).toBe('件名');
    expect(locationLabel('attachment:見積書.zip/明細.xlsx')).toBe('見積書.zip/明細.xlsx');
  });
  it('finds the attachment of a zip member', () => {
    expect(attachmentOfLocation('attachment:見積書.zip/明細.xlsx', ['見積書.zip', 'a.pdf'])).toBe('見積書.zip');
    expect(attachmentOfLocation('attachment:a.pdf', ['見積書.zip', 'a.pdf'])).toBe('a.pdf');
    expect(attachmentOfLocation('body', ['a.pdf'])).toBeNull();
    expect(attachmentOfLocation('attachment:gone.pdf', ['a.pdf'])).toBeNull();
  });
});

describe('recordItems', () => {
  it('reads the items of a record message', () => {
    expect(recordItems('本文に 5 人分の個人データ（氏名・住所・電話番号・生年月日）があります')).toEqual(['氏名', '住所', '電話番号', '生年月日']);
    expect(recordItems('氏名と思われる情報が本文に含まれています')).toEqual([]);
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
    const e = describeError('log_list', 'database is locked');
    expect(e.text).toContain('ヒヤリハット一覧の取得に失敗しました');
    expect(e.raw).toBe('database is locked');
  });
  it('explains an already decided send', () => {
    expect(describeError('decide', 'no pending send 7').text).toBe('この送信はすでに処理されたか、時間切れになりました。');
  });
  it('reads {field, message}', () => {
    const e = describeError('settings_save', { field: 'internal_domains', message: '「sakura_sys」はドメイン名ではありません' });
    expect(e.field).toBe('internal_domains');
    expect(e.raw).toContain('sakura_sys');
  });
});
