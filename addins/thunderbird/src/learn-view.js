// The learning run as a page shows it (the options page, the offer window): a progress
// bar, "done / total", and at the end what was learned and skipped, or why it stopped.

import { loadConfig } from "./config.js";
import { reasonFor } from "./guard.js";
import { HookError } from "./hook-client.js";
import { learnFromSent } from "./learn.js";
import { recordAnswer } from "./learn-prompt.js";

/**
 * Why the run stopped, in the UI language: sendguard's side gives the same reasons a
 * failed check does; anything else is Thunderbird failing to give us the Sent mail.
 */
function stopReason(t, error) {
  if (!(error instanceof HookError)) return t("learnReadFailed", [error?.message || String(error)]);
  if (error.kind === "history_off") return t("learnHistoryOff", [error.message]);
  return reasonFor({ t }, error);
}

/** "12 / 340" while the run goes on. */
export function progressText(t, progress) {
  if (!progress.total && !progress.done) return t("learnReading");
  return t("learnProgress", [String(progress.done), String(progress.total)]);
}

/** The last word on a run: the counts, or why it stopped and how far it got. */
export function summaryText(t, progress) {
  if (progress.error) {
    return t("learnStopped", [String(progress.done), String(progress.total), stopReason(t, progress.error)]);
  }
  if (!progress.total) return t("learnNothing");
  return t("learnDone", [
    String(progress.total),
    String(progress.learned),
    String(progress.skipped_seen),
    String(progress.skipped_not_me),
    String(progress.unreadable + progress.too_large),
  ]);
}

/**
 * Runs the learning with this page's `#learn-progress` and `#learn-status`. Starting
 * it counts as the person's yes: the one-time offer is not shown again.
 */
export async function runLearning(document, messenger, t) {
  const bar = document.getElementById("learn-progress");
  const status = document.getElementById("learn-status");
  const show = (text, ok) => {
    status.textContent = text;
    status.className = `status ${ok ? "ok" : "error"}`;
  };
  bar.hidden = false;
  bar.removeAttribute("value"); // indeterminate while the folders are listed
  show(t("learnReading"), true);
  let result;
  try {
    await recordAnswer(messenger.storage, "yes");
    const config = await loadConfig(messenger.storage);
    result = await learnFromSent({ messenger, fetch, config }, (progress) => {
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.done;
      show(progressText(t, progress), true);
    });
  } catch (e) {
    result = { total: 0, done: 0, error: e };
  }
  bar.hidden = !result.total;
  show(summaryText(t, result), !result.error);
  return result;
}
