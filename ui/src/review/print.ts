// The printable monthly report (#/print?month=YYYY-MM) for the ISMS / Pマーク
// review: counts and the month's near-misses, with a print stylesheet.
import { ja } from '../i18n/ja';
import type { Item, Stats } from '../ipc/types';
import { logList, logStats } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { isoDate, monthRange } from '../lib/format';
import { itemLine } from './items';
import { buildHash, type Route } from './router';
import { ranked } from './stats';

const t = ja.print;

export function defaultMonth(now = new Date()): string {
  return isoDate(now).slice(0, 7);
}

const countTable = (title: string, pairs: [string, number][]) =>
  h('section', { class: 'print-block' }, h('h2', {}, title),
    pairs.length
      ? h('table', { class: 'counts' }, h('tbody', {}, pairs.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v.toLocaleString('ja-JP'))))))
      : h('p', { class: 'muted' }, ja.common.none));

export async function renderPrint(root: HTMLElement, route: Route): Promise<void> {
  const month = route.params.month ?? defaultMonth();
  const range = monthRange(month);
  const monthInput = h('input', { type: 'month', value: month, 'data-testid': 'print-month' });
  const controls = h('div', { class: 'no-print filters' },
    h('label', { class: 'filter' }, h('span', {}, t.month), monthInput),
    h('button', { type: 'button', class: 'btn', onclick: () => { location.hash = buildHash('print', { month: monthInput.value }); } }, t.show),
    h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'print', onclick: () => window.print() }, t.print));
  if (!range) {
    mount(root, controls, errorBox(t.badMonth, month));
    return;
  }
  const label = ja.format.month(range.year, range.month);
  const body = h('div', {}, h('p', { class: 'muted' }, ja.common.loading));
  mount(root, controls, h('article', { class: 'print-page' },
    h('header', { class: 'print-head' }, h('h1', {}, t.title(label)), h('p', { class: 'muted' }, t.lead),
      h('p', { class: 'muted' }, `${range.since} 〜 ${range.until}　${t.generated(new Date().toLocaleString('ja-JP'))}`)),
    body));
  let stats: Stats;
  let items: Item[];
  const filter = { since: range.since, until: range.until };
  try {
    [stats, items] = await Promise.all([logStats(filter), logList({ ...filter, limit: 1000 })]);
  } catch (err) {
    const e = describeError('log_stats', err);
    mount(body, errorBox(e.text, e.raw));
    return;
  }
  const lines = items.map(itemLine).filter((l) => l.nearMiss);
  const n = (x: number) => x.toLocaleString('ja-JP');
  mount(body,
    h('section', { class: 'print-block' }, h('h2', {}, t.summary),
      h('table', { class: 'counts' }, h('tbody', {},
        h('tr', {}, h('th', {}, ja.stats.events), h('td', {}, n(stats.events))),
        h('tr', {}, h('th', {}, ja.stats.dialogs), h('td', {}, n(stats.dialogs))),
        h('tr', {}, h('th', {}, ja.stats.nearMisses), h('td', {}, n(stats.near_misses))),
        h('tr', {}, h('th', {}, ja.stats.rate), h('td', {}, stats.near_miss_rate == null ? ja.stats.rateNone : ja.format.percent(stats.near_miss_rate))),
        h('tr', {}, h('th', {}, ja.stats.manualReports), h('td', {}, n(stats.manual_reports)))))),
    h('div', { class: 'print-cols' },
      countTable(t.byCategory, ranked(stats.per_category, ja.categories)),
      countTable(t.byCheck, ranked(stats.per_check, ja.checks)),
      countTable(t.byStatus, ranked(stats.per_status, ja.statuses))),
    h('section', { class: 'print-block' }, h('h2', {}, t.items),
      lines.length
        ? h('table', { class: 'items print-items' },
            h('thead', {}, h('tr', {}, h('th', {}, ja.list.when), h('th', {}, ja.list.who), h('th', {}, ja.list.what), h('th', {}, ja.list.did), h('th', {}, ja.list.status))),
            h('tbody', {}, lines.map((l) => h('tr', {},
              h('td', {}, l.when), h('td', {}, l.who),
              h('td', {}, l.what, l.findings ? h('div', { class: 'findings' }, l.findings) : null),
              h('td', {}, l.did), h('td', {}, ja.statuses[l.status])))))
        : h('p', { class: 'muted' }, t.none)));
}
