// Talking to the sendguard hook on 127.0.0.1: one check, or a ping for "test connection".
//
// Every way the talk can fail becomes a HookError with a `kind` the fail mode and the
// options page can explain: sendguard not running, token refused, mail too large, an
// error answer, no answer in time.

export class HookError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = "HookError";
    /** `no_token`, `down`, `unauthorized`, `too_large`, `rejected`, `timeout` or `bad_answer`. */
    this.kind = kind;
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
    throw new HookError("rejected", `sendguard answered HTTP ${response.status}${reason}`);
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

/** `GET /v1/ping`: proves the port and the token in one go. */
export async function ping(fetchImpl, config) {
  return call(fetchImpl, config, "/v1/ping", { method: "GET" }, 5000);
}
