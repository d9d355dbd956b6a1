// Settings (and the first-start screen, which asks only for the internal domains
// and organisation names): keys the organisation policy locks are read-only, client
// validation first, then the backend's {field, message} shown at that field.
import { ja } from '../i18n/ja';
import type { Settings, SettingsKey, SettingsValues } from '../ipc/types';
import { connectThunderbird, settingsSave } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';
import { field, setError, type FieldParts } from '../lib/form';
import { historySection } from './history';
import { lines, parseIntStrict, validateSettings, type LimitKey } from './validate';

const s = ja.settings;

function thunderbirdBox(): HTMLElement {
  const out = h('div', { class: 'notice-slot', 'data-testid': 'thunderbird-result' });
  const button = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'connect-thunderbird',
    onclick: async () => {
      button.disabled = true;
      try {
        const r = await connectThunderbird();
        mount(out, h('p', { class: 'notice ok' }, s.thunderbirdDone(r.path)), h('p', { class: 'hint' }, r.note ?? ''));
      } catch (err) {
        const e = describeError('connect_thunderbird', err);
        mount(out, errorBox(e.text, e.raw));
      } finally {
        button.disabled = false;
      }
    },
  }, s.thunderbird);
  return h('section', { class: 'card' }, h('h2', {}, s.thunderbird), h('p', { class: 'hint' }, s.thunderbirdLead), button, out);
}

/**
 * The form. `keys` says which settings to show (the first start shows two);
 * `onSaved` runs after a successful save.
 */
export function renderSettings(root: HTMLElement, settings: Settings, opts: { welcome?: boolean; onSaved?: (s: Settings) => void } = {}): void {
  const locked = new Set(settings.locked);
  const v = settings.values;
  const parts = new Map<SettingsKey, FieldParts>();
  const lockBadge = (key: SettingsKey) => (locked.has(key) ? h('span', { class: 'lock', 'data-locked': key }, s.locked) : null);

  const textarea = (key: SettingsKey, value: string[]) => {
    const el = h('textarea', { name: key, rows: 3, readOnly: locked.has(key) });
    el.value = value.join('\n');
    return el;
  };
  const limits = settings.limits;
  const number = (key: LimitKey, value: number) =>
    h('input', { type: 'number', name: key, value: String(value), min: limits[key][0], max: limits[key][1], step: 1, readOnly: locked.has(key), inputmode: 'numeric' });
  const toggle = (key: SettingsKey, value: boolean, label: string) => {
    const el = h('input', { type: 'checkbox', name: key, checked: value, disabled: locked.has(key) });
    return h('label', { class: 'toggle', 'data-field': key }, el, h('span', {}, label), lockBadge(key));
  };

  const domains = textarea('internal_domains', v.internal_domains);
  const orgs = textarea('org_names', v.org_names);
  const parties = number('bcc_min_parties', v.bcc_min_parties);
  const addresses = number('bcc_min_addresses', v.bcc_min_addresses);
  const countdown = number('countdown_secs', v.countdown_secs);
  const relayUpstream = h('input', { type: 'text', name: 'relay_upstream', value: v.relay_upstream, placeholder: 'smtp.example.co.jp:587', readOnly: locked.has('relay_upstream'), spellcheck: false });
  const relayTls = h('select', { name: 'relay_upstream_tls', disabled: locked.has('relay_upstream_tls') },
    (['starttls', 'tls', 'none'] as const).map((t) => h('option', { value: t, selected: v.relay_upstream_tls === t }, s.relayTls[t])));
  const relayHold = number('relay_hold_secs', v.relay_hold_secs);
  const autostart = toggle('autostart', v.autostart, s.autostart);
  const weekly = toggle('weekly_reminder', v.weekly_reminder, s.weeklyReminder);

  const add = (key: SettingsKey, label: string, control: HTMLElement, hint: string) => {
    const p = field(`s-${key}`, label, control, { hint, badge: lockBadge(key) });
    if (locked.has(key)) p.wrap.classList.add('is-locked');
    parts.set(key, p);
    return p.wrap;
  };
  const formError = h('div', { class: 'notice-slot', 'data-testid': 'settings-notice' });

  const read = (): { values: SettingsValues; intErrors: Partial<Record<SettingsKey, string>> } => {
    const intErrors: Partial<Record<SettingsKey, string>> = {};
    const int = (key: LimitKey, el: HTMLInputElement) => {
      const n = parseIntStrict(el.value);
      if (n === null) intErrors[key] = s.errInt(limits[key][0], limits[key][1]);
      return n ?? NaN;
    };
    return {
      values: {
        internal_domains: lines(domains.value),
        org_names: lines(orgs.value),
        bcc_min_parties: int('bcc_min_parties', parties),
        bcc_min_addresses: int('bcc_min_addresses', addresses),
        countdown_secs: int('countdown_secs', countdown),
        autostart: (autostart.querySelector('input') as HTMLInputElement).checked,
        weekly_reminder: (weekly.querySelector('input') as HTMLInputElement).checked,
        relay_upstream: relayUpstream.value.trim(),
        relay_upstream_tls: relayTls.value,
        relay_hold_secs: int('relay_hold_secs', relayHold),
      },
      intErrors,
    };
  };

  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-settings' }, opts.welcome ? s.welcomeSubmit : ja.common.save);
  const form = h('form', {
    class: 'form settings', novalidate: true,
    onsubmit: async (e: Event) => {
      e.preventDefault();
      const { values, intErrors } = read();
      const errors = { ...validateSettings(values, settings.limits, settings.locked), ...intErrors };
      for (const [key, p] of parts) setError(p, errors[key]);
      mount(formError);
      if (Object.keys(errors).length) {
        mount(formError, h('p', { class: 'notice bad' }, s.fixErrors));
        const first = [...parts.entries()].find(([k]) => errors[k]);
        first?.[1].wrap.querySelector<HTMLElement>('textarea, input')?.focus();
        return;
      }
      save.disabled = true;
      try {
        const saved = await settingsSave(values);
        mount(formError, h('p', { class: 'notice ok' }, opts.welcome ? s.welcomeDone : ja.common.saved));
        opts.onSaved?.(saved);
      } catch (err) {
        const x = describeError('settings_save', err);
        const p = x.field ? parts.get(x.field as SettingsKey) : undefined;
        if (p) {
          setError(p, x.raw);
          mount(formError, h('p', { class: 'notice bad' }, s.fixErrors));
        } else {
          mount(formError, errorBox(x.text, x.raw));
        }
      } finally {
        save.disabled = false;
      }
    },
  },
    add('internal_domains', s.internalDomains, domains, s.internalDomainsHint),
    add('org_names', s.orgNames, orgs, s.orgNamesHint),
    opts.welcome ? null : [
      h('div', { class: 'row3' },
        add('bcc_min_parties', s.bccMinParties, parties, s.bccMinPartiesHint),
        add('bcc_min_addresses', s.bccMinAddresses, addresses, s.bccMinAddressesHint),
        add('countdown_secs', s.countdown, countdown, s.countdownHint)),
      autostart, weekly,
      h('fieldset', { class: 'relay', 'data-testid': 'relay-settings' },
        h('legend', {}, s.relayTitle),
        h('p', { class: 'hint' }, s.relayLead(settings.relay_port)),
        h('div', { class: 'row3' },
          add('relay_upstream', s.relayUpstream, relayUpstream, s.relayUpstreamHint),
          add('relay_upstream_tls', s.relayTlsLabel, relayTls, s.relayTlsHint),
          add('relay_hold_secs', s.relayHold, relayHold, s.relayHoldHint))),
    ],
    h('div', { class: 'actions' }, save),
    formError);

  mount(root,
    h('div', { class: 'page-head' }, h('h1', {}, opts.welcome ? s.welcomeTitle : s.title)),
    opts.welcome ? h('p', { class: 'lead' }, s.welcomeLead) : null,
    h('section', { class: 'card' }, form, settings.policy_path ? h('p', { class: 'hint' }, s.policyPath(settings.policy_path)) : null),
    opts.welcome ? null : historySection(),
    thunderbirdBox());
}
