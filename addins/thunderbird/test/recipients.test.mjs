import assert from "node:assert/strict";
import { test } from "node:test";

import { formatMailbox, parseOneMailbox, splitMailboxString } from "../src/recipients.js";

test("commas inside quotes and comments do not split a mailbox", () => {
  assert.deepEqual(splitMailboxString('"Sato, Jiro" <s@x.jp>, a@b.jp (Kato, Ken); c@d.jp'), [
    '"Sato, Jiro" <s@x.jp>',
    "a@b.jp (Kato, Ken)",
    "c@d.jp",
  ]);
});

test("mailboxes parse and format back", () => {
  assert.deepEqual(parseOneMailbox('"山田 \\"花子\\"" <h@p.jp>'), { name: '山田 "花子"', address: "h@p.jp" });
  assert.deepEqual(parseOneMailbox("a@b.jp (Kato)"), { name: "", address: "a@b.jp" });
  assert.equal(formatMailbox({ name: '山田 "花子"', address: "h@p.jp" }), '"山田 \\"花子\\"" <h@p.jp>');
  assert.equal(formatMailbox({ name: "", address: "h@p.jp" }), "h@p.jp");
});
