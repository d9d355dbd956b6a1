// Form building blocks of the review window: a labelled field with a hint and an
// error slot, selects from code → label maps.
import { h, type Child } from './dom';

export interface FieldParts {
  wrap: HTMLElement;
  error: HTMLElement;
}

export function field(id: string, label: Child, control: HTMLElement, opts: { hint?: string; badge?: Child; required?: Child } = {}): FieldParts {
  const error = h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': id, role: 'alert' });
  control.id ||= id;
  control.setAttribute('aria-describedby', `${id}-error`);
  const wrap = h('div', { class: 'field', 'data-field': id },
    h('label', { for: control.id, class: 'field-label' }, label, opts.required ? h('span', { class: 'req' }, opts.required) : null, opts.badge ?? null),
    control,
    opts.hint ? h('p', { class: 'hint' }, opts.hint) : null,
    error);
  return { wrap, error };
}

export function select(name: string, options: [string, string][], value: string | undefined, anyLabel?: string): HTMLSelectElement {
  const el = h('select', { name, id: `f-${name}` },
    anyLabel !== undefined ? h('option', { value: '' }, anyLabel) : null,
    options.map(([code, label]) => h('option', { value: code }, label)));
  el.value = value ?? '';
  return el;
}

export function setError(parts: FieldParts, message: string | undefined): void {
  parts.error.textContent = message ?? '';
  parts.wrap.classList.toggle('has-error', !!message);
}
