// Test doubles: a fake `messenger` holding one compose tab, and a fake sendguard hook
// (a real HTTP server on 127.0.0.1, so the guard's fetch, headers and errors are real).

import http from "node:http";

export function fakeStorageArea(values = {}, { fails = false } = {}) {
  const data = { ...values };
  return {
    data,
    async get(keys) {
      if (fails) throw new Error("Managed storage manifest not found");
      return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(values) {
      Object.assign(data, values);
    },
  };
}

/**
 * A messenger with one draft. `attachments`: [{name, type, content}]; `related`: the
 * answered message as `getFull` returns it.
 */
export function fakeMessenger({ managed, local = {}, attachments = [], related = null, contacts = {}, stored = [] } = {}) {
  const files = attachments.map((a, i) => ({ id: i + 1, ...a }));
  const removed = [];
  return {
    removed,
    storage: {
      managed: managed ? fakeStorageArea(managed) : fakeStorageArea({}, { fails: true }),
      local: fakeStorageArea(local),
    },
    compose: {
      async listAttachments() {
        return files.filter((f) => !removed.includes(f.id)).map(({ id, name }) => ({ id, name, size: 0 }));
      },
      async getAttachmentFile(id) {
        const f = files.find((x) => x.id === id);
        return new Blob([f.content], { type: f.type || "" });
      },
      async removeAttachment(tabId, id) {
        removed.push(id);
      },
    },
    messages: {
      async getFull(id) {
        const message = [related, ...stored].find((m) => m && m.id === id);
        if (!message) throw new Error(`message ${id} not found`);
        return { headers: message.headers };
      },
      async query({ headerMessageId }) {
        const hit = [related, ...stored].filter((m) => m && m.messageId === headerMessageId);
        return { id: null, messages: hit.map((m) => ({ id: m.id })) };
      },
    },
    contacts: {
      async get(id) {
        if (!(id in contacts)) throw new Error(`contact ${id} not found`);
        return { id, type: "contact", properties: contacts[id] };
      },
    },
    runtime: {
      async getBrowserInfo() {
        return { name: "Thunderbird", vendor: "Mozilla", version: "128.5.0esr" };
      },
    },
  };
}

/** The environment guardSend takes, recording what it told the person. */
export function fakeEnv(messenger, { askAnswer = false } = {}) {
  const env = {
    messenger,
    fetch: (...args) => fetch(...args),
    asked: [],
    notified: [],
    logged: [],
    ask: async (reason) => {
      env.asked.push(reason);
      return askAnswer;
    },
    notify: (title, message) => env.notified.push({ title, message }),
    t: (key, subs) => (subs && subs.length ? `${key}: ${subs.join(" | ")}` : key),
    log: (...args) => env.logged.push(args.join(" ")),
  };
  return env;
}

/**
 * Starts a hook on a free port. `answer(request)` returns `{status, body}`; every
 * request is kept in `requests` with its headers.
 */
export async function startHook(answer) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const entry = { method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : null };
      requests.push(entry);
      const { status = 200, body } = answer(entry);
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: server.address().port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections(); // fetch keeps connections alive
      }),
  };
}

/** A port nothing listens on: bind one, note it, close it. */
export async function deadPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const TOKEN = "a".repeat(64);

export function answerWith(decision, changes = {}, findings = []) {
  return {
    check: { source: "hook", subject: "", verdict: findings.some((f) => f.blocked) ? "block" : "pass", recipients: [], attachments: [], findings },
    decision,
    changes: { move_to_bcc: [], remove_recipients: [], remove_attachments: [], replace_recipients: [], ...changes },
    event_id: "00000000-0000-4000-8000-000000000000",
  };
}
