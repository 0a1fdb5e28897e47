import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import type { AppOptions } from '../../server/config.js';
import { startServer, type TestServer } from './server.js';
import { launchBrowser } from './chromium.js';

/** What a browser test file reaches through `browserSuite`, once its hooks have run. */
export interface BrowserSuite {
  /** The server of the file, serving the built client. */
  readonly server: TestServer;
  /** The browser the file's tests share. */
  readonly browser: Browser;
  /** A new context in the shared browser, closed after the file's last test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Register a browser test file's hooks: before all tests a server on the built client (`dist/client`) with `options`;
 * before each the file's browser, launched at the first test, so that if none can start every test fails with the
 * reason (a failing `beforeAll` would leave them reported as skipped); after all, the contexts opened through the
 * suite, the browser and the server closed. Call it at the top level of the file.
 */
export function browserSuite(options: Partial<AppOptions> = {}): BrowserSuite {
  let server: TestServer | undefined;
  let launched: Promise<Browser> | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    server = await startServer({ clientDir: 'dist/client', ...options });
  });
  beforeEach(async () => {
    browser = await (launched ??= launchBrowser());
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
    async newContext(contextOptions) {
      const context = await browser!.newContext(contextOptions);
      contexts.push(context);
      return context;
    },
  };
}

/** Sign in through the sign-in form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByTestId('signin-form').locator('input[name=email]').fill(email);
  await page.getByTestId('signin-form').locator('input[name=password]').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Count the Yjs document updates a page sends to the collaboration server; call it before the page connects. */
export function countUpdatesSent(page: Page): () => number {
  let sent = 0;
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/collab')) return;
    socket.on('framesent', ({ payload }) => {
      // y-websocket: message type 0 (sync), then 2 for an update of the document.
      if (typeof payload !== 'string' && payload[0] === 0 && payload[1] === 2) sent++;
    });
  });
  return () => sent;
}

/** Record into `problems` every console error and uncaught error of a page, on every page it goes to, naming `who`. */
export function recordPageErrors(page: Page, who: string, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${who}, ${page.url()}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${who}, ${page.url()}: uncaught ${error.name}: ${error.message}`));
}

/** Text of an element without the collaborators' cursor widgets drawn inside it. */
export function textWithoutCursors(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.rb-cursor').forEach((c) => c.remove());
    return copy.textContent ?? '';
  });
}

/** Give a browser page the session of an API client, as if that person had signed in in it. */
export async function shareSession(page: Page, baseUrl: string, cookieHeader: string): Promise<void> {
  const [name, value] = cookieHeader.split('; ').find((c) => c.startsWith('amendo_session='))!.split('=');
  await page.context().addCookies([{ name: name!, value: value!, url: baseUrl }]);
}

/** How `openDraftPage` opens the page: viewport width, a query (`?article=…`), locale, wait timeout, clipboard access. */
export interface DraftPageOptions {
  width?: number;
  query?: string;
  locale?: string;
  timeout?: number;
  clipboard?: boolean;
}

/** A page on a rulebook's live draft in a new context, signed in as `person` (null: a reader), once connected and drawn. */
export async function openDraftPage(browser: Browser, baseUrl: string, person: { cookieHeader(): string } | null, slug: string, options: DraftPageOptions = {}): Promise<Page> {
  const { width = 1280, query = '', locale, timeout = 10_000, clipboard = false } = options;
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...(locale ? { locale } : {}) });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  context.setDefaultTimeout(timeout);
  const page = await context.newPage();
  if (person) await shareSession(page, baseUrl, person.cookieHeader());
  await page.goto(`${baseUrl}/r/${slug}${query}`);
  await page.locator('[data-testid=connection-status][data-status=connected]').waitFor();
  await page.getByTestId('editor').locator('article.rb-article').first().waitFor();
  return page;
}
