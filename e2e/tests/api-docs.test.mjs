// The footer's "Dokumentasi API" link opens a readable API reference (swagger-ui served by the
// binary itself), not the raw JSON: its operations are listed, nothing is asked of any other
// host, and the page runs under the site's CSP without a violation or a script error.
//
// Runs against `padu serve --demo` (see e2e/run).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { baseURL, expectVisible, launchBrowser, newPage, screenshot } from '../lib/padu.mjs';

describe('the API reference behind the footer link', () => {
  let browser;
  let page;
  const problems = [];
  const elsewhere = [];

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(baseURL) && !url.startsWith('data:') && !url.startsWith('blob:')) {
        elsewhere.push(url);
      }
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('opens from the footer and lists the operations', async () => {
    const response = await page.goto('/masuk');
    assert.equal(response.status(), 200);
    const link = page.getByRole('contentinfo').getByRole('link', { name: /Dokumentasi API/ });
    await expectVisible(link, 'the footer link "Dokumentasi API"');
    await link.click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/api/docs', 'the link opens the reference page');
    await expectVisible(page.getByRole('heading', { name: 'Dokumentasi API', level: 1 }), 'the page title');

    // Operations of several features, by their summaries (the handlers' doc comments).
    for (const summary of [
      'The instansi the caller may see.',
      "Changes an open period's target or stage dates",
      'Closes a period',
      "Changes a user's name, role, placement or e-mail address",
      "A year's ranking by the exact index",
    ]) {
      await expectVisible(page.getByText(summary, { exact: false }).first(), `the operation "${summary}"`, 20_000);
    }
    await expectVisible(page.getByText('/api/v1/periods/{id}/close').first(), 'the path of closing a period');
    await screenshot(page, 'api-docs');

    // The raw document stays where tools read it.
    const raw = await page.request.get('/api/openapi.json');
    assert.equal(raw.status(), 200);
    assert.equal((await raw.json()).info.title, 'Padu API');

    assert.deepEqual(elsewhere, [], 'no request to another host');
    assert.deepEqual(problems, [], 'no script error, no CSP violation');
  });
});
