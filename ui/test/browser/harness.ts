// Browser-test plumbing: a tiny static server for dist/, Debian's chromium via
// playwright-core, and a page whose Tauri backend is a function of the test.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

const root = resolve(__dirname, '..', '..');
const dist = join(root, 'dist');
export const fixturesDir = join(root, 'test', 'fixtures');
export const screenshotsDir = join(root, 'test', 'screenshots');

export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(fixturesDir, `${name}.json`), 'utf8')) as T;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export async function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(join(dist, 'dialog.html'))) throw new Error('dist/ is missing: run `npm run build` first');
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

let mockScript: string | null = null;
async function mockBundle(): Promise<string> {
  if (mockScript) return mockScript;
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(__dirname, 'mock-ipc.ts'), formats: ['iife'], name: 'sgMockIpc', fileName: 'mock' },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  const chunk = (outputs[0] as { output: { code?: string }[] }).output[0];
  mockScript = chunk.code ?? '';
  return mockScript;
}

export async function launch(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM ?? execSync('which chromium').toString().trim();
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--font-render-hinting=none'],
  });
}

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}
export type Backend = (cmd: string, args: Record<string, unknown>) => unknown | Promise<unknown>;

/** Thrown by a Backend to make the command reject with `value`. */
export class Reject {
  constructor(readonly value: unknown) {}
}

export interface MockedPage {
  page: Page;
  calls: Call[];
  callsOf(cmd: string): Call[];
  emit(event: string, payload?: unknown): Promise<void>;
  errors: string[];
}

export async function openPage(
  browser: Browser,
  baseUrl: string,
  path: string,
  backend: Backend,
  opts: { windowLabel?: string; viewport?: { width: number; height: number } } = {},
): Promise<MockedPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 880, height: 900 }, locale: 'ja-JP' });
  const page = await context.newPage();
  const calls: Call[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.exposeFunction('__sgBackend', async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    try {
      return { ok: await backend(cmd, args) };
    } catch (e) {
      if (e instanceof Reject) return { err: e.value };
      return { err: String(e) };
    }
  });
  await page.addInitScript(`window.__sgWindowLabel = ${JSON.stringify(opts.windowLabel ?? 'main')};`);
  await page.addInitScript(await mockBundle());
  await page.goto(`${baseUrl}/${path}`);
  return {
    page,
    calls,
    errors,
    callsOf: (cmd) => calls.filter((c) => c.cmd === cmd),
    emit: async (event, payload = null) => {
      await page.evaluate(([e, p]) => (window as unknown as { __sgMock: { emit(e: unknown, p: unknown): Promise<unknown> } }).__sgMock.emit(e, p), [event, payload] as const);
    },
  };
}

/** Poll until `fn` holds (for backend calls that happen asynchronously). */
export async function until(fn: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!fn()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for condition');
    await new Promise((r) => setTimeout(r, 25));
  }
}
