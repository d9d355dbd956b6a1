// Entry of dialog.html: fetches the pending send, wires ticks/removals to the
// model, runs the countdown, handles the keyboard (Enter sends, Esc cancels) and
// answers the backend with `decide`, then shows the next waiting send.
import { listen } from '@tauri-apps/api/event';
import { decide, EVENTS, pendingCheck } from '../ipc/commands';
import { codeOf, describeError } from '../ipc/errors';
import { ja } from '../i18n/ja';
import { errorBox, mount } from '../lib/dom';
import { bccStatus, buildModel, changesFor, noChanges, replaceStatus, sendStatus, type DialogModel } from './model';
import { renderDialog, renderEmpty, type DialogView } from './view';
import '../styles/base.css';
import './dialog.css';

interface Session {
  model: DialogModel;
  ticked: Set<string>;
  removedRecipients: Set<string>;
  removedAttachments: Set<string>;
  shownAt: number;
  view: DialogView;
  busy: boolean;
  timer: number | undefined;
}

const app = document.getElementById('app')!;
document.title = `${ja.dialog.title} - sendguard`;
let session: Session | null = null;
let loadSeq = 0;

const elapsed = (s: Session) => (performance.now() - s.shownAt) / 1000;
const stateOf = (s: Session) => ({
  ticked: s.ticked,
  removedRecipients: s.removedRecipients,
  removedAttachments: s.removedAttachments,
  elapsedSecs: elapsed(s),
});

function refresh(): void {
  if (session) session.view.refresh(stateOf(session), session.busy);
}

function showError(command: string, err: unknown): void {
  const e = describeError(command, err);
  const slot = app.querySelector('.error-slot');
  const box = errorBox(e.text, e.raw);
  if (slot) mount(slot, box);
  else mount(app, box);
}

function start(pending: NonNullable<Awaited<ReturnType<typeof pendingCheck>>>): void {
  if (session?.timer) window.clearInterval(session.timer);
  const model = buildModel(pending);
  const s: Session = {
    model,
    ticked: new Set(),
    removedRecipients: new Set(),
    removedAttachments: new Set(),
    shownAt: performance.now(),
    busy: false,
    timer: undefined,
    view: renderDialog(model, {
      onTick(key, ticked) {
        if (ticked) s.ticked.add(key);
        else s.ticked.delete(key);
        refresh();
      },
      onToggleRecipient(address) {
        const a = address.toLowerCase();
        if (!s.removedRecipients.delete(a)) s.removedRecipients.add(a);
        refresh();
      },
      onToggleAttachment(name) {
        if (!s.removedAttachments.delete(name)) s.removedAttachments.add(name);
        refresh();
      },
      onSend: () => void answer(true, null),
      onBcc: () => void answer(true, 'bcc'),
      onReplace: (key) => void answer(true, { replace: key }),
      onCancel: () => void answer(false, null),
    }),
  };
  session = s;
  mount(app, s.view.root);
  refresh();
  if (model.countdownSecs > 0) {
    s.timer = window.setInterval(() => {
      refresh();
      if (sendStatus(model, stateOf(s)).countdownLeft === 0 && s.timer) {
        window.clearInterval(s.timer);
        s.timer = undefined;
      }
    }, 200);
  }
  s.view.firstFocus()?.focus();
  window.scrollTo(0, 0);
  markShown(model.id);
}

/**
 * Stamps when send `id` was drawn and visible (epoch ms, on <html data-shown="id:ms">):
 * the end-to-end test reads it to time request → dialog without its own polling delay.
 */
function markShown(id: number): void {
  const mark = () => {
    document.documentElement.dataset.shown = `${id}:${Date.now()}`;
  };
  if (document.visibilityState === 'visible') {
    mark();
    return;
  }
  const once = () => {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', once);
    if (session?.model.id === id) mark();
  };
  document.addEventListener('visibilitychange', once);
}

/** Ask the backend what to show now. Keeps the ticks when it is still the same send. */
async function load(): Promise<void> {
  const seq = ++loadSeq;
  let pending;
  try {
    pending = await pendingCheck();
  } catch (err) {
    if (seq === loadSeq) showError('pending_check', err);
    return;
  }
  if (seq !== loadSeq) return;
  if (!pending) {
    if (session?.timer) window.clearInterval(session.timer);
    session = null;
    mount(app, renderEmpty());
    return;
  }
  if (session && session.model.id === pending.id) {
    session.view.setQueued(pending.queued);
    return;
  }
  start(pending);
}

/** The one-click fix an answer applies: none, the BCC move, or a card's replacement. */
type Fix = null | 'bcc' | { replace: string };

async function answer(send: boolean, fix: Fix): Promise<void> {
  const s = session;
  if (!s || s.busy) return;
  const state = stateOf(s);
  const card = fix && fix !== 'bcc' ? s.model.mismatches.find((m) => m.key === fix.replace) : undefined;
  if (fix && fix !== 'bcc' && !card?.replace) return;
  if (send) {
    const ok = card
      ? replaceStatus(s.model, state, card).enabled
      : fix === 'bcc' ? bccStatus(s.model, state).enabled : sendStatus(s.model, state).enabled;
    if (!ok) return;
  }
  s.busy = true;
  refresh();
  const changes = send ? changesFor(s.model, state, fix === 'bcc', card?.replace ?? null) : noChanges();
  try {
    await decide({ id: s.model.id, send, seconds: Math.round(elapsed(s) * 10) / 10, changes });
  } catch (err) {
    s.busy = false;
    refresh();
    showError('decide', err);
    if (codeOf(err) === 'no_pending_send') void load();
    return;
  }
  if (session === s) session = null;
  await load();
}

document.addEventListener('keydown', (e) => {
  if (!session) return;
  if (e.key === 'Escape') {
    e.preventDefault();
    void answer(false, null);
    return;
  }
  if (e.key === 'Enter' && !e.isComposing) {
    const t = e.target as HTMLElement | null;
    // Enter on a button, link or folded list keeps its own meaning
    if (t && t.closest('button, a, summary, textarea')) return;
    e.preventDefault();
    void answer(true, null);
  }
});

void listen(EVENTS.pendingChanged, () => void load()).catch((err) => showError('pending_check', err));
void load();
