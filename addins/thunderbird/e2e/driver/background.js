"use strict";
// The e2e driver: plays the person at the keyboard. Test only, never shipped.
//
// The harness hands it, through storage.managed, the address of its control server on
// 127.0.0.1. From there it fetches the plan (the scenarios, which guard add-in to wait
// for), opens one compose window per scenario, attaches files, clicks Send through
// compose.sendMessage, and posts back what Thunderbird said. Whether the mail really
// left, and in what shape, the harness reads at its SMTP sink, not here.

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let control = null;

async function tell(path, payload) {
  const response = await fetch(control + path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
  if (!response.ok) throw new Error(`harness answered ${response.status} to ${path}`);
}

function note(message) {
  console.log("[e2e-driver]", message);
  tell("/note", { message }).catch(() => {});
}

/** Bytes of an attachment given as text (UTF-8) or base64. */
function attachmentBytes(spec) {
  if (spec.content_base64 === undefined) return new TextEncoder().encode(spec.content || "");
  const binary = atob(spec.content_base64);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Local Folders' Inbox, made when the fresh profile has none yet. */
async function localInbox() {
  const accounts = await messenger.accounts.list(false);
  const local = accounts.find((a) => a.type === "none" && !(a.identities || []).length);
  if (!local) throw new Error("the profile has no Local Folders account");
  const folders = await messenger.folders.getSubFolders(local, false);
  const inbox = folders.find((f) => (f.specialUse || []).includes("inbox") || f.name === "Inbox");
  return inbox || messenger.folders.create(local, "Inbox");
}

/** Opens the scenario's compose window: a new mail, or a reply to an imported original. */
async function openCompose(sc, identityId) {
  const common = { subject: sc.subject, plainTextBody: sc.body || "", isPlainText: true, identityId };
  if (sc.reply_to_eml) {
    const original = await messenger.messages.import(
      new File([sc.reply_to_eml], "original.eml", { type: "message/rfc822" }),
      await localInbox(),
    );
    return messenger.compose.beginReply(original.id, "replyToSender", common);
  }
  return messenger.compose.beginNew({ ...common, to: sc.to || [], cc: sc.cc || [], bcc: sc.bcc || [] });
}

/** Sends one scenario; resolves to what the harness needs to judge it. */
async function play(sc, plan, identityId) {
  const started = Date.now();
  const outcome = { name: sc.name, sent: false };
  try {
    const tab = await openCompose(sc, identityId);
    for (const spec of sc.attachments || []) {
      const file = new File([attachmentBytes(spec)], spec.name, { type: spec.type || "application/octet-stream" });
      await messenger.compose.addAttachment(tab.id, { file });
    }
    // A prompt nobody can answer keeps sendMessage pending for ever: give up in time
    // and say so, rather than hanging the whole pass.
    let timer;
    const giveUp = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no outcome after ${plan.send_timeout_ms} ms (a prompt waiting for a click?)`)),
        plan.send_timeout_ms,
      );
    });
    try {
      const sent = await Promise.race([messenger.compose.sendMessage(tab.id, { mode: "sendNow" }), giveUp]);
      outcome.message_id = (sent && sent.headerMessageId) || null;
      // A refused SMTP send, once its error prompt is closed, still resolves here, just
      // without a message id: only a send with an id went out.
      outcome.sent = Boolean(outcome.message_id);
      if (!outcome.sent) outcome.error = "sendMessage resolved without a message id (the send failed)";
    } finally {
      clearTimeout(timer);
    }
  } catch (e) {
    outcome.error = String((e && e.message) || e);
  }
  if (plan.close_prompts) {
    // The refusal prompt may open a moment after sendMessage settled.
    for (let i = 0; i < 20 && !outcome.sent; i++) {
      const closed = await messenger.e2eModals.takeClosed();
      if (closed.length) {
        outcome.prompts = closed;
        break;
      }
      await pause(100);
    }
  }
  outcome.ms = Date.now() - started;
  return outcome;
}

async function waitForGuard(plan) {
  if (!plan.guard_id) return null;
  const until = Date.now() + plan.guard_wait_ms;
  let last = null;
  while (Date.now() < until) {
    try {
      last = await messenger.management.get(plan.guard_id);
      if (last && last.enabled) return last;
    } catch (e) {
      last = { error: String(e) };
    }
    await pause(200);
  }
  throw new Error(`the guard add-in ${plan.guard_id} never showed as enabled: ${JSON.stringify(last)}`);
}

async function run() {
  ({ control } = await messenger.storage.managed.get("control"));
  if (!control) throw new Error("no control address in storage.managed");
  const plan = await (await fetch(control + "/plan")).json();
  const browser = await messenger.runtime.getBrowserInfo();
  note(`${browser.name} ${browser.version}: ${plan.scenarios.length} scenario(s)`);
  if (plan.close_prompts) await messenger.e2eModals.closeFromNowOn();
  const guard = await waitForGuard(plan);
  if (guard) note(`guard ${guard.id} ${guard.version} enabled`);
  // The guard registers compose.onBeforeSend when its background page loads, which
  // may be a moment after it shows as enabled.
  await pause(plan.settle_ms);
  const identities = (await messenger.accounts.list(false)).flatMap((a) => a.identities || []);
  if (!identities.length) throw new Error("the profile has no sending identity");
  for (const sc of plan.scenarios) {
    const outcome = await play(sc, plan, identities[0].id);
    await tell("/outcome", outcome);
  }
}

run()
  .then(() => tell("/finished", {}))
  .catch((e) => {
    console.error("[e2e-driver]", e);
    if (control) tell("/finished", { fatal: String((e && e.stack) || e) }).catch(() => {});
  });
