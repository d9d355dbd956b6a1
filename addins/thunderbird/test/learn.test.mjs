// Learning the Sent folders: a faked Thunderbird with Sent folders, a real HTTP hook.

import assert from "node:assert/strict";
import { after, describe, test } from "node:test";

import { guardSend } from "../src/guard.js";
import { Batch, learnFromSent, sentFolders } from "../src/learn.js";
import { ANSWER_KEY, learningOffer, mayOffer, offerLearning, recordAnswer } from "../src/learn-prompt.js";
import { progressText, runLearning, summaryText } from "../src/learn-view.js";
import { TOKEN, answerWith, deadPort, fakeEnv, fakeMessenger, fakeStorageArea, startHook } from "./fakes.mjs";

const hooks = [];
after(() => Promise.all(hooks.map((h) => h.close())));

async function hook(answer) {
  const h = await startHook(answer);
  hooks.push(h);
  return h;
}

/** A hook that learns whatever it is given: every message counts as learned. */
const learning = (request) => {
  const n = request.body.messages.length;
  return { body: { read: n, learned: n, skipped_not_me: 0, skipped_seen: 0, unreadable: 0 } };
};

const mail = (i) => `From: suzuki@sakura-sys.co.jp\r\nTo: tanaka@kaede-shoji.co.jp\r\nMessage-ID: <m${i}@sakura-sys.co.jp>\r\nSubject: お見積り ${i}\r\n\r\n楓商事 田中様\r\n`;

/**
 * Thunderbird with two accounts: one as Thunderbird 121+ describes it (`rootFolder`,
 * `specialUse`, a Sent folder with a subfolder), one as older versions did (`folders`,
 * `type`). `sent`: {folderId: [raw message, …]}; pages hold `pageSize` messages.
 */
function sentMessenger({ sent, pageSize = 2, binaryString = false, brokenIds = [], port }) {
  const byId = new Map();
  const lists = new Map();
  const folderMessages = (folderId) =>
    (sent[folderId] || []).map((raw, i) => {
      const id = byId.size + 1;
      byId.set(id, raw);
      return { id, subject: `m${i}` };
    });
  const pageOf = (listId, messages) => {
    const page = messages.slice(0, pageSize);
    const rest = messages.slice(pageSize);
    if (!rest.length) return { id: null, messages: page };
    lists.set(listId, rest);
    return { id: listId, messages: page };
  };
  const messenger = fakeMessenger({ managed: { port, token: TOKEN } });
  messenger.listed = [];
  messenger.accounts = {
    async list(includeSubFolders) {
      assert.equal(includeSubFolders, true, "the folder tree is needed");
      return [
        {
          id: "account1",
          identities: [{ email: "Suzuki@Sakura-Sys.co.jp" }, { email: "info@sakura-sys.co.jp" }],
          rootFolder: {
            id: "account1://",
            subFolders: [
              { id: "account1://INBOX", specialUse: ["inbox"] },
              {
                id: "account1://Sent",
                specialUse: ["sent"],
                subFolders: [{ id: "account1://Sent/2023", specialUse: ["sent"] }],
              },
            ],
          },
        },
        {
          id: "account2",
          identities: [{ email: "suzuki@sakura-sys.co.jp" }],
          folders: [{ id: "account2://Sent Messages", type: "sent" }, { id: "account2://Drafts", type: "drafts" }],
        },
      ];
    },
  };
  messenger.messages.list = async (folderId) => {
    messenger.listed.push(folderId);
    return pageOf(`list-${folderId}`, folderMessages(folderId));
  };
  messenger.messages.continueList = async (listId) => pageOf(`${listId}+`, lists.get(listId));
  messenger.messages.getRaw = async (id, options) => {
    if (brokenIds.includes(id)) throw new Error(`message ${id} is not available offline`);
    const bytes = Buffer.from(byId.get(id), "utf8");
    if (binaryString || options?.data_format !== "File") return bytes.toString("latin1");
    return new File([bytes], `${id}.eml`, { type: "message/rfc822" });
  };
  return messenger;
}

const config = (port) => ({ port, token: TOKEN, timeout_secs: 60 });
const decoded = (request) => request.body.messages.map((m) => Buffer.from(m, "base64").toString("utf8"));

describe("reading the Sent folders", () => {
  test("every account's Sent folders, in both of Thunderbird's shapes, subfolders included", () => {
    const accounts = [
      { rootFolder: { subFolders: [{ id: "a", specialUse: ["sent"], subFolders: [{ id: "b", specialUse: ["sent"] }] }, { id: "c", specialUse: ["trash"] }] } },
      { folders: [{ id: "d", type: "sent" }, { id: "e", type: "inbox", subFolders: [{ id: "f", type: "sent" }] }] },
      { rootFolder: { subFolders: [] } },
    ];
    assert.deepEqual(sentFolders(accounts).map((f) => f.id), ["a", "b", "d", "f"]);
  });

  test("pages through each folder, batches by 25, sends `me` and reports progress", async () => {
    const h = await hook(learning);
    const sent = {
      "account1://Sent": Array.from({ length: 27 }, (_, i) => mail(i)),
      "account1://Sent/2023": [mail(100)],
      "account2://Sent Messages": [mail(200), mail(201), mail(202)],
    };
    const messenger = sentMessenger({ sent, pageSize: 10, port: h.port });
    const seen = [];
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) }, (p) => seen.push(p));

    assert.deepEqual(messenger.listed, ["account1://Sent", "account1://Sent/2023", "account2://Sent Messages"]);
    assert.equal(h.requests.length, 2, "31 messages: a batch of 25 and one of 6");
    assert.deepEqual(h.requests.map((r) => r.body.messages.length), [25, 6]);
    for (const r of h.requests) {
      assert.equal(r.url, "/v1/history/learn");
      assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(r.body.me, ["suzuki@sakura-sys.co.jp", "info@sakura-sys.co.jp"]);
    }
    const posted = h.requests.flatMap(decoded);
    assert.deepEqual(posted, [...sent["account1://Sent"], mail(100), ...sent["account2://Sent Messages"]]);

    assert.deepEqual(seen.map((p) => [p.done, p.total]), [[0, 31], [25, 31], [31, 31]]);
    assert.deepEqual(
      { ...result, error: result.error },
      { total: 31, done: 31, read: 31, learned: 31, skipped_not_me: 0, skipped_seen: 0, unreadable: 0, too_large: 0, error: null },
    );
  });

  test("a binary string from getRaw (older Thunderbird) keeps its bytes", async () => {
    const h = await hook(learning);
    const sent = { "account1://Sent": [mail(1), mail(2)] };
    const messenger = sentMessenger({ sent, binaryString: true, port: h.port });
    await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.deepEqual(decoded(h.requests[0]), sent["account1://Sent"], "Japanese text survives the round trip");
  });

  test("a message Thunderbird cannot give is counted as unreadable; the rest is learned", async () => {
    const h = await hook(learning);
    const messenger = sentMessenger({ sent: { "account1://Sent": [mail(1), mail(2), mail(3)] }, brokenIds: [2], port: h.port });
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.deepEqual(decoded(h.requests[0]), [mail(1), mail(3)]);
    assert.equal(result.unreadable, 1);
    assert.equal(result.learned, 2);
    assert.equal(result.done, 3);
    assert.equal(result.error, null);
  });

  test("the hook's own counts are added up", async () => {
    const h = await hook((r) => ({
      body: { read: r.body.messages.length, learned: 1, skipped_not_me: 1, skipped_seen: r.body.messages.length - 2, unreadable: 0 },
    }));
    const messenger = sentMessenger({ sent: { "account1://Sent": Array.from({ length: 30 }, (_, i) => mail(i)) }, port: h.port });
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.deepEqual([result.read, result.learned, result.skipped_not_me, result.skipped_seen], [30, 2, 2, 26]);
  });
});

describe("batches", () => {
  test("a batch closes at 25 messages or at its size limit; a huge message goes alone", async () => {
    const sent = [];
    const batch = new Batch(async (messages) => sent.push(messages), { maxMessages: 3, maxChars: 10 });
    for (const m of ["aaaa", "bbbb", "cccc", "d", "e", "f", "g", "hhhhhhhhhhhhhhh", "i"]) await batch.add(m);
    await batch.flush();
    assert.deepEqual(sent, [["aaaa", "bbbb"], ["cccc", "d", "e"], ["f", "g"], ["hhhhhhhhhhhhhhh"], ["i"]]);
  });

  test("a batch the hook refuses as too large is skipped, and learning goes on", async () => {
    let calls = 0;
    const h = await hook((r) => (++calls === 1 ? { status: 413, body: { error: "request larger than 1 MiB", code: "too_large" } } : learning(r)));
    const messenger = sentMessenger({ sent: { "account1://Sent": Array.from({ length: 26 }, (_, i) => mail(i)) }, port: h.port });
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.deepEqual([result.too_large, result.learned, result.done, result.error], [25, 1, 26, null]);
  });
});

describe("when learning cannot go on", () => {
  test("history off (409): stops at the first batch and says so", async () => {
    const h = await hook(() => ({ status: 409, body: { error: "宛先の履歴は使われていません (the recipient history is off)", code: "history_off" } }));
    const messenger = sentMessenger({ sent: { "account1://Sent": Array.from({ length: 60 }, (_, i) => mail(i)) }, port: h.port });
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.equal(h.requests.length, 1, "no point posting the other batches");
    assert.equal(result.error.kind, "history_off");
    assert.equal(result.done, 0);
    assert.match(summaryText(t, result), /^learnStopped: 0 \| 60 \| learnHistoryOff: sendguard answered HTTP 409: .*history is off/);
  });

  test("sendguard not running: a clear error, nothing counted", async () => {
    const port = await deadPort();
    const messenger = sentMessenger({ sent: { "account1://Sent": [mail(1)] }, port });
    const result = await learnFromSent({ messenger, fetch, config: config(port) });
    assert.equal(result.error.kind, "down");
    assert.equal(result.learned, 0);
    assert.match(summaryText(t, result), /^learnStopped: 0 \| 1 \| reason_down: sendguard is not reachable/);
  });

  test("a token sendguard refuses stops it too", async () => {
    const h = await hook(() => ({ status: 401, body: { error: "missing or wrong token", code: "unauthorized" } }));
    const messenger = sentMessenger({ sent: { "account1://Sent": [mail(1)] }, port: h.port });
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.equal(result.error.kind, "unauthorized");
  });

  test("a folder that cannot be listed ends the run with its reason", async () => {
    const h = await hook(learning);
    const messenger = sentMessenger({ sent: {}, port: h.port });
    messenger.messages.list = async () => {
      throw new Error("folder account1://Sent not found");
    };
    const result = await learnFromSent({ messenger, fetch, config: config(h.port) });
    assert.match(result.error.message, /not found/);
    assert.equal(h.requests.length, 0);
    assert.equal(summaryText(t, result), "learnStopped: 0 | 0 | learnReadFailed: folder account1://Sent not found");
  });
});

const t = (key, subs) => (subs && subs.length ? `${key}: ${subs.join(" | ")}` : key);

describe("what the page says", () => {
  test("progress and summary", () => {
    assert.equal(progressText(t, { done: 0, total: 0 }), "learnReading");
    assert.equal(progressText(t, { done: 25, total: 31 }), "learnProgress: 25 | 31");
    const done = { total: 31, done: 31, learned: 20, skipped_seen: 8, skipped_not_me: 1, unreadable: 1, too_large: 1, error: null };
    assert.equal(summaryText(t, done), "learnDone: 31 | 20 | 8 | 1 | 2");
    assert.equal(summaryText(t, { ...done, total: 0, done: 0 }), "learnNothing");
  });
});

describe("the page's run", () => {
  /** Just enough of a document for #learn-progress and #learn-status. */
  const fakeDocument = () => {
    const elements = {
      "learn-progress": { hidden: true, value: 0, max: 1, removeAttribute() {} },
      "learn-status": { textContent: "", className: "" },
    };
    return { elements, getElementById: (id) => elements[id] };
  };

  test("shows the counts at the end and remembers the person's yes", async () => {
    const h = await hook(learning);
    const messenger = sentMessenger({ sent: { "account1://Sent": [mail(1), mail(2), mail(3)] }, port: h.port });
    const doc = fakeDocument();
    const result = await runLearning(doc, messenger, t);
    assert.equal(result.learned, 3);
    assert.equal(doc.elements["learn-status"].textContent, "learnDone: 3 | 3 | 0 | 0 | 0");
    assert.equal(doc.elements["learn-status"].className, "status ok");
    assert.deepEqual([doc.elements["learn-progress"].value, doc.elements["learn-progress"].max], [3, 3]);
    assert.equal(messenger.storage.local.data[ANSWER_KEY], "yes", "the one-time offer is not shown again");
  });

  test("says why it stopped", async () => {
    const port = await deadPort();
    const doc = fakeDocument();
    await runLearning(doc, sentMessenger({ sent: { "account1://Sent": [mail(1)] }, port }), t);
    assert.match(doc.elements["learn-status"].textContent, /^learnStopped: 0 \| 1 \| reason_down/);
    assert.equal(doc.elements["learn-status"].className, "status error");
  });
});

describe("the one-time offer", () => {
  const storage = ({ managed, local = {} } = {}) => ({
    managed: managed ? fakeStorageArea(managed) : fakeStorageArea({}, { fails: true }),
    local: fakeStorageArea(local),
  });

  test("shown until answered yes or no; later remembers nothing; a managed switch turns it off", async () => {
    const s = storage();
    assert.equal(await mayOffer(s), true);
    await recordAnswer(s, "later");
    assert.equal(await mayOffer(s), true, "あとで: asked again next time");
    await recordAnswer(s, "no");
    assert.equal(await mayOffer(s), false, "いいえ: never again");
    assert.equal(await mayOffer(storage({ local: { [ANSWER_KEY]: "yes" } })), false);
    assert.equal(await mayOffer(storage({ managed: { learn_prompt: false } })), false, "tests and administrators switch it off");
  });

  test("offered after a send went out, only once the hook answered, once a session", async () => {
    const offered = [];
    const o = learningOffer({ log: () => {} }, async () => {
      offered.push(1);
      return true;
    });
    assert.equal(await o.afterSend({ id: 1 }, { mode: "sendNow" }), false, "the hook never answered yet");
    o.reached();
    assert.equal(await o.afterSend({ id: 1 }, { mode: "sendNow", error: "SMTP refused" }), false, "not after a failed send");
    assert.equal(await o.afterSend({ id: 1 }, { mode: "sendNow" }), true);
    assert.equal(await o.afterSend({ id: 2 }, { mode: "sendNow" }), false, "once per session");
    assert.equal(offered.length, 1);
  });

  test("a failing offer is logged, never thrown into the send", async () => {
    const logged = [];
    const o = learningOffer({ log: (m) => logged.push(m) }, async () => {
      throw new Error("sendguard is not reachable");
    });
    o.reached();
    assert.equal(await o.afterSend({ id: 1 }, {}), false);
    assert.match(logged[0], /not reachable/);
  });

  test("the guard says when the hook answered", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    let reached = 0;
    env.reached = () => reached++;
    await guardSend(env, { id: 7 }, { type: "new", from: "suzuki@sakura-sys.co.jp", to: ["a@partner.co.jp"], subject: "s" });
    assert.equal(reached, 1);
  });

  const windowsMessenger = (port, managed = {}) => {
    const messenger = fakeMessenger({ managed: { port, token: TOKEN, ...managed } });
    messenger.created = [];
    messenger.runtime.getURL = (path) => `moz-extension://guard/${path}`;
    messenger.windows = {
      async create(options) {
        messenger.created.push(options);
        return { id: 5 };
      },
    };
    return messenger;
  };

  test("the window opens when the hook keeps a history (probed with an empty batch)", async () => {
    const h = await hook(learning);
    const messenger = windowsMessenger(h.port);
    assert.equal(await offerLearning({ messenger, fetch }), true);
    assert.deepEqual(h.requests[0].body, { messages: [], me: [] });
    assert.equal(messenger.created[0].url, "moz-extension://guard/learn.html");
    assert.equal(messenger.created[0].type, "popup");
  });

  test("no window when the history is off, or when switched off", async () => {
    const off = await hook(() => ({ status: 409, body: { error: "history off", code: "history_off" } }));
    const m1 = windowsMessenger(off.port);
    assert.equal(await offerLearning({ messenger: m1, fetch }), false);
    assert.deepEqual(m1.created, []);
    const on = await hook(learning);
    const m2 = windowsMessenger(on.port, { learn_prompt: false });
    assert.equal(await offerLearning({ messenger: m2, fetch }), false);
    assert.deepEqual(m2.created, []);
    assert.equal(on.requests.length, 0, "switched off: the hook is not even asked");
  });
});
