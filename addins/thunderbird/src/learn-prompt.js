// The one-time offer to learn the Sent folders.
//
// It comes after the first send sendguard answered has gone out: the add-in then knows
// it reaches sendguard, and the offer never holds up a send (it is a small window of
// its own, opened after onAfterSend). 「学習する」 and 「いいえ」 are remembered in
// storage.local and the offer never comes back; 「あとで」 (or closing the window)
// remembers nothing, so it comes back after Thunderbird's next start. An administrator,
// or a test harness that must never see a window, turns it off with `learn_prompt:
// false` in managed storage.

import { loadConfig } from "./config.js";
import { historyIsOn } from "./learn.js";

/** storage.local: `"yes"` or `"no"` once the person answered. */
export const ANSWER_KEY = "learn_prompt_answer";
/** storage.managed: `false` means never offer. */
export const SWITCH_KEY = "learn_prompt";

/** Whether the offer may be shown: not switched off, not answered yet. */
export async function mayOffer(storage) {
  let managed = {};
  try {
    managed = (await storage.managed?.get([SWITCH_KEY])) || {};
  } catch {
    // no managed storage installed: the usual case
  }
  if (managed[SWITCH_KEY] === false) return false;
  const local = (await storage.local.get([ANSWER_KEY])) || {};
  return local[ANSWER_KEY] !== "yes" && local[ANSWER_KEY] !== "no";
}

/** Remembers 「学習する」 (`"yes"`) or 「いいえ」 (`"no"`); 「あとで」 is not remembered. */
export async function recordAnswer(storage, answer) {
  if (answer === "yes" || answer === "no") await storage.local.set({ [ANSWER_KEY]: answer });
}

/**
 * Opens the offer window when it may be shown and the hook keeps a history (offering
 * to learn into a history that is off would only end in an error). Resolves to whether
 * it opened.
 */
export async function offerLearning({ messenger, fetch }) {
  if (!(await mayOffer(messenger.storage))) return false;
  const config = await loadConfig(messenger.storage);
  if (!(await historyIsOn(fetch, config))) return false;
  await messenger.windows.create({
    url: messenger.runtime.getURL("learn.html"),
    type: "popup",
    width: 560,
    height: 460,
  });
  return true;
}

/**
 * The background page's part: `reached()` when sendguard answered a check, and
 * `afterSend(tab, sendInfo)` from compose.onAfterSend. The offer is tried at most once
 * per Thunderbird session, and only after a send that went out.
 */
export function learningOffer(env, offer = offerLearning) {
  let reached = false;
  let tried = false;
  return {
    reached() {
      reached = true;
    },
    async afterSend(tab, sendInfo) {
      if (!reached || tried || sendInfo?.error) return false;
      tried = true;
      try {
        return await offer(env);
      } catch (e) {
        env.log(`could not offer to learn the Sent folders: ${e.message}`);
        return false;
      }
    },
  };
}
