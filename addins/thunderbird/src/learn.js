// Learning the Sent folders into sendguard's recipient history, once, when the person
// agrees (docs/hook-api.md, "Learning the Sent folders").
//
// The history only warns once it has seen enough of the person's own sends; a new
// install would stay quiet for weeks. So the add-in reads every account's Sent folders
// through the MailExtension API and posts the raw messages, a batch at a time, to the
// hook's `POST /v1/history/learn`. The hook keeps each message once (by Message-ID),
// so a run that stopped half-way can simply be started again.

import { toBase64 } from "./draft.js";
import { postLearn } from "./hook-client.js";

/** Batches stay far below the hook's request limit (100 MiB by default). */
export const BATCH_MESSAGES = 25;
export const BATCH_BASE64_CHARS = 4 * 1024 * 1024;

const isSent = (folder) => (folder.specialUse || []).includes("sent") || folder.type === "sent";

/** Every folder in a tree of MailFolders, depth first. */
function* walk(folders) {
  for (const folder of folders || []) {
    yield folder;
    yield* walk(folder.subFolders);
  }
}

/**
 * Every account's Sent folders (a folder whose special use is "sent"), from
 * `accounts.list(true)`: the folder tree is under `rootFolder` since Thunderbird 121,
 * under the deprecated `folders` before.
 */
export function sentFolders(accounts) {
  const out = [];
  for (const account of accounts || []) {
    const top = account.rootFolder?.subFolders ?? account.folders ?? [];
    for (const folder of walk(top)) if (isSent(folder)) out.push(folder);
  }
  return out;
}

/**
 * The person's own addresses: every identity's, lower case, once each. The hook counts
 * only mail from these as the person's sends (a Sent folder may hold mail sent on
 * someone else's behalf, or imported from elsewhere).
 */
export function ownAddresses(accounts) {
  const out = new Set();
  for (const account of accounts || []) {
    for (const identity of account.identities || []) {
      if (identity.email) out.add(identity.email.trim().toLowerCase());
    }
  }
  return [...out];
}

/** The ids of every message in `folder`, paging through `messages.continueList`. */
export async function messageIds(messenger, folder) {
  const ids = [];
  // A MailFolderId since Thunderbird 121; the folder object itself before.
  let page = await messenger.messages.list(folder.id ?? folder);
  for (;;) {
    ids.push(...(page?.messages || []).map((m) => m.id));
    if (!page?.id) return ids;
    page = await messenger.messages.continueList(page.id);
  }
}

/**
 * One whole message in base64. `getRaw` gives a File when asked for one (Thunderbird
 * 117 and later); older versions give a binary string, one byte per character.
 */
export async function rawBase64(messenger, id) {
  const raw = await messenger.messages.getRaw(id, { data_format: "File" });
  if (typeof raw === "string") return btoa(raw);
  return toBase64(await raw.arrayBuffer());
}

/**
 * Reads, batches and posts every sent message. `onProgress(progress)` is called as the
 * work goes on. Resolves to the progress at the end:
 * `{total, done, read, learned, skipped_not_me, skipped_seen, unreadable, too_large, error}`
 * where `unreadable` also counts messages Thunderbird could not give us, `too_large`
 * those the hook refused for their size, and `error` (null when all went well) is why
 * the run stopped early: sendguard down, token refused, history off (HookError kinds
 * `down`, `unauthorized`, `history_off`, …) or a folder that could not be read.
 */
export async function learnFromSent({ messenger, fetch, config }, onProgress = () => {}) {
  const progress = {
    total: 0, done: 0, read: 0, learned: 0, skipped_not_me: 0, skipped_seen: 0, unreadable: 0, too_large: 0,
    error: null,
  };
  const report = () => onProgress({ ...progress });
  try {
    const accounts = await messenger.accounts.list(true);
    const me = ownAddresses(accounts);
    const ids = [];
    for (const folder of sentFolders(accounts)) ids.push(...(await messageIds(messenger, folder)));
    progress.total = ids.length;
    report();
    const batch = new Batch(async (messages) => {
      await postBatch(fetch, config, messages, me, progress);
      report();
    });
    for (const id of ids) {
      let base64;
      try {
        base64 = await rawBase64(messenger, id);
      } catch {
        // deleted meanwhile, or an IMAP message that cannot be fetched offline
        progress.unreadable++;
        progress.done++;
        report();
        continue;
      }
      await batch.add(base64);
    }
    await batch.flush();
  } catch (e) {
    progress.error = e;
    report();
  }
  return progress;
}

/** Posts one batch and adds the hook's counts to `progress`. */
async function postBatch(fetchImpl, config, messages, me, progress) {
  try {
    const counts = await postLearn(fetchImpl, config, messages, me);
    for (const key of ["read", "learned", "skipped_not_me", "skipped_seen", "unreadable"]) progress[key] += counts[key];
  } catch (e) {
    // A hook configured with a small request limit refuses a big message: skip it and
    // go on, as one large attachment should not stop the whole history.
    if (e.kind !== "too_large") throw e;
    progress.too_large += messages.length;
  }
  progress.done += messages.length;
}

/**
 * Collects messages until a batch is full (BATCH_MESSAGES, or BATCH_BASE64_CHARS of
 * base64), then hands it to `send`. A message larger than a batch goes alone.
 */
export class Batch {
  constructor(send, { maxMessages = BATCH_MESSAGES, maxChars = BATCH_BASE64_CHARS } = {}) {
    this.send = send;
    this.maxMessages = maxMessages;
    this.maxChars = maxChars;
    this.messages = [];
    this.chars = 0;
  }

  async add(base64) {
    const full = this.messages.length >= this.maxMessages || this.chars + base64.length > this.maxChars;
    if (this.messages.length && full) await this.flush();
    this.messages.push(base64);
    this.chars += base64.length;
  }

  async flush() {
    if (!this.messages.length) return;
    const messages = this.messages;
    this.messages = [];
    this.chars = 0;
    await this.send(messages);
  }
}

/**
 * Whether the hook keeps a recipient history: an empty batch is answered with zero
 * counts when it does, and 409 `history_off` when it does not. Any other failure
 * (sendguard not running) is thrown.
 */
export async function historyIsOn(fetchImpl, config) {
  try {
    await postLearn(fetchImpl, config, [], []);
    return true;
  } catch (e) {
    if (e.kind === "history_off") return false;
    throw e;
  }
}
