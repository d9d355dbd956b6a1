// The organisation list (organisations.csv) between its two editors: rows (a domain and
// the names it goes by) and the CSV text. Pure; the backend validates what is saved
// (OrganisationList::parse, which names the line), these only convert.
import type { OrganisationRow } from '../ipc/types';

/** The separator of names in the rows editor's names box (names may hold commas). */
export const NAME_SEPARATOR = '、';

function quote(field: string): string {
  return /[",\r\n#]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field;
}

/** A row as it is typed: the names box split at 「、」, blanks dropped. */
export function rowFromInputs(domain: string, names: string): OrganisationRow {
  return {
    domain: domain.trim(),
    names: names.split(NAME_SEPARATOR).map((n) => n.trim()).filter((n) => n !== ''),
  };
}

export function namesText(row: OrganisationRow): string {
  return row.names.join(NAME_SEPARATOR);
}

/**
 * The CSV text of `rows` (empty rows left out) and, for each line of it, the index of
 * the row it came from: a line the backend blames is shown at its row.
 */
export function rowsToCsv(rows: OrganisationRow[]): { text: string; rowOfLine: number[] } {
  const lines: string[] = [];
  const rowOfLine: number[] = [];
  rows.forEach((r, i) => {
    if (r.domain.trim() === '' && r.names.every((n) => n.trim() === '')) return;
    lines.push([r.domain.trim(), ...r.names].map(quote).join(','));
    rowOfLine.push(i);
  });
  return { text: lines.length ? `${lines.join('\n')}\n` : '', rowOfLine };
}

/** Split one CSV record starting at `text[start]`; returns its fields and where the next begins. */
function record(text: string, start: number): { fields: string[]; next: number } {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let quoted = false;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      break;
    } else {
      field += c;
    }
  }
  fields.push(field.trim());
  return { fields, next: i };
}

/**
 * The rows of a CSV text, as well as the rows editor can show them: comment lines (`#`)
 * and blank lines are left out (they survive only in the text editor).
 */
export function csvToRows(text: string): OrganisationRow[] {
  const rows: OrganisationRow[] = [];
  const body = text.replace(/^\uFEFF/, '');
  let i = 0;
  while (i < body.length) {
    if (body[i] === '#') {
      const end = body.indexOf('\n', i);
      i = end < 0 ? body.length : end + 1;
      continue;
    }
    const { fields, next } = record(body, i);
    i = next;
    const [domain = '', ...names] = fields;
    if (domain === '' && names.every((n) => n === '')) continue;
    rows.push({ domain, names: names.filter((n) => n !== '') });
  }
  return rows;
}
