// ヒヤリハット一覧: the filtered log as a table that reads like a near-miss report
// (いつ・誰が・何を・どうした), filters kept in the URL, CSV export of the same filter.
import { ja } from '../i18n/ja';
import { logExportCsv, logList } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { select } from '../lib/form';
import { CATEGORIES, CHECKS, DECISIONS, filterFromParams, listArgs, paramsFromFilter, STATUSES } from './filters';
import { itemLine } from './items';
import { buildHash, type Route } from './router';

const options = (codes: string[], labels: Record<string, string>): [string, string][] => codes.map((c) => [c, labels[c] ?? c]);

export async function renderList(root: HTMLElement, route: Route): Promise<void> {
  const filter = filterFromParams(route.params);
  const go = (patch: Record<string, string>) => {
    const params = { ...paramsFromFilter(filter), ...patch };
    location.hash = buildHash('list', params);
  };
  const f = ja.list.filters;
  const control = (key: string, el: HTMLInputElement | HTMLSelectElement, label: string) => {
    el.addEventListener('change', () => go({ [key]: el.value }));
    return h('label', { class: 'filter' }, h('span', {}, label), el);
  };
  const dateInput = (key: 'since' | 'until') => h('input', { type: 'date', name: key, id: `f-${key}`, value: filter[key] ?? '' });
  const userInput = h('input', { type: 'text', name: 'user', id: 'f-user', value: filter.user ?? '', size: 10 });
  const filters = h('form', { class: 'filters', 'data-testid': 'filters', onsubmit: (e: Event) => { e.preventDefault(); go({ user: userInput.value }); } },
    control('since', dateInput('since'), f.since),
    control('until', dateInput('until'), f.until),
    control('check', select('check', options(CHECKS, ja.checks), filter.check, f.any), f.check),
    control('decision', select('decision', options(DECISIONS, ja.decisions), filter.decision, f.any), f.decision),
    control('status', select('status', options(STATUSES, ja.statuses), filter.status, f.any), f.status),
    control('category', select('category', options(CATEGORIES, ja.categories), filter.category, f.any), f.category),
    control('user', userInput, f.user),
    h('button', { type: 'button', class: 'btn btn-small', onclick: () => { location.hash = buildHash('list'); } }, f.clear));

  const notice = h('div', { class: 'notice-slot', 'data-testid': 'list-notice' });
  const exportButton = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'export',
    onclick: async () => {
      exportButton.disabled = true;
      try {
        const r = await logExportCsv(filter);
        mount(notice, h('p', { class: 'notice ok' }, ja.list.exported(r.rows, r.path)));
      } catch (err) {
        const e = describeError('log_export_csv', err);
        mount(notice, errorBox(e.text, e.raw));
      } finally {
        exportButton.disabled = false;
      }
    },
  }, ja.list.export);

  const body = h('div', { class: 'list-body' }, h('p', { class: 'muted' }, ja.common.loading));
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, ja.list.title), exportButton),
    filters, notice, body);

  let items;
  try {
    items = await logList(listArgs(filter));
  } catch (err) {
    const e = describeError('log_list', err);
    mount(body, errorBox(e.text, e.raw));
    return;
  }
  if (items.length === 0) {
    mount(body, h('p', { class: 'empty-list' }, ja.list.empty));
    return;
  }
  const rows = items.map(itemLine).map((l) =>
    h('tr', { class: `item-row${l.nearMiss ? ' near-miss' : ''}`, 'data-uuid': l.uuid, tabindex: 0,
      onclick: () => { location.hash = buildHash('item', {}, l.uuid); },
      onkeydown: (e: Event) => { if ((e as KeyboardEvent).key === 'Enter') location.hash = buildHash('item', {}, l.uuid); } },
      h('td', { class: 'c-when' }, l.when),
      h('td', { class: 'c-who' }, l.who),
      h('td', { class: 'c-what' },
        l.kind === 'manual' ? h('span', { class: 'tag' }, ja.list.manualTag) : null,
        h('a', { href: buildHash('item', {}, l.uuid), class: 'what' }, l.what),
        l.findings ? h('span', { class: 'findings' }, l.findings) : null),
      h('td', { class: 'c-did' }, l.did),
      h('td', { class: 'c-status' }, h('span', { class: `status status-${l.status}` }, ja.statuses[l.status]))));
  mount(body,
    h('p', { class: 'muted count' }, ja.list.count(items.length)),
    h('table', { class: 'items', 'data-testid': 'items' },
      h('thead', {}, h('tr', {},
        h('th', { class: 'c-when' }, ja.list.when), h('th', { class: 'c-who' }, ja.list.who), h('th', {}, ja.list.what),
        h('th', { class: 'c-did' }, ja.list.did), h('th', { class: 'c-status' }, ja.list.status))),
      h('tbody', {}, rows)));
}
