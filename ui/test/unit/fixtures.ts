// Loads the real check reports of test/fixtures/ as pending checks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PendingCheck, Report } from '../../src/ipc/types';

const dir = join(__dirname, '..', 'fixtures');

export function report(name: string): Report {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Report;
}

export function pending(name: string, extra: Partial<PendingCheck> = {}): PendingCheck {
  return { id: 7, report: report(name), queued: 0, countdown_secs: 0, client: 'thunderbird/128.5.0esr', ...extra };
}

export function json<T>(name: string): T {
  return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as T;
}
