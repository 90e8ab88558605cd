// Shared support for the browser tests: launching Debian's Chromium through playwright-core,
// the server's address, screenshots, and a few waits that @playwright/test's `expect` would
// give (playwright-core has no `expect`).
//
// Environment (set by e2e/run):
//   PADU_URL          base URL of a running `padu serve --demo` (required)
//   PADU_SCREENSHOTS  folder for screenshots (default: target/e2e-screenshots)
//   PADU_CHROMIUM     the browser executable (default: /usr/bin/chromium)

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const baseURL = (() => {
  const url = process.env.PADU_URL;
  if (!url) {
    throw new Error('PADU_URL is not set: run the browser tests with `bash e2e/run`');
  }
  return url.replace(/\/+$/, '');
})();

export const screenshotDir =
  process.env.PADU_SCREENSHOTS || path.join(repoRoot, 'target', 'e2e-screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 800 };

// The flags this machine needs: no sandbox as root, and no background traffic to hosts that
// the closed network refuses (Chromium otherwise keeps trying, many connections at a time).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Debian's Chromium (never a downloaded browser). */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.PADU_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** A fresh context (its own cookies) at desktop size, in Indonesian, with the base URL set. */
export async function newPage(browser) {
  const context = await browser.newContext({
    baseURL,
    viewport: DESKTOP,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  return context.newPage();
}

/** A full-page screenshot `NAME.png` at the given viewport; the viewport is restored after. */
export async function screenshot(page, name, viewport = DESKTOP) {
  mkdirSync(screenshotDir, { recursive: true });
  const before = page.viewportSize();
  const resize = before.width !== viewport.width || before.height !== viewport.height;
  if (resize) await page.setViewportSize(viewport);
  try {
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  } finally {
    if (resize) await page.setViewportSize(before);
  }
}

/** Waits until the locator is visible, with a message naming what was expected. */
export async function expectVisible(locator, what, timeout = 10_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Error(`expected to see ${what} on ${locator.page().url()}`);
  }
}

/** Signs in through the login page and waits to leave it. */
export async function signIn(page, username, password) {
  await page.goto('/masuk');
  await page.getByLabel('Nama pengguna', { exact: true }).fill(username);
  await page.getByLabel('Kata sandi', { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/masuk'),
    page.getByRole('button', { name: 'Masuk', exact: true }).click(),
  ]);
}

/** Follows a link of the site's main navigation by its exact text. */
export async function followNav(page, name) {
  const inNav = page.getByRole('navigation').getByRole('link', { name, exact: true });
  const link =
    (await inNav.count()) > 0 ? inNav.first() : page.getByRole('link', { name, exact: true }).first();
  await link.click(); // waits for the navigation it starts to commit
  await page.waitForLoadState('load');
}

/** The rows of a table that hold data (rows without column headers). */
export function dataRows(table) {
  return table.getByRole('row').filter({ hasNot: table.page().getByRole('columnheader') });
}

/** Picks the option of a <select> whose text matches `pattern` (the first one if several). */
export async function selectOptionMatching(select, pattern, what) {
  const options = await select.locator('option').evaluateAll((els) =>
    els.map((o) => ({ value: o.value, label: (o.textContent || '').trim() })),
  );
  const hit = options.find((o) => o.value !== '' && pattern.test(o.label));
  if (!hit) {
    const labels = options.map((o) => o.label).join(' | ');
    throw new Error(`no option for ${what} matches ${pattern}; options: ${labels}`);
  }
  await select.selectOption(hit.value);
  return hit;
}
