import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/app/config.js';
import { bootApp, type RunningApp } from '../../src/app/start.js';

export const ADMIN = { email: 'admin@kanaal.test', password: 'e2e-admin-password-1' };

export type E2E = {
  baseUrl: string;
  running: RunningApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
};

/**
 * Kanaal on a fresh embedded database (with demo data) in a temp dir, listening on a random port,
 * and Debian's Chromium driven by playwright-core. The web app must have been built (npm install).
 */
export async function startE2E(options: { env?: Record<string, string> } = {}): Promise<E2E> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kanaal-e2e-'));
  const config = loadConfig({
    KANAAL_DATA_DIR: dataDir,
    KANAAL_ADMIN_EMAIL: ADMIN.email,
    KANAAL_ADMIN_PASSWORD: ADMIN.password,
    KANAAL_DEMO: '1',
    KANAAL_LOG_LEVEL: 'warn',
    PORT: '0',
    PUBLIC_URL: 'http://localhost:1',
    ...options.env,
  });
  const running = await bootApp(config, { logger: false });
  if (!running.server) throw new Error('no server');
  await running.server.listen({ port: 0, host: '127.0.0.1' });
  const address = running.server.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  const baseUrl = `http://localhost:${address.port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-GB', acceptDownloads: true });
  // The UI is tested in English; the language choice is also exercised explicitly in the tests.
  await context.addInitScript({ content: "if (!localStorage.getItem('kanaal.lang')) localStorage.setItem('kanaal.lang', 'en');" });
  const page = await context.newPage();
  return {
    baseUrl,
    running,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs axe on the current page; returns the serious and critical violations (expected: none). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Judge the settled page: a dialog fading in has, for a moment, too little contrast.
  await page.waitForFunction('document.getAnimations().every((a) => a.playState !== "running")', undefined, { timeout: 5000 });
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

export async function signIn(page: Page, email = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}
