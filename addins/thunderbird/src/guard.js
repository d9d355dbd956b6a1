// The send guard: one call per click on Send, from `compose.onBeforeSend`.
//
// Read the draft, ask sendguard, apply its answer. When sendguard cannot answer (not
// running, token refused, mail too large, an error), the fail mode decides; an answer
// that does not come in time cancels (sendguard had the mail). The person is always
// told: `ask` (the default) asks whether to send unchecked, `block`
// stops the send, `allow` sends and says it went unchecked. Nothing is sent silently.

import { loadConfig } from "./config.js";
import { applyDecision } from "./decision.js";
import { readDraft } from "./draft.js";
import { postCheck } from "./hook-client.js";

/**
 * What the guard needs from its surroundings, so tests can fake each part:
 * `messenger` (the MailExtension API), `fetch`, `ask(reason) → Promise<boolean>`
 * (true = send anyway), `notify(title, message)`, `t(key, substitutions)` (i18n), `log`,
 * and optionally `reached()`, called when sendguard answered a check (the background
 * page then offers, once, to learn the Sent folders).
 */
export async function guardSend(env, tab, details) {
  const config = await loadConfig(env.messenger.storage, env.log);
  for (const problem of config.problems) env.log(`setting ignored: ${problem}`);
  let draft;
  try {
    draft = await readDraft(env.messenger, tab, details);
  } catch (e) {
    return unchecked(env, config, env.t("reasonDraftUnreadable", [e.message]));
  }
  let answer;
  try {
    answer = await postCheck(env.fetch, config, draft.request);
  } catch (e) {
    if (e.kind === "timeout") {
      // sendguard was there and had the mail (its dialog may still be open): offering
      // to send it unchecked now would skip what the person has not yet confirmed.
      env.notify(env.t("notSentTitle"), reasonFor(env, e));
      return { cancel: true };
    }
    return unchecked(env, config, reasonFor(env, e));
  }
  env.reached?.();
  try {
    const { result, removeAttachments, missing, unknown } = applyDecision(
      answer,
      draft.fields,
      draft.attachments,
      details.from,
    );
    if (unknown.length) {
      env.notify(env.t("notSentTitle"), env.t("unknownChange", [unknown.join(", ")]));
      return { cancel: true };
    }
    if (missing.length) {
      env.notify(env.t("notSentTitle"), env.t("fixNotApplied", [missing.join(", ")]));
      return { cancel: true };
    }
    for (const id of removeAttachments) {
      await env.messenger.compose.removeAttachment(tab.id, id);
    }
    if (result.cancel && !answer.told_person) {
      // Nobody at sendguard's side said why (sendguard serve has no dialog; a decision
      // timed out): without this the click on Send would just do nothing.
      const blocking = (answer.check?.findings || []).find((f) => f.blocked);
      env.notify(env.t("notSentTitle"), blocking ? blocking.message : env.t("cancelledBySendguard"));
    }
    env.log(`decision ${answer.decision}${answer.event_id ? ` (event ${answer.event_id})` : ""}`);
    return result;
  } catch (e) {
    env.notify(env.t("notSentTitle"), env.t("fixNotApplied", [e.message]));
    return { cancel: true };
  }
}

/** The person-facing reason for a failed check, in the UI language. */
export function reasonFor(env, error) {
  const known = ["no_token", "down", "unauthorized", "too_large", "timeout", "rejected", "bad_answer"];
  const kind = known.includes(error.kind) ? error.kind : "bad_answer";
  return env.t(`reason_${kind}`, [error.message]);
}

/** sendguard could not check this mail: the fail mode decides, and says so. */
async function unchecked(env, config, reason) {
  env.log(`unchecked (${config.fail_mode}): ${reason}`);
  if (config.fail_mode === "allow") {
    env.notify(env.t("uncheckedTitle"), env.t("uncheckedSent", [reason]));
    return {};
  }
  if (config.fail_mode === "block") {
    env.notify(env.t("uncheckedTitle"), env.t("uncheckedBlocked", [reason]));
    return { cancel: true };
  }
  const sendAnyway = await env.ask(reason).catch(() => false);
  return sendAnyway ? {} : { cancel: true };
}
