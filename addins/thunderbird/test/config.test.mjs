import assert from "node:assert/strict";
import { test } from "node:test";

import { DEFAULT_PORT, loadConfig, validate } from "../src/config.js";
import { fakeStorageArea } from "./fakes.mjs";

test("defaults when nothing is set", async () => {
  const c = await loadConfig({ managed: fakeStorageArea({}, { fails: true }), local: fakeStorageArea() });
  assert.equal(c.port, DEFAULT_PORT);
  assert.equal(c.fail_mode, "ask");
  assert.equal(c.token, "");
  assert.equal(c.locked.size, 0);
});

test("managed settings win over the options page and are locked", async () => {
  const c = await loadConfig({
    managed: fakeStorageArea({ port: 5000, token: "ab".repeat(32) }),
    local: fakeStorageArea({ port: 6000, fail_mode: "block" }),
  });
  assert.equal(c.port, 5000);
  assert.equal(c.fail_mode, "block");
  assert.deepEqual([...c.locked].sort(), ["port", "token"]);
});

test("a bad managed value is named and the next source applies", async () => {
  const c = await loadConfig({
    managed: fakeStorageArea({ fail_mode: "sometimes" }),
    local: fakeStorageArea({ fail_mode: "allow" }),
  });
  assert.equal(c.fail_mode, "allow");
  assert.equal(c.problems.length, 1);
  assert.match(c.problems[0], /managed fail_mode: "sometimes" is not one of ask, block, allow/);
});

test("the options page's values are validated with a reason", () => {
  assert.equal(validate("port", " 47651 "), 47651);
  assert.throws(() => validate("port", "70000"), /not a port number/);
  assert.throws(() => validate("token", "not hex!"), /hex string/);
  assert.throws(() => validate("timeout_secs", "30"), /60–86400/);
});
