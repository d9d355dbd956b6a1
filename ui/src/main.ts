// Entry of index.html (the review window): navigation shell, hash routing, and the
// first-start redirect (settings_get().first_run → the welcome screen).
import { ja } from './i18n/ja';
import { settingsGet } from './ipc/commands';
import { describeError } from './ipc/errors';
import { errorBox, h, mount } from './lib/dom';
import { renderDetail } from './review/detail';
import { renderImport } from './review/importer';
import { renderList } from './review/list';
import { renderPrint } from './review/print';
import { renderQueue } from './review/queue';
import { renderReportForm } from './review/report-form';
import { buildHash, parseHash, type RouteName } from './review/router';
import { renderStats } from './review/stats';
import { renderSettings } from './settings/view';
import './styles/base.css';
import './styles/app.css';

document.title = ja.app.title;
const app = document.getElementById('app')!;
const nav = ja.app.nav;
const NAV: [RouteName, string][] = [['list', nav.list], ['stats', nav.stats], ['queue', nav.queue], ['report', nav.report], ['import', nav.import], ['print', nav.print], ['settings', nav.settings]];
const links = NAV.map(([name, label]) => h('a', { href: buildHash(name), 'data-route': name }, label));
const content = h('main', { class: 'content', id: 'content' });
mount(app, h('header', { class: 'app-head no-print' }, h('span', { class: 'brand' }, 'sendguard'), h('nav', {}, links)), content);

let firstRunChecked = false;
let renderSeq = 0;

async function settingsOrError(): Promise<Awaited<ReturnType<typeof settingsGet>> | null> {
  try {
    return await settingsGet();
  } catch (err) {
    const e = describeError('settings_get', err);
    mount(content, errorBox(e.text, e.raw));
    return null;
  }
}

async function route(): Promise<void> {
  const seq = ++renderSeq;
  const r = parseHash(location.hash);
  if (!firstRunChecked) {
    firstRunChecked = true;
    const s = await settingsOrError();
    if (s?.first_run && r.name !== 'welcome') {
      location.hash = buildHash('welcome');
      return;
    }
  }
  for (const a of links) a.classList.toggle('active', a.dataset.route === (r.name === 'item' ? 'list' : r.name));
  document.body.dataset.route = r.name;
  window.scrollTo(0, 0);
  switch (r.name) {
    case 'item':
      return renderDetail(content, r);
    case 'stats':
      return renderStats(content, r);
    case 'queue':
      return renderQueue(content);
    case 'report':
      return renderReportForm(content);
    case 'import':
      return renderImport(content);
    case 'print':
      return renderPrint(content, r);
    case 'settings':
    case 'welcome': {
      mount(content, h('p', { class: 'muted' }, ja.common.loading));
      const s = await settingsOrError();
      if (!s || seq !== renderSeq) return;
      const welcome = r.name === 'welcome';
      return renderSettings(content, s, { welcome });
    }
    default:
      return renderList(content, r);
  }
}

window.addEventListener('hashchange', () => void route());
void route();
