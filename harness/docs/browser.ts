// A headless Chromium driven over its DevTools protocol, through --remote-debugging-pipe (file
// descriptors 3 and 4, NUL-separated JSON): no WebSocket client and no npm package needed.
// Enough of the protocol to load a page, hear its console errors, evaluate, press keys and
// take screenshots.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { withTimeout } from '../wait.js';

/** The Chromium to run: $CHROMIUM, else chromium (Debian's package) or chromium-browser on PATH. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

type Params = Record<string, unknown>;
interface Message {
  id?: number;
  method?: string;
  params?: Params;
  result?: Params;
  error?: { message: string };
  sessionId?: string;
}

export class Browser {
  private nextId = 1;
  private pending = new Map<number, { resolve: (r: Params) => void; reject: (e: Error) => void }>();
  private listeners = new Set<(m: Message) => void>();
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profileDir: string,
  ) {
    const input = child.stdio[4] as Readable;
    let buffered = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffered += chunk;
      let end: number;
      while ((end = buffered.indexOf('\0')) >= 0) {
        const message = JSON.parse(buffered.slice(0, end)) as Message;
        buffered = buffered.slice(end + 1);
        if (message.id !== undefined) {
          const waiting = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error) waiting?.reject(new Error(message.error.message));
          else waiting?.resolve(message.result ?? {});
        } else for (const l of this.listeners) l(message);
      }
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.exited.then(() => {
      for (const p of this.pending.values()) p.reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  static launch(executable: string): Browser {
    const profileDir = mkdtempSync(join(tmpdir(), 'pc-chromium-'));
    const child = spawn(
      executable,
      ['--headless=new', '--remote-debugging-pipe', '--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', '--force-color-profile=srgb', `--user-data-dir=${profileDir}`, '--allow-file-access-from-files', 'about:blank'],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    return new Browser(child, profileDir);
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Params> {
    const id = this.nextId++;
    const out = this.child.stdio[3] as Writable;
    const reply = new Promise<Params>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    out.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    return withTimeout(reply, 30_000, `chromium did not answer ${method} within 30 s`);
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fresh tab, with what the checks listen to enabled. */
  async newPage(): Promise<BrowserPage> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = new BrowserPage(this, sessionId);
    for (const domain of ['Page', 'Runtime', 'Log']) await page.send(`${domain}.enable`);
    return page;
  }

  async close(): Promise<void> {
    try {
      await withTimeout(this.send('Browser.close'), 5_000, 'chromium did not close');
    } catch {
      this.child.kill('SIGKILL');
    }
    await withTimeout(this.exited, 10_000, 'chromium did not exit').catch(() => this.child.kill('SIGKILL'));
    rmSync(this.profileDir, { recursive: true, force: true });
  }
}

export class BrowserPage {
  /** Console errors, uncaught exceptions and failed loads, as "url: text". */
  readonly errors: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {
    browser.on((m) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params ?? {};
      if (m.method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
        this.errors.push(`console.${p.type}: ${((p.args as { value?: unknown; description?: string }[]) ?? []).map((a) => String(a.value ?? a.description ?? '')).join(' ')}`);
      } else if (m.method === 'Runtime.exceptionThrown') {
        const d = p.exceptionDetails as { text?: string; exception?: { description?: string } };
        this.errors.push(`exception: ${d.exception?.description ?? d.text ?? 'unknown'}`);
      } else if (m.method === 'Log.entryAdded') {
        const e = p.entry as { level: string; text: string; url?: string };
        if (e.level === 'error') this.errors.push(`${e.text}${e.url ? ` (${e.url})` : ''}`);
      }
    });
  }

  send(method: string, params: Params = {}): Promise<Params> {
    return this.browser.send(method, params, this.sessionId);
  }

  /** Loads `url` and resolves once its load event has fired. */
  async goto(url: string): Promise<void> {
    let stop = (): void => undefined;
    const loaded = new Promise<void>((resolve) => {
      stop = this.browser.on((m) => {
        if (m.sessionId === this.sessionId && m.method === 'Page.loadEventFired') resolve();
      });
    });
    try {
      const { errorText } = (await this.send('Page.navigate', { url })) as { errorText?: string };
      if (errorText) throw new Error(`${url}: ${errorText}`);
      await withTimeout(loaded, 30_000, `${url} did not load within 30 s`);
    } finally {
      stop();
    }
  }

  /** The value of a JavaScript expression in the page (JSON-serialisable). */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (exceptionDetails) throw new Error(`evaluating in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  }

  /** The viewport in CSS pixels; a zoom of 2 shows half as many CSS pixels on the same screen (the browser's 200%). */
  async viewport(width: number, height: number, zoom = 1): Promise<void> {
    await this.send('Emulation.setDeviceMetricsOverride', { width: Math.round(width / zoom), height: Math.round(height / zoom), deviceScaleFactor: zoom, mobile: false });
  }

  /** Presses a key (Tab, Enter, ...) as the keyboard would. */
  async press(key: 'Tab' | 'Enter'): Promise<void> {
    const codes = { Tab: 9, Enter: 13 };
    const text = key === 'Enter' ? '\r' : undefined;
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', key, code: key, windowsVirtualKeyCode: codes[key], ...(text ? { text } : {}) });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code: key, windowsVirtualKeyCode: codes[key] });
  }

  /** A PNG of the element matching `selector` (scrolled into view), or of the viewport. */
  async screenshot(selector?: string): Promise<Buffer> {
    let clip: Params | undefined;
    if (selector) {
      const box = await this.evaluate<{ x: number; y: number; width: number; height: number } | null>(
        `(() => { const e = document.querySelector(${JSON.stringify(selector)}); if (!e) return null; e.scrollIntoView(); const r = e.getBoundingClientRect(); return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height }; })()`,
      );
      if (!box) throw new Error(`no element matches ${selector}`);
      clip = { ...box, scale: 1 };
    }
    const { data } = (await this.send('Page.captureScreenshot', { format: 'png', ...(clip ? { clip, captureBeyondViewport: true } : {}) })) as { data: string };
    return Buffer.from(data, 'base64');
  }
}
