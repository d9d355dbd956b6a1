// Recipients as Thunderbird holds them, and back.
//
// A compose field is a list of entries: a mailbox string (`山田 <y@example.jp>`, which may
// hold several addresses or a mailing list), or in MV2 a contact / mailing-list id. The
// hook wants each address on its own, and a fix (move to Bcc, remove) works per address,
// so every entry keeps its original form next to what it expands to: an entry nobody
// touched goes back to Thunderbird exactly as it came.

/** The entries of a ComposeRecipientList (string, object, or array of them). */
export function entriesOf(list) {
  if (list === undefined || list === null || list === "") return [];
  return Array.isArray(list) ? list : [list];
}

/** Splits a mailbox string on commas outside quotes, comments and angle brackets. */
export function splitMailboxString(text) {
  const parts = [];
  let current = "";
  let quoted = false;
  let angle = 0;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      current += c;
      if (c === "\\" && i + 1 < text.length) current += text[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === "(") comment++;
    else if (c === ")" && comment > 0) comment--;
    else if (c === "<") angle++;
    else if (c === ">" && angle > 0) angle--;
    else if ((c === "," || c === ";") && !angle && !comment) {
      parts.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** One mailbox from `Name <address>`, `"Name" <address>` or a bare address. */
export function parseOneMailbox(text) {
  const angle = text.match(/^(.*?)<([^<>]*)>\s*$/s);
  if (angle) {
    let name = angle[1].trim();
    if (name.startsWith('"') && name.endsWith('"') && name.length >= 2) {
      name = name.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    return { name, address: angle[2].trim() };
  }
  return { name: "", address: text.replace(/\(.*?\)/g, "").trim() };
}

/** A mailbox as Thunderbird accepts it in a compose field. */
export function formatMailbox({ name, address }) {
  if (!name) return address;
  return `"${name.replace(/(["\\])/g, "\\$1")}" <${address}>`;
}

/**
 * Members of the address-book mailing list called `name`. Thunderbird hands lists to
 * onBeforeSend collapsed (`顧客一覧 <顧客一覧>`) and expands them only after the
 * listeners ran, so the guard must expand them itself, or fifty customers in one list
 * would be checked as one recipient.
 */
async function expandMailingList(name, messenger) {
  if (!messenger.addressBooks?.list || !messenger.mailingLists?.listMembers) {
    throw new Error(`cannot expand the mailing list ${JSON.stringify(name)}`);
  }
  for (const book of (await messenger.addressBooks.list(true)) || []) {
    const list = (book.mailingLists || []).find((l) => l.name === name);
    if (!list) continue;
    const out = [];
    for (const member of (await messenger.mailingLists.listMembers(list.id)) || []) {
      const p = member.properties || {};
      const address = p.PrimaryEmail || p.SecondEmail || "";
      if (address) out.push({ name: p.DisplayName || "", address });
    }
    return out;
  }
  throw new Error(`no mailing list called ${JSON.stringify(name)}`);
}

/** A string's mailboxes, with Thunderbird's parser when there is one, else ours. */
async function parseString(text, utilities) {
  if (utilities?.parseMailboxString) {
    try {
      const parsed = await utilities.parseMailboxString(text);
      const flat = [];
      const walk = (items) => {
        for (const p of items || []) {
          if (p.group) walk(p.group);
          else if (p.email) flat.push({ name: p.name || "", address: p.email });
        }
      };
      walk(parsed);
      if (flat.length) return flat;
    } catch {
      // fall through to our parser
    }
  }
  return splitMailboxString(text).map(parseOneMailbox).filter((m) => m.address);
}

/** A string's mailboxes, mailing lists (an "address" without @) expanded. */
async function expandString(text, messenger) {
  const out = [];
  for (const mailbox of await parseString(text, messenger.messengerUtilities)) {
    if (mailbox.address.includes("@")) out.push(mailbox);
    else out.push(...(await expandMailingList(mailbox.address, messenger)));
  }
  return out;
}

/** Expands an MV2 contact / mailing-list reference through the address-book API. */
async function expandReference(ref, messenger) {
  if (ref.type === "contact" && messenger.contacts?.get) {
    const contact = await messenger.contacts.get(ref.id);
    const p = contact?.properties || {};
    const address = p.PrimaryEmail || p.SecondEmail || "";
    const name = p.DisplayName || [p.FirstName, p.LastName].filter(Boolean).join(" ");
    return address ? [{ name, address }] : [];
  }
  if (ref.type === "mailingList" && messenger.mailingLists?.listMembers) {
    const members = await messenger.mailingLists.listMembers(ref.id);
    const out = [];
    for (const member of members || []) {
      out.push(...(await expandReference({ type: "contact", id: member.id }, messenger)));
    }
    return out;
  }
  throw new Error(`cannot read the address-book entry ${JSON.stringify(ref)}`);
}

/**
 * `[{raw, mailboxes: [{name, address}]}]` for one field. A string nobody can parse goes
 * to the hook as it is (the check then sees it); an address-book entry or mailing list
 * that cannot be read throws, because checking a draft without one of its recipients
 * would be a lie.
 */
export async function expandField(list, messenger) {
  const out = [];
  for (const raw of entriesOf(list)) {
    if (typeof raw === "string") {
      const mailboxes = await expandString(raw, messenger);
      out.push({ raw, mailboxes: mailboxes.length ? mailboxes : [{ name: "", address: raw.trim() }] });
    } else {
      out.push({ raw, mailboxes: await expandReference(raw, messenger) });
    }
  }
  return out;
}

/** The addresses of a field, each once per entry, as the hook's `{name, address}`. */
export function mailboxesOf(entries) {
  return entries.flatMap((e) => e.mailboxes.map(({ name, address }) => (name ? { name, address } : { address })));
}
