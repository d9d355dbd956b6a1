// 送信待ち: the SMTP relay's hold queue (docs/relay.md). Each mail the person let go
// waits here for its time; until then 今すぐ送信 sends it and 取り消し takes it back
// (kept as a .eml, logged as recalled). The list refreshes itself while shown.
import { ja } from '../i18n/ja';
import type { HeldMail } from '../ipc/types';
import { relayQueue, relayQueueCancel, relayQueueSend } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount } from '../lib/dom';

const t = ja.queue;
/** How often the list is read again while it is shown (ms). */
const REFRESH_MS = 2000;

export async function renderQueue(root: HTMLElement): Promise<void> {
  const notice = h('div', { class: 'notice-slot', 'data-testid': 'queue-notice' });
  const body = h('div', { 'data-testid': 'queue' }, h('p', { class: 'muted' }, ja.common.loading));
  mount(root, h('h1', {}, t.title), h('p', { class: 'muted' }, t.lead), notice, body);

  const act = async (command: 'relay_queue_send' | 'relay_queue_cancel', mail: HeldMail) => {
    try {
      if (command === 'relay_queue_send') {
        await relayQueueSend(mail.id);
        mount(notice, h('p', { class: 'notice ok' }, t.sent(mail.id)));
      } else {
        const path = await relayQueueCancel(mail.id);
        mount(notice, h('p', { class: 'notice ok' }, t.cancelled(mail.id, path)));
      }
    } catch (err) {
      const e = describeError(command, err);
      mount(notice, errorBox(e.text, e.raw));
    }
    await load();
  };

  const row = (m: HeldMail) => {
    const canAct = m.state === 'held' || m.state === 'failed' || m.state === 'unknown';
    const left = m.state === 'held' ? t.secondsLeft(m.seconds_left) : (m.last_error ?? '');
    return h('tr', { 'data-id': m.id },
      h('td', {}, String(m.id)),
      h('td', {}, m.state_label),
      h('td', {}, m.subject || t.noSubject),
      h('td', {}, m.to.join(', ')),
      h('td', { class: 'muted' }, left),
      h('td', { class: 'actions' },
        canAct ? h('button', { class: 'btn', 'data-testid': `send-${m.id}`, onclick: () => void act('relay_queue_send', m) }, t.sendNow) : null,
        canAct ? h('button', { class: 'btn btn-danger', 'data-testid': `cancel-${m.id}`, onclick: () => void act('relay_queue_cancel', m) }, t.cancel) : null));
  };

  const load = async () => {
    if (!body.isConnected) return;
    try {
      const mails = await relayQueue();
      mount(body, mails.length === 0
        ? h('p', { class: 'muted', 'data-testid': 'queue-empty' }, t.empty)
        : h('table', { class: 'items', 'data-testid': 'queue-table' },
          h('thead', {}, h('tr', {}, t.columns.map((c) => h('th', {}, c)))),
          h('tbody', {}, mails.map(row))));
    } catch (err) {
      const e = describeError('relay_queue', err);
      mount(body, errorBox(e.text, e.raw));
    }
  };
  await load();
  const timer = window.setInterval(() => {
    if (!body.isConnected) window.clearInterval(timer);
    else void load();
  }, REFRESH_MS);
}
