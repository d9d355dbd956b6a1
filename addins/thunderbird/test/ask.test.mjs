// The `ask` fail mode's window: the answer travels back as a message; closing the
// window is a no.

import assert from "node:assert/strict";
import { test } from "node:test";

import { askInWindow } from "../src/ask.js";

function fakeWindowsMessenger() {
  const listeners = { message: new Set(), removed: new Set() };
  const event = (set) => ({ addListener: (f) => set.add(f), removeListener: (f) => set.delete(f) });
  const m = {
    created: [],
    removedIds: [],
    listeners,
    runtime: { getURL: (path) => `moz-extension://guard/${path}`, onMessage: event(listeners.message) },
    windows: {
      onRemoved: event(listeners.removed),
      async create(options) {
        m.created.push(options);
        return { id: 99 };
      },
      async remove(id) {
        m.removedIds.push(id);
      },
    },
  };
  return m;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test("the person's answer comes back and the window closes", async () => {
  const m = fakeWindowsMessenger();
  const answer = askInWindow(m, "sendguard が起動していません");
  await tick();
  const url = new URL(m.created[0].url);
  assert.equal(m.created[0].type, "popup");
  assert.equal(url.searchParams.get("reason"), "sendguard が起動していません");
  for (const f of m.listeners.message) f({ askId: "someone else", send: true });
  for (const f of [...m.listeners.message]) f({ askId: url.searchParams.get("id"), send: true });
  assert.equal(await answer, true);
  assert.deepEqual(m.removedIds, [99]);
  assert.equal(m.listeners.message.size, 0, "listeners are removed");
});

test("closing the window means do not send", async () => {
  const m = fakeWindowsMessenger();
  const answer = askInWindow(m, "down");
  await tick();
  for (const f of [...m.listeners.removed]) f(99);
  assert.equal(await answer, false);
  assert.equal(m.listeners.removed.size, 0);
});
