// Renders a DialogModel into DOM once, then `refresh(state)` updates only what
// changes (ticks, removals, the Send label) so keyboard focus is never lost.
import { ja } from '../i18n/ja';
import { h, type Child } from '../lib/dom';
import {
  bccStatus, companyCount, isNeeded, replaceStatus, sendStatus,
  type AlertItem, type DialogModel, type DialogState, type DomainGroup, type MismatchCard, type SendStatus,
} from './model';

export interface DialogHandlers {
  onTick(key: string, ticked: boolean): void;
  onToggleRecipient(address: string): void;
  onToggleAttachment(name: string): void;
  onSend(): void;
  onBcc(): void;
  /** 「宛先を … に替えて送信」 of the card `key` */
  onReplace(key: string): void;
  onCancel(): void;
}

export interface DialogView {
  root: HTMLElement;
  refresh(state: DialogState, busy: boolean): void;
  setQueued(n: number): void;
  /** the element that should have focus when the dialog appears */
  firstFocus(): HTMLElement | null;
}

const SEV_ICON: Record<string, string> = { danger: '!', warning: '!', info: 'i' };

export function renderDialog(model: DialogModel, on: DialogHandlers): DialogView {
  const boxes = new Map<string, HTMLInputElement>();
  const recipientRows = new Map<string, { row: HTMLElement; button: HTMLButtonElement; address: string }[]>();
  const attachmentRows = new Map<string, { row: HTMLElement; button: HTMLButtonElement }>();

  const checkbox = (key: string, labelText: Child, extraClass = ''): HTMLElement => {
    const input = h('input', {
      type: 'checkbox',
      'data-key': key,
      onchange: (e: Event) => on.onTick(key, (e.target as HTMLInputElement).checked),
    });
    boxes.set(key, input);
    return h('label', { class: `check ${extraClass}`.trim() }, input, h('span', { class: 'check-label' }, labelText));
  };

  // ---- header ----
  const queuedEl = h('p', { class: 'queued', 'data-testid': 'queued', hidden: model.queued <= 0 }, ja.dialog.queued(model.queued));
  const header = h('header', { class: 'dlg-header' },
    h('h1', {}, ja.dialog.title),
    h('p', { class: 'subject' },
      h('span', { class: 'subject-label' }, `${ja.dialog.subject}：`),
      h('span', { class: 'subject-text', 'data-testid': 'subject' }, model.subject || ja.dialog.noSubject)),
    queuedEl);

  // ---- block banner ----
  const blockBanner = model.blocked
    ? h('section', { class: 'block-banner', role: 'alert', 'data-testid': 'block-banner' },
        h('h2', {}, h('span', { class: 'sev-icon sev-danger' }, '!'), ja.dialog.blockedTitle),
        h('p', {}, ja.dialog.blockedLead),
        h('ul', {}, model.blockReasons.map((r) => h('li', {}, r))))
    : null;

  // ---- the wrong party, first: the evidence side by side and the one-click replacement ----
  const replaceButtons: { card: MismatchCard; button: HTMLButtonElement; note: HTMLElement }[] = [];
  const partiesTable = (card: MismatchCard) =>
    h('table', { class: 'parties' },
      h('tbody', {}, card.parties.map((p) =>
        h('tr', { class: `party party-${p.role}`, 'data-role': p.role },
          h('th', { scope: 'row' }, p.label),
          h('td', { class: p.role === 'named' ? 'p-text' : 'p-text addr' }, p.text),
          h('td', { class: 'p-known' }, p.knownAs.length ? ja.dialog.partyKnownAs(p.knownAs) : ''),
          h('td', { class: 'p-sends' }, p.sends === null ? '' : ja.dialog.partySends(p.sends))))));
  const mismatchItem = (card: MismatchCard) => {
    let fix: HTMLElement | null = null;
    if (card.replace) {
      const button = h('button', {
        type: 'button', class: 'btn btn-safe', 'data-testid': 'replace-send',
        'data-from': card.replace.from, 'data-to': card.replace.to,
        onclick: () => on.onReplace(card.key),
      }, ja.dialog.replaceButton(card.replace.to));
      const note = h('p', { class: 'bcc-note' }, ja.dialog.replaceHint(card.replace.from));
      replaceButtons.push({ card, button, note });
      fix = h('div', { class: 'bcc-fix replace-fix' }, button, note);
    }
    return h('li', {
      class: `alert mismatch sev-${card.severity}${card.blocked ? ' is-blocked' : ''}`,
      'data-check': card.check, 'data-testid': 'mismatch-card',
    },
      h('p', { class: 'alert-msg' },
        h('span', { class: `sev-icon sev-${card.severity}`, 'aria-label': ja.dialog.severity[card.severity] }, SEV_ICON[card.severity]),
        h('span', {}, card.message)),
      card.parties.length ? partiesTable(card) : null,
      fix,
      checkbox(card.key, card.ack));
  };
  const mismatches = model.mismatches.length
    ? h('section', { class: 'sec sec-mismatch', 'aria-label': ja.dialog.attention, 'data-testid': 'mismatches' },
        h('ul', { class: 'alerts' }, model.mismatches.map(mismatchItem)))
    : null;

  // ---- alerts (with the BCC fix inside the BCC alert) ----
  const bccButton = h('button', {
    type: 'button', class: 'btn btn-safe', 'data-testid': 'bcc-send', onclick: () => on.onBcc(),
  }, ja.dialog.bccButton);
  const bccNote = h('p', { class: 'bcc-note' }, ja.dialog.bccHint);
  const alertItem = (a: AlertItem) =>
    h('li', { class: `alert sev-${a.severity}${a.blocked ? ' is-blocked' : ''}`, 'data-check': a.check },
      h('p', { class: 'alert-msg' },
        h('span', { class: `sev-icon sev-${a.severity}`, 'aria-label': ja.dialog.severity[a.severity] }, SEV_ICON[a.severity]),
        h('span', {}, a.message),
        a.evidence ? h('span', { class: 'evidence' }, `「${a.evidence}」`) : null),
      a.isBcc ? h('div', { class: 'bcc-fix' }, bccButton, bccNote) : null,
      checkbox(a.key, a.ack));
  const alerts = model.alerts.length
    ? h('section', { class: 'sec sec-alerts', 'aria-label': ja.dialog.attention },
        h('ul', { class: 'alerts' }, model.alerts.map(alertItem)))
    : null;

  // ---- recipients ----
  const recipientRow = (g: DomainGroup, row: DomainGroup['rows'][number]) => {
    const r = row.recipient;
    const who = h('span', { class: 'who' },
      h('span', { class: `field field-${r.field}` }, ja.fields[r.field] ?? r.field),
      r.name ? h('span', { class: 'rname' }, r.name) : null,
      h('span', { class: 'addr', 'data-testid': 'address' }, `<${r.address}>`),
      row.tags.map((t) => h('span', { class: `tag sev-${t.severity}` }, t.label)),
      h('span', { class: 'removed-badge' }, ja.dialog.removed));
    const button = h('button', {
      type: 'button', class: 'btn-link remove', 'data-remove-recipient': r.address,
      onclick: () => on.onToggleRecipient(r.address),
    }, ja.dialog.remove);
    const el = h('li', { class: 'rcpt-row', 'data-address': r.address },
      row.required ? checkbox(row.key, who) : h('div', { class: 'check no-box' }, who),
      button);
    const list = recipientRows.get(r.address.toLowerCase()) ?? [];
    list.push({ row: el, button, address: r.address });
    recipientRows.set(r.address.toLowerCase(), list);
    void g;
    return el;
  };
  const group = (g: DomainGroup) =>
    h('li', { class: `rcpt-group${g.danger ? ' is-danger' : ''}`, 'data-domain': g.domain },
      h('p', { class: 'group-head' },
        g.company ? h('span', { class: 'company' }, g.company) : null,
        g.freemail ? h('span', { class: 'company freemail' }, ja.dialog.freemailGroup) : null,
        h('span', { class: 'domain' }, g.domain)),
      h('ul', { class: 'rcpt-rows' }, g.rows.map((row) => recipientRow(g, row))));

  const externalSec = model.externalGroups.length
    ? h('div', { class: 'sub' },
        h('h3', {}, ja.dialog.external(companyCount(model), model.externalPeople)),
        h('ul', { class: 'rcpt-groups' }, model.externalGroups.map(group)))
    : null;
  const internalSec = model.internal
    ? h('div', { class: 'sub internal' },
        h('div', { class: 'internal-head' },
          h('h3', {}, ja.dialog.internal(model.internal.recipients.length)),
          checkbox(model.internal.key, ja.dialog.internalConfirm, 'internal-all')),
        h('details', { class: 'internal-list' },
          h('summary', {}, ja.dialog.showInternal),
          h('ul', {}, model.internal.recipients.map((r) =>
            h('li', {}, h('span', { class: `field field-${r.field}` }, ja.fields[r.field]),
              r.name ? h('span', { class: 'rname' }, r.name) : null,
              h('span', { class: 'addr' }, `<${r.address}>`))))))
    : null;
  const recipientsSec = h('section', { class: 'sec' }, h('h2', {}, ja.dialog.recipients), externalSec, internalSec);

  // ---- personal data ----
  const personalSec = model.personal.length
    ? h('section', { class: 'sec' },
        h('h2', {}, ja.dialog.personalData),
        h('ul', { class: 'rows' }, model.personal.map((p) =>
          h('li', { class: `row sev-${p.severity}`, title: p.message },
            checkbox(p.key, [h('strong', { class: 'pd-type' }, p.typeLabel), h('span', { class: 'pd-detail' }, p.detail)])))))
    : null;

  // ---- attachments ----
  const attachmentsSec = model.attachments.length
    ? h('section', { class: 'sec' },
        h('h2', {}, ja.dialog.attachments),
        h('ul', { class: 'rows' }, model.attachments.map((a) => {
          const label = [
            h('span', { class: 'att-name' }, a.name),
            h('span', { class: 'att-size' }, a.sizeText),
            a.hasPersonalData ? h('span', { class: 'tag sev-danger' }, ja.dialog.personalData) : null,
            a.otherParty ? h('span', { class: 'tag sev-danger' }, ja.dialog.otherParty) : null,
            h('span', { class: 'removed-badge' }, ja.dialog.removed),
            a.notes.length ? h('span', { class: 'att-notes' }, a.notes.map((n) =>
              h('span', { class: n === ja.dialog.encrypted ? 'note encrypted' : 'note' }, n))) : null,
          ];
          const button = h('button', {
            type: 'button', class: 'btn-link remove', 'data-remove-attachment': a.name,
            onclick: () => on.onToggleAttachment(a.name),
          }, ja.dialog.removeAttachment);
          const el = h('li', { class: `row att-row${a.encrypted ? ' sev-danger' : ''}`, 'data-attachment': a.name },
            a.required ? checkbox(a.key, label) : h('div', { class: 'check no-box' }, label),
            button);
          attachmentRows.set(a.name, { row: el, button });
          return el;
        })))
    : null;

  // ---- information only ----
  const infoSec = model.infos.length
    ? h('section', { class: 'sec sec-info' },
        h('details', {},
          h('summary', {}, ja.dialog.infoFolded(model.infos.length)),
          h('ul', {}, model.infos.map((i) =>
            h('li', {}, i.message, i.evidence ? h('span', { class: 'evidence' }, `「${i.evidence}」`) : null)))))
    : null;

  // ---- footer ----
  const statusLine = h('p', { class: 'send-status', 'aria-live': 'polite', 'data-testid': 'send-status' });
  const sendButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'send', onclick: () => on.onSend() }, ja.dialog.send);
  const cancelButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'cancel', onclick: () => on.onCancel() }, ja.dialog.cancel);
  const footer = h('footer', { class: 'dlg-footer' }, cancelButton, statusLine, sendButton);

  const errorSlot = h('div', { class: 'error-slot', 'data-testid': 'dialog-error' });
  // The wrong party comes first of all: it is what the person cannot see for themselves.
  const body = h('div', { class: 'dlg-body' }, mismatches, blockBanner, alerts, recipientsSec, personalSec, attachmentsSec, infoSec);
  const root = h('div', { class: 'dlg', 'data-pending-id': model.id }, header, errorSlot, body, footer);

  const sendLabel = (s: SendStatus): string => {
    if (s.blocker === 'blocked') return ja.dialog.sendBlocked;
    if (s.remaining > 0) return ja.dialog.sendRemaining(s.remaining);
    if (s.countdownLeft > 0) return ja.dialog.sendCountdown(s.countdownLeft);
    return ja.dialog.send;
  };

  return {
    root,
    setQueued(n) {
      queuedEl.hidden = n <= 0;
      queuedEl.textContent = ja.dialog.queued(n);
    },
    firstFocus() {
      return root.querySelector<HTMLElement>('input[type=checkbox]:not(:disabled)') ?? cancelButton;
    },
    refresh(state, busy) {
      for (const [key, input] of boxes) {
        input.checked = state.ticked.has(key);
        input.disabled = busy || model.blocked || !isNeeded(model, state, key);
        input.closest('label')?.classList.toggle('is-ticked', input.checked);
      }
      for (const [addr, rows] of recipientRows) {
        const removed = state.removedRecipients.has(addr);
        for (const { row, button } of rows) {
          row.classList.toggle('is-removed', removed);
          button.textContent = removed ? ja.dialog.undoRemove : ja.dialog.remove;
          button.disabled = busy || model.blocked;
        }
      }
      for (const [name, { row, button }] of attachmentRows) {
        const removed = state.removedAttachments.has(name);
        row.classList.toggle('is-removed', removed);
        button.textContent = removed ? ja.dialog.undoRemove : ja.dialog.removeAttachment;
        button.disabled = busy || model.blocked;
      }
      const s = sendStatus(model, state);
      sendButton.disabled = busy || !s.enabled;
      sendButton.textContent = busy ? ja.dialog.sending : sendLabel(s);
      statusLine.textContent = s.blocker === 'no_recipients' ? ja.dialog.noRecipients : '';
      const b = bccStatus(model, state);
      bccButton.disabled = busy || !b.enabled;
      bccNote.textContent = b.available && b.blocker === 'unticked' ? ja.dialog.bccNeeds(b.remaining) : ja.dialog.bccHint;
      for (const { card, button, note } of replaceButtons) {
        const r = replaceStatus(model, state, card);
        button.disabled = busy || !r.enabled;
        note.textContent = !r.available
          ? ja.dialog.replaceGone
          : r.blocker === 'unticked'
            ? ja.dialog.replaceNeeds(r.remaining)
            : ja.dialog.replaceHint(card.replace!.from);
      }
      cancelButton.disabled = busy;
    },
  };
}

export function renderEmpty(): HTMLElement {
  return h('div', { class: 'dlg dlg-empty', 'data-testid': 'nothing-pending' },
    h('header', { class: 'dlg-header' }, h('h1', {}, ja.dialog.title)),
    h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, ja.dialog.nothingPending), h('p', {}, ja.dialog.nothingPendingHint)));
}
