// The add-in's background page: registers the send guard at load, as Thunderbird needs
// for `compose.onBeforeSend` to fire from the first send on, and offers once, after a
// send has gone out, to learn the Sent folders into sendguard's recipient history.

import { askInWindow } from "./ask.js";
import { guardSend } from "./guard.js";
import { learningOffer } from "./learn-prompt.js";

const env = {
  messenger,
  fetch: (...args) => fetch(...args),
  ask: (reason) => askInWindow(messenger, reason),
  notify: (title, message) =>
    messenger.notifications
      .create({ type: "basic", title, message, iconUrl: "icons/sendguard.svg" })
      .catch((e) => console.warn("[sendguard] notification failed:", e.message)),
  t: (key, substitutions) => messenger.i18n.getMessage(key, substitutions) || key,
  log: (...args) => console.log("[sendguard]", ...args),
};
const offer = learningOffer(env);
env.reached = () => offer.reached();

messenger.compose.onBeforeSend.addListener((tab, details) => guardSend(env, tab, details));
messenger.compose.onAfterSend.addListener((tab, sendInfo) => offer.afterSend(tab, sendInfo));
env.log("send guard registered");
