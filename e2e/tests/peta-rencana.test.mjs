// Peta Rencana SPBE in the demo: the koordinator of Kabupaten Trenggalek opens the roadmap
// 2025-2029, sees its timeline per OPD and per indicator and the budget per OPD, and downloads
// the formal document; the operator of Diskominfo follows the task on the Beranda to an item
// and reports its semester realisation, which the item then shows.
//
// Runs against `padu serve --demo` (see e2e/run). Each step depends on the one before, so
// after a failure the remaining steps are skipped rather than failing for the same cause.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { expectVisible, followNav, launchBrowser, newPage, screenshot, signIn } from '../lib/padu.mjs';

const PASSWORD = 'Padu#Demo2026';
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

describe('the Peta Rencana timeline, and a semester report by an OPD operator', () => {
  let browser;
  let page;
  let roadmapPath;
  const scriptErrors = [];
  let broken = null;

  function step(name, fn) {
    it(name, async (t) => {
      if (broken) {
        t.skip(`skipped: "${broken}" failed`);
        return;
      }
      try {
        await fn(t);
      } catch (err) {
        broken = name;
        await screenshot(page, `failure-peta-rencana-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
        throw err;
      }
    });
  }

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (err) => scriptErrors.push(`${page.url()}: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('the koordinator opens the Peta Rencana 2025-2029 from the navigation', async () => {
    await signIn(page, 'sekda.trenggalek', PASSWORD);
    await followNav(page, 'Peta Rencana');
    await page.getByRole('link', { name: /Peta Rencana SPBE Kabupaten Trenggalek 2025-2029/ }).first().click();
    await page.waitForLoadState('load');
    roadmapPath = new URL(page.url()).pathname;
    assert.match(roadmapPath, /^\/peta-rencana\/\d+$/);
    await expectVisible(page.getByRole('heading', { name: 'Linimasa per OPD' }), 'the timeline heading');
  });

  step('the timeline draws a bar per item and year, banded per OPD', async () => {
    const svg = page.getByRole('img', { name: 'Linimasa per OPD' });
    await expectVisible(svg, 'the timeline SVG');
    const bars = await svg.locator('rect').count();
    assert.ok(bars >= 30, `one bar per item and year, not ${bars}`);
    const text = await svg.textContent();
    assert.ok(text.includes('Dinas Komunikasi dan Informatika'), 'a band for Diskominfo');
    const box = await svg.boundingBox();
    assert.ok(box && box.width > 400 && box.height > 300, `a drawn chart, not ${JSON.stringify(box)}`);
    await expectVisible(page.getByRole('heading', { name: 'Anggaran per tahun dan OPD' }), 'the budget per OPD');
    await screenshot(page, 'peta-rencana-1-linimasa-opd');
  });

  step('the timeline per indicator bands the items by the indicator they raise', async () => {
    await page.getByRole('link', { name: 'per indikator', exact: true }).click();
    await page.waitForLoadState('load');
    const svg = page.getByRole('img', { name: 'Linimasa per indikator' });
    await expectVisible(svg, 'the timeline per indicator');
    assert.match(await svg.textContent(), /indikator \d+ → tingkat \d/);
    await screenshot(page, 'peta-rencana-2-linimasa-indikator');
  });

  step('the formal document downloads as a PDF', async () => {
    const response = await page.request.get(`${roadmapPath}/dokumen.pdf`);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    const bytes = await response.body();
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(bytes.length > 20_000, `a typeset document, not ${bytes.length} bytes`);
  });

  step('the Diskominfo operator follows the Beranda task to the report form', async () => {
    await page.context().clearCookies();
    await signIn(page, 'operator.diskominfo', PASSWORD);
    await expectVisible(page.getByRole('heading', { name: /Laporan realisasi Peta Rencana/ }), 'the task on the Beranda');
    const task = page.locator('section[aria-labelledby="judul-realisasi"] a').first();
    await task.click();
    await page.waitForLoadState('load');
    assert.match(page.url(), /\/peta-rencana\/item\/\d+#lapor$/);
    await expectVisible(page.getByRole('heading', { name: 'Laporkan realisasi' }), 'the report form');
    await screenshot(page, 'peta-rencana-3-formulir-realisasi');
  });

  step('an empty value comes back with the message beside the field', async () => {
    await page.getByLabel('Capaian', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Laporkan', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.locator('.error-summary'), 'the error summary');
  });

  step('the operator reports the semester and the item shows it', async () => {
    const value = `65% uji ${stamp}`;
    await page.getByLabel('Capaian', { exact: true }).fill(value);
    await page.getByLabel('Catatan', { exact: true }).fill('Modul integrasi diuji coba di tiga OPD.');
    await page.getByRole('button', { name: 'Laporkan', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByText('Realisasi telah dilaporkan.'), 'the confirmation');
    await expectVisible(page.getByRole('cell', { name: value }), 'the reported value in the table');
    await screenshot(page, 'peta-rencana-4-realisasi-dilaporkan');
  });

  step('no page raised a script error', async () => {
    assert.deepEqual(scriptErrors, []);
  });
});
