// The options page: port, token, fail mode and timeout, saved to storage.local, and a
// 「接続テスト」 that pings the hook with the token. Keys set by managed storage (an
// administrator, or the desktop app) are shown read-only. Below, 「送信済みメールから
// 学習」 feeds the Sent folders to sendguard's recipient history.

import { KEYS, loadConfig, validate } from "./config.js";
import { HookError, ping } from "./hook-client.js";
import { localize } from "./i18n-page.js";
import { runLearning } from "./learn-view.js";

const t = (key, subs) => messenger.i18n.getMessage(key, subs) || key;
localize(document, (key) => messenger.i18n.getMessage(key));
const status = document.getElementById("status");
const show = (text, ok) => {
  status.textContent = text;
  status.className = `status ${ok ? "ok" : "error"}`;
};

async function fill() {
  const config = await loadConfig(messenger.storage);
  for (const key of KEYS) {
    const input = document.getElementById(key);
    input.value = String(config[key] ?? "");
    input.disabled = config.locked.has(key);
  }
  document.getElementById("managed").hidden = config.locked.size === 0;
  if (config.problems.length) show(config.problems.join(" / "), false);
}

/** The form's values, validated; throws on the first bad one. */
function readForm() {
  const values = {};
  for (const key of KEYS) {
    const input = document.getElementById(key);
    if (!input.disabled) values[key] = validate(key, input.value);
  }
  return values;
}

document.getElementById("settings").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await messenger.storage.local.set(readForm());
    show(t("optSaved"), true);
  } catch (e) {
    show(e.message, false);
  }
});

document.getElementById("test").addEventListener("click", async () => {
  show(t("optTesting"), true);
  try {
    const config = { ...(await loadConfig(messenger.storage)), ...readForm() };
    await ping(fetch, config);
    show(t("optTestOk", [String(config.port)]), true);
  } catch (e) {
    const kind = e instanceof HookError ? e.kind : "bad_answer";
    show(t(`reason_${kind}`, [e.message]), false);
  }
});

document.getElementById("learn-start").addEventListener("click", async (event) => {
  const button = event.currentTarget;
  button.disabled = true; // one run at a time
  try {
    await runLearning(document, messenger, t);
  } finally {
    button.disabled = false;
  }
});

fill();
