// 集計: counts and charts from `log_stats` for the monthly meeting. Chart.js is
// imported here dynamically (tree-shaken to bar charts) so neither the dialog nor
// the list pays for it.
import { ja } from '../i18n/ja';
import type { Stats } from '../ipc/types';
import { logStats } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { filterFromParams } from './filters';
import { buildHash, type Route } from './router';

const t = ja.stats;

export function summaryCards(st: Stats): HTMLElement {
  const card = (label: string, value: string) => h('div', { class: 'stat' }, h('span', { class: 'stat-value' }, value), h('span', { class: 'stat-label' }, label));
  const n = (x: number) => x.toLocaleString('ja-JP');
  return h('div', { class: 'stat-cards', 'data-testid': 'stat-cards' },
    card(t.events, n(st.events)),
    card(t.dialogs, n(st.dialogs)),
    card(t.nearMisses, n(st.near_misses)),
    card(t.rate, st.near_miss_rate == null ? t.rateNone : ja.format.percent(st.near_miss_rate)),
    card(t.manualReports, n(st.manual_reports)));
}

/** Sorted [label, value] pairs of a count map, largest first. */
export function ranked(map: Record<string, number>, labels: Record<string, string> = {}): [string, number][] {
  return Object.entries(map).sort((a, b) => b[1] - a[1]).map(([k, v]) => [labels[k] ?? k, v]);
}

async function drawCharts(st: Stats, canvases: Record<string, HTMLCanvasElement>): Promise<void> {
  const { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } = await import('chart.js');
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.animation = false;
  const weeks = Object.keys(st.per_week).sort();
  new Chart(canvases.week, {
    type: 'bar',
    data: {
      labels: weeks,
      datasets: [
        { label: t.seriesEvents, data: weeks.map((w) => st.per_week[w].events), backgroundColor: '#9fb3d9' },
        { label: t.seriesNearMisses, data: weeks.map((w) => st.per_week[w].near_misses), backgroundColor: '#b42318' },
        { label: t.seriesManual, data: weeks.map((w) => st.per_week[w].manual_reports), backgroundColor: '#d4a017' },
      ],
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
  const horizontal = (canvas: HTMLCanvasElement, pairs: [string, number][], color: string) =>
    new Chart(canvas, {
      type: 'bar',
      data: { labels: pairs.map((p) => p[0]), datasets: [{ label: t.seriesCount, data: pairs.map((p) => p[1]), backgroundColor: color }] },
      options: { indexAxis: 'y', maintainAspectRatio: false, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  horizontal(canvases.check, ranked(st.per_check, ja.checks), '#1f4e9c');
  horizontal(canvases.type, ranked(st.per_type, ja.personalTypes), '#6e3a8c');
  const users = Object.keys(st.per_user).sort();
  new Chart(canvases.user, {
    type: 'bar',
    data: {
      labels: users,
      datasets: [
        { label: t.seriesEvents, data: users.map((u) => st.per_user[u].events), backgroundColor: '#9fb3d9' },
        { label: t.seriesNearMisses, data: users.map((u) => st.per_user[u].near_misses), backgroundColor: '#b42318' },
        { label: t.seriesManual, data: users.map((u) => st.per_user[u].manual_reports), backgroundColor: '#d4a017' },
      ],
    },
    options: { maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}

export async function renderStats(root: HTMLElement, route: Route): Promise<void> {
  const filter = filterFromParams(route.params);
  const since = h('input', { type: 'date', value: filter.since ?? '', onchange: () => go() });
  const until = h('input', { type: 'date', value: filter.until ?? '', onchange: () => go() });
  const go = () => { location.hash = buildHash('stats', { since: since.value, until: until.value }); };
  const body = h('div', {}, h('p', { class: 'muted' }, ja.common.loading));
  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, t.title)),
    h('div', { class: 'filters' },
      h('label', { class: 'filter' }, h('span', {}, ja.list.filters.since), since),
      h('label', { class: 'filter' }, h('span', {}, ja.list.filters.until), until)),
    body);
  let st: Stats;
  try {
    st = await logStats(filter);
  } catch (err) {
    const e = describeError('log_stats', err);
    mount(body, errorBox(e.text, e.raw));
    return;
  }
  if (st.events === 0 && st.manual_reports === 0) {
    mount(body, summaryCards(st), h('p', { class: 'empty-list' }, t.empty));
    return;
  }
  const canvas = (name: string) => h('canvas', { 'data-chart': name });
  const canvases = { week: canvas('week'), check: canvas('check'), type: canvas('type'), user: canvas('user') };
  const box = (title: string, c: HTMLCanvasElement, rows = 0) =>
    h('section', { class: 'card chart' }, h('h2', {}, title), h('div', { class: 'chart-box', style: rows ? `height:${Math.max(160, rows * 26 + 40)}px` : '' }, c));
  mount(body, summaryCards(st),
    h('div', { class: 'charts' },
      box(t.perWeek, canvases.week),
      box(t.perUser, canvases.user),
      box(t.perCheck, canvases.check, Object.keys(st.per_check).length),
      box(t.perType, canvases.type, Object.keys(st.per_type).length)));
  try {
    await drawCharts(st, canvases);
  } catch (err) {
    body.append(errorBox(ja.errors.failed(t.title), String(err)));
  }
}
