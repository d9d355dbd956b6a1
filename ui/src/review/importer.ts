// Team import: a lead collects the members' exported *.jsonl files in a folder and
// imports them all (`log_import_folder`), watching `import-progress` events.
import { listen } from '@tauri-apps/api/event';
import { ja } from '../i18n/ja';
import type { ImportProgress } from '../ipc/types';
import { EVENTS, logImportFolder } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { field, setError } from '../lib/form';

const t = ja.importer;

export function renderImport(root: HTMLElement): void {
  const path = h('input', { type: 'text', name: 'path', placeholder: '/home/…/ヒヤリハット' });
  const fPath = field('path', t.path, path);
  const bar = h('progress', { max: 1, value: 0, 'data-testid': 'import-progress' });
  const barText = h('span', { class: 'muted' });
  const progress = h('div', { class: 'progress', hidden: true }, bar, barText);
  const result = h('div', { class: 'notice-slot', 'data-testid': 'import-result' });
  const start = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'start-import' }, t.start);

  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const folder = path.value.trim();
      setError(fPath, folder ? undefined : t.pathRequired);
      if (!folder) return;
      start.disabled = true;
      mount(result);
      progress.hidden = false;
      bar.value = 0;
      barText.textContent = '';
      let unlisten: (() => void) | undefined;
      try {
        unlisten = await listen<ImportProgress>(EVENTS.importProgress, (ev) => {
          bar.max = Math.max(1, ev.payload.total);
          bar.value = ev.payload.done;
          barText.textContent = `${t.progress(ev.payload.done, ev.payload.total)}　${ev.payload.file}`;
        });
        const s = await logImportFolder(folder);
        mount(result,
          h('p', { class: 'notice ok' }, t.summary(s)),
          s.failed.length
            ? h('div', { class: 'error-box' },
                h('p', { class: 'error-text' }, t.failed(s.failed.length)),
                h('ul', { class: 'plain' }, s.failed.map((f) => h('li', {}, h('strong', {}, f.file), ` — ${f.error}`))))
            : null);
      } catch (err) {
        const x = describeError('log_import_folder', err);
        mount(result, errorBox(x.text, x.raw));
      } finally {
        unlisten?.();
        start.disabled = false;
      }
    },
  }, fPath.wrap, h('div', { class: 'actions' }, start), progress, result);
  mount(root, h('div', { class: 'page-head' }, h('h1', {}, t.title)), h('p', { class: 'lead' }, t.lead), h('section', { class: 'card' }, form));
}
