// Talking to the sendguard hook on 127.0.0.1: one check, a ping for "test connection",
// or a batch of sent messages for the recipient history to learn.
//
// Every way the talk can fail becomes a HookError with a `kind` the fail mode and the
// options page can explain: sendguard not running, token refused, mail too large, an
// error answer, no answer in time, the recipient history switched off.

export class HookError extends Error {
  constructor(kind, message, code = null) {
    super(message);
    this.name = "HookError";
    /**
     * `no_token`, `down`, `unauthorized`, `too_large`, `rejected`, `timeout`,
     * `bad_answer` or `history_off`.
     */
    this.kind = kind;
    /** The hook's stable error `code` (docs/check-contract.md), when it gave one. */
    this.code = code;
  }
}

const base = (config) => `http://127.0.0.1:${config.port}`;

async function call(fetchImpl, config, path, init, timeoutMs) {
  if (!config.token) throw new HookError("no_token", "no sendguard token is set");
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let response;
  try {
    response = await fetchImpl(base(config) + path, {
      ...init,
      headers: { ...(init.headers || {}), Authorization: `Bearer ${config.token}` },
      signal: abort.signal,
    });
  } catch (e) {
    if (abort.signal.aborted) {
      throw new HookError("timeout", `sendguard did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }
    throw new HookError("down", `sendguard is not reachable on port ${config.port} (${e.message})`);
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (response.status === 401) throw new HookError("unauthorized", "sendguard refused the token (401)");
  if (response.status === 413) throw new HookError("too_large", "the mail is larger than sendguard accepts (413)");
  if (!response.ok) {
    const reason = body && typeof body.error === "string" ? `: ${body.error}` : "";
    const code = body && typeof body.code === "string" ? body.code : null;
    const kind = code === "history_off" ? "history_off" : "rejected";
    throw new HookError(kind, `sendguard answered HTTP ${response.status}${reason}`, code);
  }
  if (body === null) throw new HookError("bad_answer", "sendguard's answer is not JSON");
  return body;
}

/** Posts a draft; resolves to the hook's answer `{check, decision, changes, event_id}`. */
export async function postCheck(fetchImpl, config, request) {
  const answer = await call(
    fetchImpl,
    config,
    "/v1/checks",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) },
    config.timeout_secs * 1000,
  );
  if (answer.decision !== "send" && answer.decision !== "cancel") {
    throw new HookError("bad_answer", `sendguard's answer has no decision (${JSON.stringify(answer.decision)})`);
  }
  return answer;
}

/** One learning batch may take this long: the hook parses and stores up to 25 mails. */
const LEARN_TIMEOUT_MS = 120_000;
const LEARN_COUNTS = ["read", "learned", "skipped_not_me", "skipped_seen", "unreadable"];

/**
 * `POST /v1/history/learn`: whole sent messages (base64) and the person's own
 * addresses; resolves to the hook's counts `{read, learned, skipped_not_me,
 * skipped_seen, unreadable}`. A hook whose history is off throws kind `history_off`.
 */
export async function postLearn(fetchImpl, config, messages, me) {
  const answer = await call(
    fetchImpl,
    config,
    "/v1/history/learn",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ messages, me }) },
    LEARN_TIMEOUT_MS,
  );
  if (!LEARN_COUNTS.every((key) => Number.isInteger(answer[key]))) {
    throw new HookError("bad_answer", `sendguard's learning answer lacks its counts (${JSON.stringify(answer)})`);
  }
  return answer;
}

/** `GET /v1/ping`: proves the port and the token in one go. */
export async function ping(fetchImpl, config) {
  return call(fetchImpl, config, "/v1/ping", { method: "GET" }, 5000);
}
