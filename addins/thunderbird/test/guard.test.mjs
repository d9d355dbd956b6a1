// The send guard end to end inside Node: a faked Thunderbird, a real HTTP hook.

import assert from "node:assert/strict";
import { after, describe, test } from "node:test";

import { guardSend } from "../src/guard.js";
import { TOKEN, answerWith, deadPort, fakeEnv, fakeMessenger, startHook } from "./fakes.mjs";

const tab = { id: 7 };
const hooks = [];
after(() => Promise.all(hooks.map((h) => h.close())));

async function hook(answer) {
  const h = await startHook(answer);
  hooks.push(h);
  return h;
}

const draft = (extra = {}) => ({
  type: "new",
  from: "鈴木 一郎 <suzuki@sakura-sys.co.jp>",
  to: ["山田 花子 <hanako@partner.co.jp>"],
  cc: [],
  bcc: [],
  subject: "打ち合わせの件",
  isPlainText: true,
  plainTextBody: "山田様\n\n来週の打ち合わせは15時からでお願いします。\n",
  body: "",
  ...extra,
});

describe("send allowed", () => {
  test("a clean draft is posted with the token and sent unchanged", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const messenger = fakeMessenger({
      managed: { port: h.port, token: TOKEN },
      attachments: [{ name: "顧客リスト.csv", type: "text/csv", content: "name,phone\nTaro,03-1234-5678\n" }],
    });
    const env = fakeEnv(messenger);
    const result = await guardSend(env, tab, draft({ cc: ['"Sato, Jiro" <sato@partner.co.jp>, kato@partner.co.jp'] }));

    assert.deepEqual(result, {});
    assert.equal(h.requests.length, 1);
    const { headers, body, url } = h.requests[0];
    assert.equal(url, "/v1/checks");
    assert.equal(headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(body.from, { name: "鈴木 一郎", address: "suzuki@sakura-sys.co.jp" });
    assert.deepEqual(body.to, [{ name: "山田 花子", address: "hanako@partner.co.jp" }]);
    // One string holding two mailboxes, one with a comma inside quotes, is two recipients.
    assert.deepEqual(body.cc, [{ name: "Sato, Jiro", address: "sato@partner.co.jp" }, { address: "kato@partner.co.jp" }]);
    assert.equal(body.compose_type, "new");
    assert.equal(body.in_reply_to, null);
    assert.equal(body.body_html, null);
    assert.equal(body.client, "thunderbird/128.5.0esr");
    assert.deepEqual(body.capabilities, ["replace_recipients"], "the hook offers replacements only to a client that declares it");
    assert.equal(body.attachments.length, 1);
    assert.equal(body.attachments[0].name, "顧客リスト.csv");
    assert.equal(Buffer.from(body.attachments[0].content_base64, "base64").toString(), "name,phone\nTaro,03-1234-5678\n");
    assert.deepEqual(env.asked, []);
    assert.deepEqual(env.notified, []);
  });

  test("port and token come from the options page when nothing is managed", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const env = fakeEnv(fakeMessenger({ local: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), {});
    assert.equal(h.requests.length, 1);
  });

  test("a reply carries who the answered message is from and where answers go", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const messenger = fakeMessenger({
      managed: { port: h.port, token: TOKEN },
      related: {
        id: 42,
        headers: {
          from: ["社長 <ceo@examp1e.test>"],
          "reply-to": ["finance@evil.test"],
          to: ["sender@example.test"],
        },
      },
    });
    const env = fakeEnv(messenger);
    await guardSend(env, tab, draft({ type: "reply", relatedMessageId: 42, to: ["finance@evil.test"] }));
    const body = h.requests[0].body;
    assert.equal(body.compose_type, "reply");
    assert.deepEqual(body.in_reply_to, {
      from: { name: "社長", address: "ceo@examp1e.test" },
      reply_to: [{ address: "finance@evil.test" }],
      to: [{ address: "sender@example.test" }],
      cc: [],
    });
  });

  test("a reply reopened from Drafts still carries the answered message", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const messenger = fakeMessenger({
      managed: { port: h.port, token: TOKEN },
      stored: [
        { id: 7, messageId: "orig-1@examp1e.test",
          headers: { from: ["社長 <ceo@examp1e.test>"], "reply-to": ["finance@evil.test"] } },
        { id: 9, headers: { "in-reply-to": ["<orig-1@examp1e.test>"] } },
      ],
    });
    await guardSend(fakeEnv(messenger), tab, draft({ type: "draft", relatedMessageId: 9, to: ["finance@evil.test"] }));
    const body = h.requests[0].body;
    assert.equal(body.compose_type, "reply");
    assert.deepEqual(body.in_reply_to.reply_to, [{ address: "finance@evil.test" }]);
  });

  test("a contact from the address book is checked by its address", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const messenger = fakeMessenger({
      managed: { port: h.port, token: TOKEN },
      contacts: { c1: { DisplayName: "田中 次郎", PrimaryEmail: "tanaka@client.co.jp" } },
    });
    await guardSend(fakeEnv(messenger), tab, draft({ to: [{ id: "c1", type: "contact" }] }));
    assert.deepEqual(h.requests[0].body.to, [{ name: "田中 次郎", address: "tanaka@client.co.jp" }]);
  });
});

describe("send cancelled", () => {
  test("cancel from the dialog stops the send quietly", async () => {
    const h = await hook(() => ({ body: { ...answerWith("cancel"), told_person: true } }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, [], "a person cancelled in the dialog; nothing more to say");
  });

  test("a cancel nobody explained (a timed-out dialog) is explained", async () => {
    const h = await hook(() => ({ body: answerWith("cancel") }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, [{ title: "notSentTitle", message: "cancelledBySendguard" }]);
  });

  test("a send blocked by policy tells the person why", async () => {
    const finding = { check: "personal_data", type: "my_number", severity: "high", location: "body", count: 1, message: "本文にマイナンバー（個人番号）が含まれています", blocked: true };
    const h = await hook(() => ({ body: answerWith("cancel", {}, [finding]) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, [{ title: "notSentTitle", message: finding.message }]);
  });

  test("a block the desktop app already announced is not announced twice", async () => {
    const finding = { check: "personal_data", severity: "danger", location: "body", count: 1, message: "マイナンバー", blocked: true };
    const h = await hook(() => ({ body: { ...answerWith("cancel", {}, [finding]), told_person: true } }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, []);
  });
});

describe("Bcc move applied", () => {
  test("outside Cc addresses move to Bcc; the rest stay as they were", async () => {
    const move = ["a@alpha.test", "B@BETA.test", "c@gamma.test"];
    const h = await hook(() => ({ body: answerWith("send", { move_to_bcc: move }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(
      env,
      tab,
      draft({
        to: ["社内チーム <team@example.test>"],
        cc: ["a@alpha.test", "Bob <b@beta.test>", "c@gamma.test", "boss@example.test"],
        bcc: ["archive@example.test"],
      }),
    );
    assert.deepEqual(result, {
      details: {
        cc: ["boss@example.test"],
        bcc: ["archive@example.test", "a@alpha.test", '"Bob" <b@beta.test>', "c@gamma.test"],
      },
    });
  });

  test("when the move empties To, the sender goes in To", async () => {
    const h = await hook(() => ({ body: answerWith("send", { move_to_bcc: ["x@one.test", "y@two.test"] }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: ["x@one.test, y@two.test"] }));
    assert.deepEqual(result.details.to, ["鈴木 一郎 <suzuki@sakura-sys.co.jp>"]);
    assert.deepEqual(result.details.bcc, ["x@one.test", "y@two.test"]);
  });

  test("a Japanese domain matches its punycode form from the hook", async () => {
    const h = await hook(() => ({ body: answerWith("send", { move_to_bcc: ["tanaka@xn--3kqw7n7zs.jp"] }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: ["team@sakura-sys.co.jp"], cc: ["田中 <Tanaka@楓商事.jp>"] }));
    assert.deepEqual(result, { details: { cc: [], bcc: ['"田中" <Tanaka@楓商事.jp>'] } });
  });

  test("a change the draft does not hold cancels the send and says so", async () => {
    const h = await hook(() => ({ body: answerWith("send", { remove_recipients: ["ghost@nowhere.test"] }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.match(env.notified[0].message, /^fixNotApplied: ghost@nowhere.test/);
  });

  test("a Cc-only mail moved to Bcc gets the sender in To", async () => {
    const h = await hook(() => ({ body: answerWith("send", { move_to_bcc: ["a@alpha.test", "b@beta.test"] }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: [], cc: ["a@alpha.test", "b@beta.test"] }));
    assert.deepEqual(result.details.to, ["鈴木 一郎 <suzuki@sakura-sys.co.jp>"]);
    assert.deepEqual(result.details.cc, []);
  });

  test("a mailing list is checked member by member, and a fix rewrites it", async () => {
    const move = ["c1@client.test"];
    const h = await hook(() => ({ body: answerWith("send", { move_to_bcc: move }) }));
    const messenger = fakeMessenger({ managed: { port: h.port, token: TOKEN } });
    messenger.addressBooks = { list: async () => [{ id: "ab", mailingLists: [{ id: "ml1", name: "顧客一覧" }] }] };
    messenger.mailingLists = {
      listMembers: async () => [
        { properties: { DisplayName: "顧客1", PrimaryEmail: "c1@client.test" } },
        { properties: { DisplayName: "顧客2", PrimaryEmail: "c2@client.test" } },
      ],
    };
    const result = await guardSend(fakeEnv(messenger), tab, draft({ to: ["顧客一覧 <顧客一覧>"] }));
    assert.deepEqual(h.requests[0].body.to, [
      { name: "顧客1", address: "c1@client.test" },
      { name: "顧客2", address: "c2@client.test" },
    ]);
    assert.deepEqual(result.details, { to: ['"顧客2" <c2@client.test>'], bcc: ['"顧客1" <c1@client.test>'] });
  });

  test("a mailing list that cannot be read is not checked as one address", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN, fail_mode: "block" } }));
    assert.deepEqual(await guardSend(env, tab, draft({ to: ["顧客一覧 <顧客一覧>"] })), { cancel: true });
    assert.equal(h.requests.length, 0);
    assert.match(env.notified[0].message, /reasonDraftUnreadable: .*顧客一覧/);
  });

  test("removed recipients and attachments leave the mail", async () => {
    const h = await hook(() => ({
      body: answerWith("send", { remove_recipients: ["wrong@rival.test"], remove_attachments: ["給与一覧.xlsx"] }),
    }));
    const messenger = fakeMessenger({
      managed: { port: h.port, token: TOKEN },
      attachments: [
        { name: "見積書.pdf", type: "application/pdf", content: "%PDF-1.4" },
        { name: "給与一覧.xlsx", type: "application/octet-stream", content: "PK" },
      ],
    });
    const result = await guardSend(fakeEnv(messenger), tab, draft({ to: ["hanako@partner.co.jp", "wrong@rival.test"] }));
    assert.deepEqual(result, { details: { to: ["hanako@partner.co.jp"] } });
    assert.deepEqual(messenger.removed, [2]);
  });
});

describe("recipient replaced", () => {
  const replace = (from, to) => ({ replace_recipients: [{ from, to }] });

  test("in To: the right address takes the wrong one's place, without its display name", async () => {
    const h = await hook(() => ({ body: answerWith("send", replace("t.tanaka@hikari-tech.co.jp", "tanaka@kaede-shoji.co.jp")) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(
      env,
      tab,
      draft({ to: ["山田 花子 <hanako@partner.co.jp>", "田中 太郎 <T.Tanaka@hikari-tech.co.jp>", "sato@partner.co.jp"] }),
    );
    assert.deepEqual(result, {
      details: { to: ["山田 花子 <hanako@partner.co.jp>", "tanaka@kaede-shoji.co.jp", "sato@partner.co.jp"] },
    });
    assert.deepEqual(env.notified, []);
  });

  test("in Cc: the replacement stays in Cc, and To is untouched", async () => {
    const h = await hook(() => ({ body: answerWith("send", replace("t.tanaka@hikari-tech.co.jp", "tanaka@kaede-shoji.co.jp")) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(
      env,
      tab,
      draft({ cc: ['"田中 太郎（ひかりテック）" <t.tanaka@hikari-tech.co.jp>, kato@partner.co.jp'] }),
    );
    assert.deepEqual(result, { details: { cc: ["tanaka@kaede-shoji.co.jp", "kato@partner.co.jp"] } });
  });

  test("an address in To and Bcc is replaced in both", async () => {
    const h = await hook(() => ({ body: answerWith("send", replace("wrong@hikari-tech.co.jp", "right@kaede-shoji.co.jp")) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: ["wrong@hikari-tech.co.jp"], bcc: ["Wrong <wrong@hikari-tech.co.jp>"] }));
    assert.deepEqual(result, { details: { to: ["right@kaede-shoji.co.jp"], bcc: ["right@kaede-shoji.co.jp"] } });
  });

  test("a replacement already in the field is not added twice", async () => {
    const h = await hook(() => ({ body: answerWith("send", replace("wrong@hikari-tech.co.jp", "right@kaede-shoji.co.jp")) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: ["wrong@hikari-tech.co.jp", "Right <RIGHT@kaede-shoji.co.jp>"] }));
    assert.deepEqual(result, { details: { to: ["Right <RIGHT@kaede-shoji.co.jp>"] } });
  });

  test("replaced and moved to Bcc: the replacement goes to Bcc", async () => {
    const h = await hook(() => ({
      body: answerWith("send", {
        move_to_bcc: ["a@alpha.test", "wrong@hikari-tech.co.jp"],
        ...replace("wrong@hikari-tech.co.jp", "right@kaede-shoji.co.jp"),
      }),
    }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    const result = await guardSend(env, tab, draft({ to: ["a@alpha.test", "Wrong <wrong@hikari-tech.co.jp>"] }));
    assert.deepEqual(result.details.bcc, ["a@alpha.test", "right@kaede-shoji.co.jp"]);
    assert.deepEqual(result.details.to, ["鈴木 一郎 <suzuki@sakura-sys.co.jp>"]);
  });

  test("a replacement for an address the draft does not hold cancels", async () => {
    const h = await hook(() => ({ body: answerWith("send", replace("ghost@nowhere.test", "right@kaede-shoji.co.jp")) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.match(env.notified[0].message, /^fixNotApplied: ghost@nowhere.test/);
  });

  test("a replacement in another shape (the old {address, with}) is not guessed at", async () => {
    const changes = { replace_recipients: [{ address: "hanako@partner.co.jp", with: "hanako@partner.jp" }] };
    const h = await hook(() => ({ body: answerWith("send", changes) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.match(env.notified[0].message, /^fixNotApplied: replace_recipients: /);
  });
});

describe("a change this add-in does not know", () => {
  test("cancels the send and says which, rather than sending half of the fix", async () => {
    const h = await hook(() => ({
      body: answerWith("send", { move_to_bcc: ["hanako@partner.co.jp"], encrypt_attachments: ["見積書.pdf"] }),
    }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, [{ title: "notSentTitle", message: "unknownChange: encrypt_attachments" }]);
  });

  test("an empty list of an unknown kind asks for nothing", async () => {
    const h = await hook(() => ({ body: answerWith("send", { add_recipients: [] }) }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), {});
    assert.deepEqual(env.notified, []);
  });

  test("a cancel is a cancel whatever its changes say", async () => {
    const h = await hook(() => ({ body: { ...answerWith("cancel", { future_kind: ["x"] }), told_person: true } }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.notified, []);
  });
});

describe("sendguard down or failing", () => {
  test("ask (the default): the person is asked, and a no cancels", async () => {
    const port = await deadPort();
    const env = fakeEnv(fakeMessenger({ managed: { port, token: TOKEN } }), { askAnswer: false });
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.equal(env.asked.length, 1);
    assert.match(env.asked[0], /^reason_down: sendguard is not reachable on port \d+/);
  });

  test("ask: a yes sends unchecked", async () => {
    const port = await deadPort();
    const env = fakeEnv(fakeMessenger({ managed: { port, token: TOKEN } }), { askAnswer: true });
    assert.deepEqual(await guardSend(env, tab, draft()), {});
  });

  test("block: nothing is sent and the person is told", async () => {
    const port = await deadPort();
    const env = fakeEnv(fakeMessenger({ managed: { port, token: TOKEN, fail_mode: "block" } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.deepEqual(env.asked, []);
    assert.equal(env.notified.length, 1);
    assert.match(env.notified[0].message, /^uncheckedBlocked: reason_down/);
  });

  test("allow: sent, and the person is told it went unchecked", async () => {
    const port = await deadPort();
    const env = fakeEnv(fakeMessenger({ managed: { port, token: TOKEN, fail_mode: "allow" } }));
    assert.deepEqual(await guardSend(env, tab, draft()), {});
    assert.match(env.notified[0].message, /^uncheckedSent: reason_down/);
  });

  for (const [status, kind] of [[401, "unauthorized"], [413, "too_large"], [400, "rejected"], [500, "rejected"]]) {
    test(`an HTTP ${status} answer follows the fail mode (${kind})`, async () => {
      const h = await hook(() => ({ status, body: { error: "unknown field `x`" } }));
      const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN, fail_mode: "block" } }));
      assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
      assert.match(env.notified[0].message, new RegExp(`reason_${kind}`));
    });
  }

  test("no token anywhere: asked, not sent silently", async () => {
    const h = await hook(() => ({ body: answerWith("send") }));
    const env = fakeEnv(fakeMessenger({ local: { port: h.port } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.equal(h.requests.length, 0);
    assert.match(env.asked[0], /^reason_no_token/);
  });

  test("an answer without a decision is not taken as send", async () => {
    const h = await hook(() => ({ body: { check: {}, decision: "maybe" } }));
    const env = fakeEnv(fakeMessenger({ managed: { port: h.port, token: TOKEN, fail_mode: "block" } }));
    assert.deepEqual(await guardSend(env, tab, draft()), { cancel: true });
    assert.match(env.notified[0].message, /reason_bad_answer/);
  });

  test("no answer in time cancels and says so, whatever the fail mode", async (t) => {
    t.mock.timers.enable({ apis: ["setTimeout"] });
    const messenger = fakeMessenger({ managed: { port: 1, token: TOKEN, fail_mode: "allow", timeout_secs: 60 } });
    const env = fakeEnv(messenger);
    let fetched = false;
    env.fetch = (url, init) =>
      new Promise((resolve, reject) => {
        fetched = true;
        init.signal.addEventListener("abort", () => reject(new Error("aborted")));
      });
    const pending = guardSend(env, tab, draft());
    while (!fetched) await new Promise((r) => setImmediate(r));
    t.mock.timers.tick(59_000);
    await new Promise((r) => setImmediate(r));
    t.mock.timers.tick(1_000);
    assert.deepEqual(await pending, { cancel: true });
    assert.deepEqual(env.asked, [], "not the fail mode: sendguard had the mail");
    assert.match(env.notified[0].message, /^reason_timeout: sendguard did not answer within 60 s/);
  });
});
