// The hook's answer → what `compose.onBeforeSend` returns.
//
// `cancel` stops the send. `send` with changes rewrites the recipient fields: addresses
// in `move_to_bcc` leave To/Cc for Bcc, addresses in `remove_recipients` leave every
// field, and each `replace_recipients` entry `{from, to}` puts `to` where `from` was,
// in every field `from` is in, without `from`'s display name (it named the wrong
// person). When the move empties To, the sender's own address goes in To, the usual
// Japanese practice for a Bcc-only mail. Entries nobody touched go back unchanged.

import { formatMailbox } from "./recipients.js";

/** Every kind of change this add-in can apply. */
export const KNOWN_CHANGES = ["move_to_bcc", "remove_recipients", "remove_attachments", "replace_recipients"];

/**
 * What the add-in declares in each check request (`capabilities`): the hook offers a
 * replacement only to a client that says it applies one.
 */
export const CAPABILITIES = ["replace_recipients"];

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

/** True for a change value that asks for nothing (`[]`, `{}`, null, …). */
function asksNothing(value) {
  if (value === undefined || value === null || value === false || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/**
 * The kinds of change in `changes` this add-in cannot apply. An empty list of an
 * unknown kind asks for nothing (a newer hook may always list every kind, as it does
 * the known ones); anything else must stop the send, because applying only part of
 * what the person chose would send a mail nobody chose.
 */
export function unknownChanges(changes) {
  return Object.entries(changes || {})
    .filter(([kind, value]) => !KNOWN_CHANGES.includes(kind) && !asksNothing(value))
    .map(([kind]) => kind);
}

/**
 * `replace_recipients` as a Map from the replaced address's key to the new address.
 * An entry that is not `{from, to}` with two addresses throws: guessing what it meant
 * could put the mail in the wrong hands.
 */
function replacementsOf(changes) {
  const out = new Map();
  for (const entry of changes.replace_recipients || []) {
    const from = typeof entry?.from === "string" ? entry.from.trim() : "";
    const to = typeof entry?.to === "string" ? entry.to.trim() : "";
    if (!from.includes("@") || !to.includes("@")) {
      throw new Error(`replace_recipients: ${JSON.stringify(entry)} is not {"from": address, "to": address}`);
    }
    out.set(addressKey(from), to);
  }
  return out;
}

/**
 * What happens to each recipient: `{action, mailbox}` with action `keep`, `remove`,
 * `move` (to Bcc) or `replace`, and `mailbox` what the recipient is afterwards. A
 * replaced recipient that is also to move goes to Bcc as its replacement, whichever of
 * its two addresses `move_to_bcc` names (the dialog's Bcc fix lists the addresses as
 * composed; the replacement is who the person meant).
 */
function planFor(changes) {
  const toBcc = keys(changes.move_to_bcc);
  const removed = keys(changes.remove_recipients);
  const replacements = replacementsOf(changes);
  const fate = (mailbox, field) => {
    const key = addressKey(mailbox.address);
    if (removed.has(key)) return { action: "remove", mailbox };
    const replacement = replacements.get(key);
    const now = replacement ? { name: "", address: replacement } : mailbox;
    if (field !== "bcc" && (toBcc.has(key) || toBcc.has(addressKey(now.address)))) {
      return { action: "move", mailbox: now };
    }
    return replacement ? { action: "replace", mailbox: now } : { action: "keep", mailbox };
  };
  // Every address the answer names must be in the draft, or what is applied is not what
  // the person chose; only a Bcc move may name a replacement, which the draft cannot hold.
  const targets = new Set([...replacements.values()].map(addressKey));
  const named = new Set([...[...toBcc].filter((a) => !targets.has(a)), ...removed, ...replacements.keys()]);
  return { fate, named };
}

/**
 * Rebuilds one field. Returns `{entries, moved, changed, staying}`: the new entry list,
 * the mailboxes that leave it for Bcc, whether anything changed, and the keys of the
 * addresses the field holds afterwards. An entry whose mailboxes all stay goes back as
 * it came; a replacement the field already holds is not added twice.
 */
function rebuild(entries, field, fate) {
  const fates = entries.map((entry) => entry.mailboxes.map((m) => fate(m, field)));
  const staying = new Set(
    fates.flat().filter((f) => f.action === "keep").map((f) => addressKey(f.mailbox.address)),
  );
  const kept = [];
  const moved = [];
  let changed = false;
  entries.forEach((entry, i) => {
    if (fates[i].every((f) => f.action === "keep")) {
      kept.push(entry.raw);
      return;
    }
    changed = true;
    for (const { action, mailbox } of fates[i]) {
      if (action === "move") moved.push(mailbox);
      if (action === "keep") kept.push(formatMailbox(mailbox));
      if (action === "replace" && !staying.has(addressKey(mailbox.address))) {
        staying.add(addressKey(mailbox.address));
        kept.push(formatMailbox(mailbox));
      }
    }
  });
  return { entries: kept, moved, changed, staying };
}

/** The rebuilt Bcc plus the moved mailboxes it does not hold yet. */
function withMoved(bcc, moved) {
  const have = new Set(bcc.staying);
  const added = [];
  for (const mailbox of moved) {
    const key = addressKey(mailbox.address);
    if (have.has(key)) continue;
    have.add(key);
    added.push(formatMailbox(mailbox));
  }
  return [...bcc.entries, ...added];
}

const cancelled = (extra = {}) => ({ result: { cancel: true }, removeAttachments: [], missing: [], unknown: [], ...extra });

/**
 * `{result, removeAttachments, missing, unknown}`: `result` for onBeforeSend
 * (`{cancel: true}`, `{}` or `{details: {...}}`), the ids of attachments to remove
 * before the send goes on, what the answer asked to change that the draft does not
 * hold, and the kinds of change this add-in does not know. A change that cannot be
 * applied cancels the send: sending without the fix the person chose would be worse
 * than not sending. Throws on a change it cannot read.
 */
export function applyDecision(answer, fields, attachments, from) {
  if (!answer || answer.decision !== "send") return cancelled();
  const changes = answer.changes || {};
  const unknown = unknownChanges(changes);
  if (unknown.length) return cancelled({ unknown });

  const { fate, named } = planFor(changes);
  const present = new Set(
    [...fields.to, ...fields.cc, ...fields.bcc].flatMap((e) => e.mailboxes.map((m) => addressKey(m.address))),
  );
  const missing = [...named].filter((a) => !present.has(a));

  const to = rebuild(fields.to, "to", fate);
  const cc = rebuild(fields.cc, "cc", fate);
  const bcc = rebuild(fields.bcc, "bcc", fate);
  const moved = [...to.moved, ...cc.moved];
  const details = {};
  if (to.changed) details.to = to.entries;
  if (cc.changed) details.cc = cc.entries;
  if (bcc.changed || moved.length) {
    details.bcc = withMoved(bcc, moved);
  }
  const toAfter = to.changed ? to.entries : fields.to.map((e) => e.raw);
  if (moved.length && toAfter.length === 0 && from) details.to = [from];

  const names = lower(changes.remove_attachments);
  const removeAttachments = (attachments || [])
    .filter((a) => names.has(String(a.name).toLowerCase()))
    .map((a) => a.id);
  const attached = lower((attachments || []).map((a) => a.name));
  missing.push(...[...names].filter((n) => !attached.has(n)));
  if (missing.length) return cancelled({ missing });
  return {
    result: Object.keys(details).length ? { details } : {},
    removeAttachments,
    missing,
    unknown,
  };
}
