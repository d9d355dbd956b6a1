// 設定 → 宛先の履歴: what the history holds, learning the Sent folder (progress by
// `history-learn-progress` events), clearing it after a confirmation, and the person's
// organisation list, edited as rows or as CSV text and validated by the backend, which
// names the line. The organisation's own list (beside its policy) is shown read-only.
import { listen } from '@tauri-apps/api/event';
import { ja } from '../i18n/ja';
import type { HistoryLearnProgress, HistoryStatus, OrganisationFile, OrganisationRow, Organisations } from '../ipc/types';
import { EVENTS, historyClear, historyLearn, historyStatus, organisationsGet, organisationsSave } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { field, setError } from '../lib/form';
import { csvToRows, namesText, rowFromInputs, rowsToCsv } from './orgcsv';

const t = ja.history;

function statusFacts(slot: HTMLElement, s: HistoryStatus): void {
  if (!s.available) {
    mount(slot, h('p', { class: 'notice bad', 'data-testid': 'history-off' }, t.off));
    return;
  }
  mount(slot,
    h('dl', { class: 'facts history-totals', 'data-testid': 'history-totals' },
      h('dt', {}, t.messages), h('dd', { 'data-total': 'messages' }, t.countMessages(s.messages)),
      h('dt', {}, t.addresses), h('dd', { 'data-total': 'addresses' }, t.countItems(s.addresses)),
      h('dt', {}, t.domains), h('dd', { 'data-total': 'domains' }, t.countItems(s.domains))),
    s.messages < s.min_sends ? h('p', { class: 'hint', 'data-testid': 'history-not-yet' }, t.notYet(s.messages, s.min_sends)) : null,
    s.path ? h('p', { class: 'hint' }, t.file(s.path)) : null);
}

function learnForm(onDone: (status: HistoryStatus | null) => void): HTMLElement {
  const paths = h('textarea', { name: 'history_paths', rows: 2, spellcheck: false, placeholder: '/home/…/.thunderbird/….default-release/Mail/Local Folders/Sent' });
  const f = field('history-paths', t.learnPaths, paths, { hint: t.learnPathsHint });
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'history-progress' });
  const barText = h('span', { class: 'muted', 'data-testid': 'history-progress-text' });
  const progress = h('div', { class: 'progress', hidden: true }, bar, barText);
  const result = h('div', { class: 'notice-slot', 'data-testid': 'history-learn-result' });
  const start = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'history-learn' }, t.learnStart);
  return h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const list = paths.value.split('\n').map((p) => p.trim()).filter((p) => p !== '');
      setError(f, list.length ? undefined : t.learnPathsRequired);
      if (!list.length) return;
      start.disabled = true;
      start.textContent = t.learning;
      mount(result);
      progress.hidden = false;
      bar.max = 1;
      bar.value = 0;
      barText.textContent = '';
      let unlisten: (() => void) | undefined;
      try {
        unlisten = await listen<HistoryLearnProgress>(EVENTS.historyLearnProgress, (ev) => {
          const p = ev.payload;
          // bytes when known (one big mbox), else files
          if (p.bytes > 0) {
            bar.max = p.bytes;
            bar.value = p.bytes_done;
          } else {
            bar.max = Math.max(1, p.files);
            bar.value = p.files_done;
          }
          barText.textContent = t.progress(p);
        });
        const s = await historyLearn(list);
        bar.value = bar.max;
        mount(result,
          h('p', { class: 'notice ok', 'data-testid': 'history-summary' }, t.summary(s)),
          s.me.length ? h('p', { class: 'hint' }, t.me(s.me)) : null,
          s.errors.length
            ? h('div', { class: 'error-box' },
                h('p', { class: 'error-text' }, t.learnErrors(s.errors.length)),
                h('ul', { class: 'plain' }, s.errors.map((x) => h('li', {}, x))))
            : null);
        onDone(null);
      } catch (err) {
        const x = describeError('history_learn', err);
        if (x.field === 'paths') setError(f, x.raw);
        else mount(result, errorBox(x.text, x.raw));
        progress.hidden = true;
      } finally {
        unlisten?.();
        start.disabled = false;
        start.textContent = t.learnStart;
      }
    },
  }, h('h3', {}, t.learnTitle), f.wrap, h('div', { class: 'actions' }, start), progress, result);
}

function clearBox(onDone: (status: HistoryStatus) => void): HTMLElement {
  const out = h('div', { class: 'notice-slot', 'data-testid': 'history-clear-result' });
  const button = h('button', { type: 'button', class: 'btn', 'data-testid': 'history-clear' }, t.clear);
  const confirmBox = (): HTMLElement => {
    const yes = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'history-clear-yes' }, t.clearYes);
    const no = h('button', { type: 'button', class: 'btn', 'data-testid': 'history-clear-no' }, ja.common.cancel);
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      no.disabled = true;
      try {
        const s = await historyClear();
        mount(out, h('p', { class: 'notice ok' }, t.cleared));
        onDone(s);
      } catch (err) {
        const x = describeError('history_clear', err);
        mount(out, errorBox(x.text, x.raw));
      } finally {
        button.disabled = false;
      }
    });
    no.addEventListener('click', () => {
      mount(out);
      button.disabled = false;
    });
    return h('div', { class: 'confirm', role: 'alertdialog', 'data-testid': 'history-clear-confirm' },
      h('p', {}, t.clearConfirm), h('div', { class: 'actions' }, yes, no));
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    mount(out, confirmBox());
    out.querySelector<HTMLButtonElement>('[data-testid=history-clear-no]')?.focus();
  });
  return h('div', { class: 'history-clear' }, button, out);
}

/** The organisation's list beside its policy: read-only. */
function orgPolicyList(file: OrganisationFile): HTMLElement {
  return h('div', { class: 'org-policy', 'data-testid': 'org-policy-list' },
    h('h3', {}, t.orgPolicyTitle, ' ', h('span', { class: 'lock' }, ja.settings.locked)),
    h('p', { class: 'hint' }, t.orgPolicyLead),
    file.problem ? h('p', { class: 'notice bad' }, file.problem) : null,
    file.rows.length
      ? h('table', { class: 'org-rows is-locked' },
          h('thead', {}, h('tr', {}, h('th', {}, t.orgDomain), h('th', {}, t.orgNamesShort))),
          h('tbody', {}, file.rows.map((r) => h('tr', {}, h('td', { class: 'addr' }, r.domain), h('td', {}, namesText(r))))))
      : h('p', { class: 'muted' }, t.orgEmpty),
    h('p', { class: 'hint' }, t.orgFile(file.path)));
}

/** The person's own list: rows or CSV text, saved whole. */
function orgEditor(root: HTMLElement, lists: Organisations): void {
  const own = lists.own;
  let mode: 'rows' | 'csv' = own.problem ? 'csv' : 'rows';
  let rows: OrganisationRow[] = own.problem ? csvToRows(own.text) : own.rows.map((r) => ({ ...r }));
  const text = h('textarea', { name: 'organisations_csv', rows: 8, spellcheck: false, class: 'org-csv' });
  text.value = own.text;
  const csvField = field('org-csv', 'organisations.csv', text, { hint: t.orgCsvHint });
  const rowsBody = h('tbody', {});
  const rowsError = h('p', { class: 'field-error', role: 'alert', 'data-error-for': 'org-rows' });
  const rowsBox = h('div', { class: 'org-rows-box' },
    h('table', { class: 'org-rows', 'data-testid': 'org-rows' },
      h('thead', {}, h('tr', {}, h('th', {}, t.orgDomain), h('th', {}, t.orgNames), h('th', {}))),
      rowsBody),
    h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'org-add-row', onclick: () => {
      rows = readRows();
      rows.push({ domain: '', names: [] });
      drawRows();
      rowsBody.querySelector<HTMLInputElement>('tr:last-child input')?.focus();
    } }, t.orgAddRow),
    h('p', { class: 'hint' }, t.orgRowsHint),
    rowsError);
  const notice = h('div', { class: 'notice-slot', 'data-testid': 'org-notice' });

  function drawRows(): void {
    mount(rowsBody, rows.map((r, i) =>
      h('tr', { 'data-row': i },
        h('td', {}, h('input', { type: 'text', name: 'org_row_domain', value: r.domain, placeholder: 'kaede-shoji.co.jp', spellcheck: false, 'aria-label': t.orgDomain })),
        h('td', {}, h('input', { type: 'text', name: 'org_row_names', value: namesText(r), placeholder: '楓商事、Kaede Shoji', 'aria-label': t.orgNames })),
        h('td', {}, h('button', { type: 'button', class: 'btn-link', 'data-remove-row': i, onclick: () => {
          rows = readRows();
          rows.splice(i, 1);
          drawRows();
        } }, t.orgRemoveRow)))));
  }
  function readRows(): OrganisationRow[] {
    return [...rowsBody.querySelectorAll('tr')].map((tr) => {
      const [d, n] = tr.querySelectorAll('input');
      return rowFromInputs(d.value, n.value);
    });
  }
  const clearErrors = () => {
    setError(csvField, undefined);
    rowsError.textContent = '';
    rowsBody.querySelectorAll('tr.has-error').forEach((tr) => tr.classList.remove('has-error'));
  };
  const rowsTab = h('button', { type: 'button', role: 'tab', class: 'tab', 'data-mode': 'rows' }, t.orgModeRows);
  const csvTab = h('button', { type: 'button', role: 'tab', class: 'tab', 'data-mode': 'csv' }, t.orgModeCsv);
  function show(next: 'rows' | 'csv'): void {
    // Carry what was typed into the other editor.
    if (next === 'csv' && mode === 'rows') text.value = rowsToCsv(readRows()).text;
    if (next === 'rows' && mode === 'csv') rows = csvToRows(text.value);
    mode = next;
    if (mode === 'rows') drawRows();
    rowsBox.hidden = mode !== 'rows';
    csvField.wrap.hidden = mode !== 'csv';
    rowsTab.setAttribute('aria-selected', String(mode === 'rows'));
    csvTab.setAttribute('aria-selected', String(mode === 'csv'));
    clearErrors();
  }
  rowsTab.addEventListener('click', () => show('rows'));
  csvTab.addEventListener('click', () => show('csv'));

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'org-save' }, t.orgSave);
  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      clearErrors();
      mount(notice);
      const fromRows = mode === 'rows' ? rowsToCsv(readRows()) : null;
      const csv = fromRows ? fromRows.text : text.value;
      save.disabled = true;
      try {
        const saved = await organisationsSave(csv);
        mount(notice, h('p', { class: 'notice ok' }, t.orgSaved));
        text.value = saved.own.text;
        rows = saved.own.rows.map((r) => ({ ...r }));
        if (mode === 'rows') drawRows();
      } catch (err) {
        const x = describeError('organisations_save', err);
        if (x.line !== null && fromRows) {
          const index = fromRows.rowOfLine[x.line - 1];
          const tr = index === undefined ? null : rowsBody.querySelector(`tr[data-row="${index}"]`);
          tr?.classList.add('has-error');
          tr?.querySelector('input')?.focus();
          rowsError.textContent = x.raw;
          mount(notice, h('p', { class: 'notice bad' }, t.orgLineError(index === undefined ? x.line : index + 1)));
        } else if (x.line !== null) {
          setError(csvField, x.raw);
          selectLine(text, x.line);
          mount(notice, h('p', { class: 'notice bad' }, t.orgLineError(x.line)));
        } else {
          mount(notice, errorBox(x.text, x.raw));
        }
      } finally {
        save.disabled = false;
      }
    },
  },
    h('div', { class: 'tabs', role: 'tablist' }, rowsTab, csvTab),
    rowsBox, csvField.wrap,
    h('div', { class: 'actions' }, save),
    notice);
  show(mode);
  mount(root,
    h('h3', {}, t.orgTitle),
    h('p', { class: 'hint' }, t.orgLead),
    own.problem ? h('p', { class: 'notice bad', 'data-testid': 'org-problem' }, t.orgProblem, ' ', own.problem) : null,
    form,
    h('p', { class: 'hint' }, t.orgFile(own.path)),
    lists.org ? orgPolicyList(lists.org) : null);
}

/** Puts the caret on `line` (1-based) of a textarea and selects it. */
function selectLine(el: HTMLTextAreaElement, line: number): void {
  const lines = el.value.split('\n');
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  const end = start + (lines[line - 1]?.length ?? 0);
  el.focus();
  el.setSelectionRange(start, end);
}

/** The 宛先の履歴 card of the settings screen; loads what it shows itself. */
export function historySection(): HTMLElement {
  const totals = h('div', { 'data-testid': 'history-status' }, h('p', { class: 'muted' }, ja.common.loading));
  const orgs = h('div', { class: 'org-lists', 'data-testid': 'org-lists' }, h('p', { class: 'muted' }, ja.common.loading));
  const refresh = async (s: HistoryStatus | null) => {
    if (s) {
      statusFacts(totals, s);
      return;
    }
    try {
      statusFacts(totals, await historyStatus());
    } catch (err) {
      const x = describeError('history_status', err);
      mount(totals, errorBox(x.text, x.raw));
    }
  };
  void refresh(null);
  void (async () => {
    try {
      orgEditor(orgs, await organisationsGet());
    } catch (err) {
      const x = describeError('organisations_get', err);
      mount(orgs, errorBox(x.text, x.raw));
    }
  })();
  return h('section', { class: 'card history', 'data-testid': 'history-settings' },
    h('h2', {}, t.title),
    h('p', { class: 'hint' }, t.lead),
    totals,
    learnForm((s) => void refresh(s)),
    clearBox((s) => void refresh(s)),
    orgs);
}
