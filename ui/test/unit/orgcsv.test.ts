import { describe, expect, it } from 'vitest';
import { csvToRows, namesText, rowFromInputs, rowsToCsv } from '../../src/settings/orgcsv';

describe('organisation list editors', () => {
  it('turns rows into CSV, quoting names with commas, and knows which row each line is', () => {
    const rows = [
      rowFromInputs(' kaede-shoji.co.jp ', '楓商事、 Kaede Shoji Co., Ltd. 、'),
      rowFromInputs('', ''),
      rowFromInputs('hikari-tech.co.jp', 'ひかりテック'),
    ];
    expect(rows[0]).toEqual({ domain: 'kaede-shoji.co.jp', names: ['楓商事', 'Kaede Shoji Co., Ltd.'] });
    const { text, rowOfLine } = rowsToCsv(rows);
    expect(text).toBe('kaede-shoji.co.jp,楓商事,"Kaede Shoji Co., Ltd."\nhikari-tech.co.jp,ひかりテック\n');
    expect(rowOfLine).toEqual([0, 2]);
    expect(namesText(rows[0])).toBe('楓商事、Kaede Shoji Co., Ltd.');
  });

  it('reads CSV back into rows: comments, blank lines, quotes, CRLF and a BOM', () => {
    const text = '\uFEFF# 取引先\r\nkaede-shoji.co.jp,楓商事,"Kaede Shoji Co., Ltd."\r\n\r\nhikari-tech.co.jp , ひかりテック ,\r\n"say ""hi"".jp",x';
    expect(csvToRows(text)).toEqual([
      { domain: 'kaede-shoji.co.jp', names: ['楓商事', 'Kaede Shoji Co., Ltd.'] },
      { domain: 'hikari-tech.co.jp', names: ['ひかりテック'] },
      { domain: 'say "hi".jp', names: ['x'] },
    ]);
    const rows = csvToRows(text);
    expect(csvToRows(rowsToCsv(rows).text)).toEqual(rows);
  });
});
