// The ask window: shows why sendguard could not check the mail and sends the person's
// answer back to the background page. Esc and closing the window mean "do not send".

import { localize } from "./i18n-page.js";

localize(document, (key) => messenger.i18n.getMessage(key));
const params = new URLSearchParams(location.search);
const askId = params.get("id");
document.getElementById("reason").textContent = params.get("reason") || "";

const answer = (send) => messenger.runtime.sendMessage({ askId, send }).finally(() => window.close());
document.getElementById("send").addEventListener("click", () => answer(true));
document.getElementById("cancel").addEventListener("click", () => answer(false));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") answer(false);
});
