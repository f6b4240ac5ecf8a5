import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TestDatabase } from '@iac-experiment/db/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { loadDevConfig } from '../src/config.js';
import { DevStack } from '../src/dev-stack.js';
import { createDevDatabase } from './support/dev-database.js';
import { freePorts } from './support/orchestrator.js';

// The one test allowed on the fixed port: the stack as a developer opens it.
const ORIGIN = 'http://localhost:8080';
const PAGE_SIZE = 50; // web's page size (web/src/messages/board.view-model.ts)
const SEEDED = PAGE_SIZE + 5;
const TEST_TIMEOUT_MS = 120_000; // generous: CI machines are small and shared
const HOSTILE = `<b>bold?</b> & "double" 'single' <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;

/** Chromium as the probe of this machine runs it: Debian's package, no background traffic, a fresh profile. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function seed(count: number): Promise<void> {
  // One at a time, so that creation order (and so page order) is the numbering.
  for (let i = 1; i <= count; i++) {
    const response = await fetch(`${ORIGIN}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: label(i) }),
    });
    if (response.status !== 201)
      throw new Error(`seeding failed: HTTP ${response.status} ${await response.text()}`);
  }
}

const label = (n: number) => `seed ${String(n).padStart(3, '0')}`;
/** The text of each message on the page, top to bottom. */
const messageText = (page: Page) => page.locator('li.message > p');
const contents = (page: Page) => messageText(page).allTextContents();

/** Clicks something that submits a form or follows a link, and waits for the page that answers it. */
async function clickAndWaitForPage(page: Page, target: Locator): Promise<void> {
  await Promise.all([
    page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()),
    target.click(),
  ]);
  await page.waitForLoadState('load');
}

describe('the message board in a real browser, through the ALB-like router on :8080', () => {
  let dataDir: string;
  let database: TestDatabase | undefined;
  let stack: DevStack;
  let log = '';
  let browser: Browser;
  let page: Page;
  let screenshotDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'stack-browser-'));
    screenshotDir = await mkdtemp(join(tmpdir(), 'stack-browser-screenshots-'));
    await chmod(dataDir, 0o755); // as root, the embedded Postgres runs as the postgres user, who must enter it
    // On DATABASE_URL's server (as CI sets it) a fresh database; otherwise the embedded Postgres.
    if (process.env.DATABASE_URL) {
      database = await createDevDatabase(process.env.DATABASE_URL, 'stack_browser');
    }
    const [api, web, apiMetrics, webMetrics, db] = await freePorts(5);
    stack = new DevStack({
      config: loadDevConfig({
        ...process.env,
        DATABASE_URL: database?.url,
        DEV_DATA_DIR: dataDir,
        DEV_ROUTER_PORT: '8080',
        DEV_API_PORT: String(api),
        DEV_WEB_PORT: String(web),
        DEV_API_METRICS_PORT: String(apiMetrics),
        DEV_WEB_METRICS_PORT: String(webMetrics),
        DEV_DB_PORT: String(db),
        LOG_LEVEL: 'warn',
      }),
      output: new Writable({
        write(chunk: Buffer, _encoding, done) {
          log += chunk.toString('utf8');
          done();
        },
      }),
    });
    try {
      await stack.start();
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${log.split('\n').slice(-60).join('\n')}`);
    }
    await seed(SEEDED);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    page = await browser.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  it(
    'posts a message full of HTML special characters through the form and shows it as text',
    async () => {
      await page.goto(`${ORIGIN}/`);
      await page.getByLabel('Your message').fill(HOSTILE);
      await clickAndWaitForPage(page, page.getByRole('button', { name: 'Post' }));
      expect(page.url()).toBe(`${ORIGIN}/`);

      const newest = messageText(page).first();
      expect(await newest.textContent()).toBe(HOSTILE);
      // Escaped: none of it became markup, and nothing ran.
      expect(await page.locator('li.message b, li.message script, li.message img').count()).toBe(0);
      expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.content()).toContain('&lt;b&gt;bold?&lt;/b&gt; &amp; "double"');

      const screenshot = join(screenshotDir, 'posted-message.png');
      await page.screenshot({ path: screenshot });
      console.log(`browser test screenshot: ${screenshot}`);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'pages to older messages and back',
    async () => {
      await page.goto(`${ORIGIN}/`);
      const firstPage = await contents(page);
      expect(firstPage).toHaveLength(PAGE_SIZE);
      expect(firstPage[0]).toBe(HOSTILE);
      expect(firstPage[1]).toBe(label(SEEDED));

      await clickAndWaitForPage(page, page.getByRole('link', { name: /Older messages/ }));
      expect(page.url()).toMatch(/\?cursor=/);
      expect(await page.getByRole('heading', { name: 'Older messages' }).isVisible()).toBe(true);
      const older = await contents(page);
      // 56 messages, 50 a page: the six oldest seeds, newest first, nothing from the first page repeated.
      expect(older).toEqual([6, 5, 4, 3, 2, 1].map(label));

      await clickAndWaitForPage(page, page.getByRole('link', { name: /Newest messages/ }));
      expect(page.url()).toBe(`${ORIGIN}/`);
      expect((await contents(page))[0]).toBe(HOSTILE);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'deletes the message with its button, and it is gone',
    async () => {
      await page.goto(`${ORIGIN}/`);
      const item = page.locator('li.message').filter({ has: page.getByText(HOSTILE, { exact: true }) });
      expect(await item.count()).toBe(1);
      const id = (await item.getAttribute('id'))?.replace(/^message-/, '');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      // web's script asks first; a person says yes.
      const confirmations: string[] = [];
      page.once('dialog', (dialog) => {
        confirmations.push(dialog.message());
        void dialog.accept();
      });
      await clickAndWaitForPage(page, item.getByRole('button', { name: 'Delete' }));
      expect(confirmations).toHaveLength(1);
      expect(page.url()).toBe(`${ORIGIN}/`);

      expect(await page.getByText(HOSTILE, { exact: true }).count()).toBe(0);
      const remaining = await contents(page);
      expect(remaining[0]).toBe(label(SEEDED));
      expect(remaining).toHaveLength(PAGE_SIZE);
      expect((await fetch(`${ORIGIN}/api/messages/${id}`)).status).toBe(404);

      await page.screenshot({ path: join(screenshotDir, 'after-delete.png') });
    },
    TEST_TIMEOUT_MS,
  );
});
