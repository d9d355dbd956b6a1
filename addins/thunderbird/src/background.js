// The add-in's background page: registers the send guard at load, as Thunderbird needs
// for `compose.onBeforeSend` to fire from the first send on.

import { askInWindow } from "./ask.js";
import { guardSend } from "./guard.js";

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

messenger.compose.onBeforeSend.addListener((tab, details) => guardSend(env, tab, details));
env.log("send guard registered");
