// The hook's answer → what `compose.onBeforeSend` returns.
//
// `cancel` stops the send. `send` with changes rewrites the recipient fields: addresses
// in `move_to_bcc` leave To/Cc for Bcc, addresses in `remove_recipients` leave every
// field. When the move empties To, the sender's own address goes in To, the usual
// Japanese practice for a Bcc-only mail. Entries nobody touched go back unchanged.

import { formatMailbox } from "./recipients.js";

const lower = (list) => new Set((list || []).map((a) => String(a).toLowerCase()));

/**
 * Rebuilds one field without the addresses `leaving` says go. Returns
 * `{entries, left}`: the new entry list, and the mailboxes that left it.
 */
function rebuild(entries, leaving) {
  const kept = [];
  const left = [];
  for (const entry of entries) {
    const going = entry.mailboxes.filter((m) => leaving(m.address));
    if (!going.length) {
      kept.push(entry.raw);
      continue;
    }
    left.push(...going);
    for (const m of entry.mailboxes) if (!leaving(m.address)) kept.push(formatMailbox(m));
  }
  return { entries: kept, left, changed: left.length > 0 };
}

/**
 * `{result, removeAttachments}`: `result` for onBeforeSend (`{cancel: true}`, `{}` or
 * `{details: {...}}`), and the ids of attachments to remove before the send goes on.
 */
export function applyDecision(answer, fields, attachments, from) {
  if (!answer || answer.decision !== "send") return { result: { cancel: true }, removeAttachments: [] };
  const changes = answer.changes || {};
  const toBcc = lower(changes.move_to_bcc);
  const removed = lower(changes.remove_recipients);
  const isRemoved = (a) => removed.has(a.toLowerCase());
  const isMoved = (a) => toBcc.has(a.toLowerCase()) && !isRemoved(a);

  const to = rebuild(fields.to, (a) => isRemoved(a) || isMoved(a));
  const cc = rebuild(fields.cc, (a) => isRemoved(a) || isMoved(a));
  const bcc = rebuild(fields.bcc, isRemoved);
  const moved = [...to.left, ...cc.left].filter((m) => isMoved(m.address));
  const details = {};
  if (to.changed) details.to = to.entries;
  if (cc.changed) details.cc = cc.entries;
  if (bcc.changed || moved.length) {
    const already = lower(bcc.entries.filter((e) => typeof e === "string"));
    details.bcc = [...bcc.entries, ...moved.map(formatMailbox).filter((e) => !already.has(e.toLowerCase()))];
  }
  if (moved.length && to.changed && to.entries.length === 0 && from) details.to = [from];

  const names = lower(changes.remove_attachments);
  const removeAttachments = (attachments || [])
    .filter((a) => names.has(String(a.name).toLowerCase()))
    .map((a) => a.id);
  return {
    result: Object.keys(details).length ? { details } : {},
    removeAttachments,
  };
}
