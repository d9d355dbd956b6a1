// The hook's answer → what `compose.onBeforeSend` returns.
//
// `cancel` stops the send. `send` with changes rewrites the recipient fields: addresses
// in `move_to_bcc` leave To/Cc for Bcc, addresses in `remove_recipients` leave every
// field. When the move empties To, the sender's own address goes in To, the usual
// Japanese practice for a Bcc-only mail. Entries nobody touched go back unchanged.

import { formatMailbox } from "./recipients.js";

/**
 * The form addresses are compared in: lower case, the domain in ASCII (punycode). The
 * hook reports `tanaka@xn--3kqw7n7zs.jp` where Thunderbird holds `tanaka@楓商事.jp`.
 */
export function addressKey(address) {
  const text = String(address).trim().toLowerCase();
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  let domain = text.slice(at + 1);
  try {
    domain = new URL(`http://${domain}/`).hostname;
  } catch {
    // not a host name; compare it as it is
  }
  return `${text.slice(0, at)}@${domain}`;
}

const keys = (list) => new Set((list || []).map(addressKey));
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
 * `{result, removeAttachments, missing}`: `result` for onBeforeSend (`{cancel: true}`,
 * `{}` or `{details: {...}}`), the ids of attachments to remove before the send goes
 * on, and what the answer asked to change that the draft does not hold. A change that
 * cannot be applied cancels the send: sending without the fix the person chose would
 * be worse than not sending.
 */
export function applyDecision(answer, fields, attachments, from) {
  if (!answer || answer.decision !== "send") {
    return { result: { cancel: true }, removeAttachments: [], missing: [] };
  }
  const changes = answer.changes || {};
  const toBcc = keys(changes.move_to_bcc);
  const removed = keys(changes.remove_recipients);
  const isRemoved = (a) => removed.has(addressKey(a));
  const isMoved = (a) => toBcc.has(addressKey(a)) && !isRemoved(a);
  const present = new Set(
    [...fields.to, ...fields.cc, ...fields.bcc].flatMap((e) => e.mailboxes.map((m) => addressKey(m.address))),
  );
  const missing = [...new Set([...toBcc, ...removed])].filter((a) => !present.has(a));

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
  const toAfter = to.changed ? to.entries : fields.to.map((e) => e.raw);
  if (moved.length && toAfter.length === 0 && from) details.to = [from];

  const names = lower(changes.remove_attachments);
  const removeAttachments = (attachments || [])
    .filter((a) => names.has(String(a.name).toLowerCase()))
    .map((a) => a.id);
  const attached = lower((attachments || []).map((a) => a.name));
  missing.push(...[...names].filter((n) => !attached.has(n)));
  if (missing.length) return { result: { cancel: true }, removeAttachments: [], missing };
  return {
    result: Object.keys(details).length ? { details } : {},
    removeAttachments,
    missing,
  };
}
