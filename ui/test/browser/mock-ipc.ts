// Test-only: installs Tauri's IPC mock in the page before the app's scripts run.
// Every command is forwarded to the Node test (`__sgBackend`, exposed by
// playwright), which answers {ok} or {err}; `__sgMock.emit` fires a backend event.
// Bundled by the browser harness; never part of dist/.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';

type Answer = { ok?: unknown; err?: unknown };
interface TestWindow {
  __sgBackend(cmd: string, args: unknown): Promise<Answer>;
  __sgWindowLabel?: string;
  __sgMock: { emit(event: string, payload: unknown): Promise<unknown> };
  __TAURI_INTERNALS__: { invoke(cmd: string, args: unknown): Promise<unknown> };
}
const w = window as unknown as TestWindow;

mockWindows(w.__sgWindowLabel ?? 'main');
mockIPC(
  async (cmd, args) => {
    const answer = await w.__sgBackend(cmd, args ?? {});
    if (answer && 'err' in answer) throw answer.err;
    return answer?.ok ?? null;
  },
  { shouldMockEvents: true },
);
w.__sgMock = {
  emit: (event, payload) => w.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event, payload }),
};
