// Where the add-in finds sendguard: port, token, fail mode and how long to wait.
//
// Managed storage comes first: an administrator's deployment (or the sendguard desktop
// app's 「Thunderbird に接続」) writes it, so nobody pastes a token. The options page
// (storage.local) fills in what managed storage leaves out. A key set by managed
// storage is locked: the options page shows it read-only.

export const DEFAULT_PORT = 47651;
/** The hook waits up to 10 minutes for the person's decision; we wait a little longer. */
export const DEFAULT_TIMEOUT_SECS = 660;
export const FAIL_MODES = ["ask", "block", "allow"];
export const KEYS = ["port", "token", "fail_mode", "timeout_secs"];

/** Checks one setting; returns the clean value, or throws an Error naming the problem. */
export function validate(key, value) {
  switch (key) {
    case "port": {
      const n = typeof value === "string" ? Number(value.trim()) : value;
      if (!Number.isInteger(n) || n < 1 || n > 65535) {
        throw new Error(`port: ${JSON.stringify(value)} is not a port number (1–65535)`);
      }
      return n;
    }
    case "token": {
      const t = String(value ?? "").trim();
      if (t && !/^[0-9a-fA-F]{16,}$/.test(t)) {
        throw new Error("token: expected the hex string from sendguard's hook-token file");
      }
      return t;
    }
    case "fail_mode": {
      if (!FAIL_MODES.includes(value)) {
        throw new Error(`fail_mode: ${JSON.stringify(value)} is not one of ${FAIL_MODES.join(", ")}`);
      }
      return value;
    }
    case "timeout_secs": {
      const n = typeof value === "string" ? Number(value.trim()) : value;
      // Below a minute the add-in would give up while the person is still reading the
      // dialog; keep it above the hook's decision_timeout_secs (600 by default).
      if (!Number.isInteger(n) || n < 60 || n > 24 * 3600) {
        throw new Error(`timeout_secs: ${JSON.stringify(value)} is not a number of seconds (60–86400)`);
      }
      return n;
    }
    default:
      throw new Error(`unknown setting ${key}`);
  }
}

async function readArea(area, log) {
  try {
    return (await area.get(KEYS)) || {};
  } catch (e) {
    // No managed manifest installed is the usual case, not an error worth a dialog.
    log?.(`storage read failed: ${e.message}`);
    return {};
  }
}

/**
 * The effective settings: `{port, token, fail_mode, timeout_secs, locked: Set, problems: []}`.
 * An invalid value is skipped (the next source or the default applies) and named in
 * `problems`, so a typo in a deployment does not silently disable the guard's checks.
 */
export async function loadConfig(storage, log) {
  const managed = storage.managed ? await readArea(storage.managed, log) : {};
  const local = await readArea(storage.local, log);
  const config = {
    port: DEFAULT_PORT,
    token: "",
    fail_mode: "ask",
    timeout_secs: DEFAULT_TIMEOUT_SECS,
    locked: new Set(),
    problems: [],
  };
  for (const key of KEYS) {
    for (const [source, values] of [["managed", managed], ["local", local]]) {
      if (values[key] === undefined || values[key] === null || values[key] === "") continue;
      try {
        config[key] = validate(key, values[key]);
        if (source === "managed") config.locked.add(key);
        break;
      } catch (e) {
        config.problems.push(`${source} ${e.message}`);
      }
    }
  }
  return config;
}
