// The one-time offer window: 「学習する」 runs the learning here, with its progress;
// 「いいえ」 is remembered (never asked again); 「あとで」 and closing the window are not
// (asked again after Thunderbird's next start).

import { localize } from "./i18n-page.js";
import { recordAnswer } from "./learn-prompt.js";
import { runLearning } from "./learn-view.js";

const t = (key, subs) => messenger.i18n.getMessage(key, subs) || key;
localize(document, (key) => messenger.i18n.getMessage(key));
const byId = (id) => document.getElementById(id);

byId("yes").addEventListener("click", async () => {
  byId("question").hidden = true;
  await runLearning(document, messenger, t);
  byId("done").hidden = false;
  byId("close").focus();
});
byId("no").addEventListener("click", () => recordAnswer(messenger.storage, "no").finally(() => window.close()));
byId("later").addEventListener("click", () => window.close());
byId("close").addEventListener("click", () => window.close());
