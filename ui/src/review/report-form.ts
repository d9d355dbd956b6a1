// The manual ヒヤリハット報告 form (`log_report`): what the checker cannot see —
// a misdirected FAX, a lost document, a wrong hand-over.
import { ja } from '../i18n/ja';
import type { Category, ManualInput } from '../ipc/types';
import { logReport } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { field, select, setError } from '../lib/form';
import { isoDate } from '../lib/format';
import { CATEGORIES } from './filters';
import { validateReport } from './items';
import { buildHash } from './router';

const r = ja.report;

export function renderReportForm(root: HTMLElement): void {
  const category = select('category', CATEGORIES.map((c) => [c, ja.categories[c]]), 'mail');
  const what = h('textarea', { name: 'what', rows: 4, placeholder: r.whatPlaceholder });
  const when = h('input', { type: 'text', name: 'when', value: isoDate(new Date()), placeholder: r.whenPlaceholder });
  const where = h('input', { type: 'text', name: 'where', placeholder: r.wherePlaceholder });
  const action = h('textarea', { name: 'action', rows: 3, placeholder: r.actionPlaceholder });
  const fCategory = field('category', r.category, category);
  const fWhat = field('what', r.what, what, { required: r.required });
  const fWhen = field('when', r.when, when);
  const fWhere = field('where', r.where, where);
  const fAction = field('action', r.action, action);
  const notice = h('div', { class: 'notice-slot', 'data-testid': 'report-notice' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'submit-report' }, r.submit);

  const form = h('form', {
    class: 'form', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const input: ManualInput = {
        category: category.value as Category,
        what: what.value.trim(),
        when: when.value.trim(),
        where: where.value.trim(),
        action: action.value.trim(),
      };
      const errors = validateReport(input);
      setError(fWhat, errors.what);
      setError(fCategory, errors.category);
      if (Object.keys(errors).length) {
        mount(notice);
        what.focus();
        return;
      }
      submit.disabled = true;
      try {
        const uuid = await logReport(input);
        form.reset();
        when.value = isoDate(new Date());
        mount(notice, h('p', { class: 'notice ok' }, r.done, ' ', h('a', { href: buildHash('item', {}, uuid) }, r.open)));
      } catch (err) {
        const x = describeError('log_report', err);
        if (x.field === 'what') setError(fWhat, r.whatRequired);
        mount(notice, errorBox(x.text, x.raw));
      } finally {
        submit.disabled = false;
      }
    },
  }, fCategory.wrap, fWhat.wrap, h('div', { class: 'row2' }, fWhen.wrap, fWhere.wrap), fAction.wrap,
    h('div', { class: 'actions' }, submit), notice);
  mount(root, h('div', { class: 'page-head' }, h('h1', {}, r.title)), h('p', { class: 'lead' }, r.lead), form);
}
