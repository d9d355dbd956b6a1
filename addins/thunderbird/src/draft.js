// The draft in Thunderbird → the hook's `POST /v1/checks` request (docs/hook-api.md).
//
// Everything the checks need is read here: recipients expanded to single addresses,
// both bodies, every attachment's bytes, and for replies who the answered message says
// it is from and where answers go, so a reply to a spoofed 社長 is caught.

import { CAPABILITIES } from "./decision.js";
import { expandField, mailboxesOf, parseOneMailbox } from "./recipients.js";

/** Base64 of an ArrayBuffer, in slices so a large attachment does not overflow the stack. */
export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Thunderbird's compose type → the hook's `new` / `reply` / `forward`. */
export function composeType(type) {
  if (type === "reply") return "reply";
  if (type === "forward" || type === "redirect") return "forward";
  return "new";
}

async function decodeHeader(messenger, header, value) {
  if (!value || !/=\?/.test(value) || !messenger.messengerUtilities?.decodeMimeHeader) return value;
  try {
    const decoded = await messenger.messengerUtilities.decodeMimeHeader(header, value, true);
    return Array.isArray(decoded) ? decoded.join(", ") : decoded;
  } catch {
    return value;
  }
}

async function mailboxList(messenger, header, value) {
  if (!value) return [];
  const decoded = await decodeHeader(messenger, header, value);
  return mailboxesOf(await expandField(decoded, messenger));
}

/**
 * The id of the message this draft answers, or null. A reply names it directly; a reply
 * saved as a draft and reopened from Drafts names the draft itself, so the answered
 * message is found again through the draft's In-Reply-To.
 */
export async function answeredMessageId(messenger, details) {
  if (details.relatedMessageId === undefined || details.relatedMessageId === null) return null;
  if (details.type === "reply") return details.relatedMessageId;
  if (details.type !== "draft" || !messenger.messages?.query) return null;
  const draft = await messenger.messages.getFull(details.relatedMessageId);
  const inReplyTo = ((draft?.headers || {})["in-reply-to"] || [])[0] || "";
  const headerMessageId = inReplyTo.trim().replace(/^<|>$/g, "");
  if (!headerMessageId) return null;
  const found = await messenger.messages.query({ headerMessageId });
  return found?.messages?.[0]?.id ?? null;
}

/**
 * `{from, reply_to, to, cc}` of the answered message `id`, or null when it cannot be
 * read (deleted meanwhile); every other check still runs.
 */
export async function replyContext(messenger, id) {
  let full;
  try {
    full = await messenger.messages.getFull(id);
  } catch {
    return null;
  }
  const headers = full?.headers || {};
  const first = (name) => (headers[name] || [])[0] || "";
  const all = (name) => (headers[name] || []).join(", ");
  const from = await mailboxList(messenger, "from", first("from"));
  return {
    from: from[0] || null,
    reply_to: await mailboxList(messenger, "reply-to", all("reply-to")),
    to: await mailboxList(messenger, "to", all("to")),
    cc: await mailboxList(messenger, "cc", all("cc")),
  };
}

/**
 * Reads the whole draft. Returns `{request, fields, attachments}`: the JSON for the
 * hook, the expanded recipient fields (for applying a fix later) and the attachments'
 * ids by name (for removing one).
 */
export async function readDraft(messenger, tab, details) {
  const fields = {
    to: await expandField(details.to, messenger),
    cc: await expandField(details.cc, messenger),
    bcc: await expandField(details.bcc, messenger),
  };
  const attachments = [];
  const wire = [];
  for (const attachment of await messenger.compose.listAttachments(tab.id)) {
    const file = await messenger.compose.getAttachmentFile(attachment.id);
    attachments.push({ id: attachment.id, name: attachment.name });
    wire.push({
      name: attachment.name,
      content_type: file.type || "application/octet-stream",
      content_base64: toBase64(await file.arrayBuffer()),
    });
  }
  const from = typeof details.from === "string" && details.from ? parseOneMailbox(details.from) : null;
  const info = messenger.runtime.getBrowserInfo ? await messenger.runtime.getBrowserInfo() : null;
  const answered = await answeredMessageId(messenger, details).catch(() => null);
  const request = {
    from,
    to: mailboxesOf(fields.to),
    cc: mailboxesOf(fields.cc),
    bcc: mailboxesOf(fields.bcc),
    subject: details.subject || "",
    body_text: details.plainTextBody || "",
    body_html: details.isPlainText ? null : details.body || null,
    attachments: wire,
    compose_type: answered !== null ? "reply" : composeType(details.type),
    in_reply_to: answered !== null ? await replyContext(messenger, answered) : null,
    client: info ? `${info.name || "thunderbird"}/${info.version}`.toLowerCase() : "thunderbird",
    capabilities: CAPABILITIES,
  };
  return { request, fields, attachments };
}
