// One logged item: its masked findings, recipients, attachments and dialog
// changes (events) or the report text (manual), and the review workflow
// 未確認 → 確認済 → 対策済 with comment and countermeasure (`log_review`).
import { ja } from '../i18n/ja';
import type { Finding, Item, LoggedEvent, LoggedManual, Review, ReviewStatus } from '../ipc/types';
import { logGet, logReview } from '../ipc/commands';
import { describeError } from '../ipc/errors';
import { errorBox, h, mount, type Child } from '../lib/dom';
import { humanSize, locationLabel, partyRows } from '../lib/format';
import { STATUSES } from './filters';
import { findingLabel, sortedFindings } from './items';
import { buildHash, type Route } from './router';

const d = ja.detail;

const dl = (rows: [string, Child][]) =>
  h('dl', { class: 'facts' }, rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

/** A history finding's evidence as stored (addresses masked): 宛名 / 宛先 / 候補. */
function partiesOf(f: Finding): HTMLElement | null {
  const rows = partyRows(f);
  if (!rows.length) return null;
  return h('table', { class: 'parties', 'aria-label': d.parties },
    h('tbody', {}, rows.map((p) =>
      h('tr', { 'data-role': p.role },
        h('th', { scope: 'row' }, p.label),
        h('td', {}, p.text),
        h('td', {}, p.knownAs.length ? ja.dialog.partyKnownAs(p.knownAs) : ''),
        h('td', { class: 'muted' }, p.sends === null ? '' : ja.dialog.partySends(p.sends))))));
}

function eventBody(e: LoggedEvent): HTMLElement[] {
  const changes = e.changes ?? { moved_to_bcc: [], removed_recipients: [], removed_attachments: [] };
  const replaced = changes.replaced_recipients ?? [];
  const anyChange = changes.moved_to_bcc.length + changes.removed_recipients.length + changes.removed_attachments.length + replaced.length > 0;
  return [
    h('section', { class: 'card' },
      h('h2', {}, e.subject),
      dl([
        [d.time, e.local_time ?? e.time],
        [d.user, e.user],
        [d.machine, e.machine],
        [d.client, e.client],
        [d.verdict, ja.verdicts[e.verdict] ?? e.verdict],
        [d.decision, h('strong', {}, ja.decisions[e.decision] ?? e.decision)],
        [d.seconds, e.dialog_seconds != null ? ja.format.seconds(e.dialog_seconds) : ''],
      ])),
    h('section', { class: 'card' },
      h('h2', {}, d.findings),
      h('ul', { class: 'findings-list', 'data-testid': 'findings' }, sortedFindings(e.findings).map((f) =>
        h('li', { class: `finding sev-${f.severity}` },
          h('span', { class: `tag sev-${f.severity}` }, findingLabel(f)),
          h('span', { class: 'f-msg' }, f.message),
          f.location ? h('span', { class: 'f-loc' }, locationLabel(f)) : null,
          f.evidence ? h('span', { class: 'evidence' }, `「${f.evidence}」`) : null,
          f.suggestion ? h('span', { class: 'f-suggestion', 'data-testid': 'suggestion' }, d.suggestion(f.suggestion)) : null,
          partiesOf(f))))),
    h('section', { class: 'card two' },
      h('div', {},
        h('h2', {}, d.recipients),
        h('ul', { class: 'plain' }, (e.recipients ?? []).map((r) =>
          h('li', {}, h('span', { class: 'field-tag' }, ja.fields[r.field] ?? r.field), ' ', r.address, ' ',
            h('span', { class: `tag${r.external ? ' sev-warning' : ''}` }, r.external ? d.external : d.internal))))),
      h('div', {},
        h('h2', {}, d.attachments),
        (e.attachments ?? []).length
          ? h('ul', { class: 'plain' }, (e.attachments ?? []).map((a) => h('li', {}, a.name, ' ', h('span', { class: 'muted' }, humanSize(a.size)))))
          : h('p', { class: 'muted' }, ja.common.none))),
    h('section', { class: 'card' },
      h('h2', {}, d.changes),
      anyChange
        ? dl([
            [d.movedToBcc, changes.moved_to_bcc.join(', ')],
            [d.removedRecipients, changes.removed_recipients.join(', ')],
            [d.removedAttachments, changes.removed_attachments.join(', ')],
            [d.replacedRecipients, replaced.length
              ? h('span', { 'data-testid': 'replaced' }, replaced.map((r) => d.replaced(r.from, r.to)).join(', '))
              : ''],
          ])
        : h('p', { class: 'muted' }, d.noChanges)),
  ];
}

function manualBody(m: LoggedManual): HTMLElement[] {
  return [
    h('section', { class: 'card' },
      h('h2', {}, d.manualTitle),
      dl([
        [d.category, ja.categories[m.category] ?? m.category],
        [d.reporter, m.reporter],
        [d.time, m.local_time ?? m.created],
        [d.whenHappened, m.when],
        [d.whereHappened, m.where],
        [d.whatHappened, h('span', { class: 'pre' }, m.what)],
        [d.action, h('span', { class: 'pre' }, m.action)],
      ])),
  ];
}

function reviewFacts(r: Review | undefined): HTMLElement {
  if (!r) return h('p', { class: 'muted', 'data-testid': 'review-current' }, d.notReviewed);
  return h('div', { 'data-testid': 'review-current' }, dl([
    [d.statusLabel, h('span', { class: `status status-${r.status}` }, ja.statuses[r.status])],
    [d.reviewer, r.reviewer ?? ''],
    [d.reviewedAt, r.reviewed_at],
    [d.comment, r.comment ? h('span', { class: 'pre' }, r.comment) : ''],
    [d.countermeasure, r.countermeasure ? h('span', { class: 'pre' }, r.countermeasure) : ''],
  ]));
}

function reviewForm(item: Item): HTMLElement {
  const current = item.review;
  let status: ReviewStatus = current?.status ?? 'unreviewed';
  const facts = h('div', {}, reviewFacts(current));
  const notice = h('div', { class: 'notice-slot', 'data-testid': 'review-notice' });
  const steps = h('div', { class: 'steps', role: 'radiogroup', 'aria-label': d.statusLabel },
    STATUSES.map((s, i) => [
      i > 0 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
      h('label', { class: 'step' },
        h('input', { type: 'radio', name: 'status', value: s, checked: s === status,
          onchange: () => { status = s as ReviewStatus; } }),
        h('span', {}, ja.statuses[s])),
    ]));
  const comment = h('textarea', { name: 'comment', id: 'r-comment', rows: 2 });
  comment.value = current?.comment ?? '';
  const measure = h('textarea', { name: 'countermeasure', id: 'r-countermeasure', rows: 2 });
  measure.value = current?.countermeasure ?? '';
  const save = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-review' }, d.saveReview);
  const form = h('form', {
    class: 'review-form',
    onsubmit: async (e: Event) => {
      e.preventDefault();
      save.disabled = true;
      try {
        const review = await logReview({
          uuid: item.uuid,
          status,
          comment: comment.value.trim() || undefined,
          countermeasure: measure.value.trim() || undefined,
        });
        mount(facts, reviewFacts(review));
        mount(notice, h('p', { class: 'notice ok' }, d.reviewSaved));
      } catch (err) {
        const x = describeError('log_review', err);
        mount(notice, errorBox(x.text, x.raw));
      } finally {
        save.disabled = false;
      }
    },
  },
    h('div', { class: 'field' }, h('span', { class: 'field-label' }, d.statusLabel), steps),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'r-comment' }, d.comment), comment),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'r-countermeasure' }, d.countermeasure), measure),
    h('div', { class: 'actions' }, save),
    notice);
  return h('section', { class: 'card review' },
    h('h2', {}, d.review),
    h('h3', {}, d.reviewHistory), facts,
    form);
}

export async function renderDetail(root: HTMLElement, route: Route): Promise<void> {
  const back = h('a', { href: buildHash('list'), class: 'back', onclick: (e: Event) => {
    if (history.length > 1) { e.preventDefault(); history.back(); }
  } }, `← ${d.back}`);
  mount(root, back, h('p', { class: 'muted' }, ja.common.loading));
  let item: Item | null;
  try {
    item = await logGet(route.id!);
  } catch (err) {
    const e = describeError('log_get', err);
    mount(root, back, errorBox(e.text, e.raw));
    return;
  }
  if (!item) {
    mount(root, back, h('p', { class: 'empty-list' }, d.notFound));
    return;
  }
  mount(root, back, h('div', { class: 'detail', 'data-uuid': item.uuid },
    ...(item.kind === 'event' ? eventBody(item) : manualBody(item)),
    reviewForm(item)));
}
