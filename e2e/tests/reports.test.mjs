// Reports and data exchange in the demo's 2026 evaluation: the administrator downloads the PDF
// report and the Excel worksheet (the page announces the download's progress), sends back a
// worksheet without changes and a file that is no worksheet, then imports the ministry's official
// result: the preview lists every change, "Terapkan perubahan" applies it, and the dashboard
// shows the gap between the final and the self-assessed index.
//
// Runs against `padu serve --demo` (see e2e/run). Steps depend on each other.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { expectVisible, launchBrowser, newPage, screenshot, signIn } from '../lib/padu.mjs';

const PASSWORD = 'Padu#Demo2026';
const NOT_A_WORKSHEET = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'notulen-rapat-tim-pemdi.pdf');

describe('reports: downloads with progress, previewed imports', () => {
  let browser;
  let page;
  let periodId;
  let broken = null;
  const work = mkdtempSync(path.join(os.tmpdir(), 'padu-e2e-laporan-'));
  const scriptErrors = [];

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
        await screenshot(page, `failure-laporan-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
        throw err;
      }
    });
  }

  /** Clicks a download button and returns the saved file's bytes and suggested name. */
  async function download(name) {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('link', { name, exact: true }).click(),
    ]);
    const target = path.join(work, file.suggestedFilename());
    await file.saveAs(target);
    await expectVisible(page.getByText(`${name} selesai diunduh.`), `the progress line of ${name}`);
    return { bytes: readFileSync(target), fileName: file.suggestedFilename() };
  }

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (err) => scriptErrors.push(`${page.url()}: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('the administrator opens the reports of the 2026 evaluation', async () => {
    await signIn(page, 'admin.trenggalek', PASSWORD);
    const token = await page.request.post('/api/v1/auth/token', {
      data: { username: 'admin.trenggalek', password: PASSWORD },
    });
    const { token: bearer } = await token.json();
    const headers = { Authorization: `Bearer ${bearer}` };
    const who = await (await page.request.get('/api/v1/me', { headers })).json();
    const periods = await (await page.request.get(`/api/v1/instansi/${who.instansi}/periods`, { headers })).json();
    periodId = periods.find((p) => p.year === 2026 && p.instrument === 'permenpanrb-8-2026').id;
    await page.goto(`/periode/${periodId}`);
    await page.getByRole('link', { name: 'Laporan, Excel dan impor', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('heading', { name: 'Laporan dan pertukaran data' }), 'the reports page');
    await screenshot(page, 'laporan-1-halaman');
  });

  step('the PDF report downloads, with its progress announced', async () => {
    const { bytes, fileName } = await download('Laporan evaluasi (PDF)');
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.match(fileName, /^laporan-2026-evaluasi-.*\.pdf$/);
    assert.ok(bytes.length > 20_000, `a full report, not ${bytes.length} bytes`);
    await screenshot(page, 'laporan-2-pdf-diunduh');
  });

  step('the worksheet downloads and, unchanged, previews as no change', async () => {
    const { bytes, fileName } = await download('Lembar kerja evaluasi (Excel)');
    assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    await page.getByLabel('Berkas lembar kerja (.xlsx)').setInputFiles(path.join(work, fileName));
    await page.getByRole('button', { name: 'Unggah dan periksa' }).first().click();
    await expectVisible(page.getByText('Berkas tidak berisi perubahan terhadap data periode ini.'), 'the empty preview');
    await screenshot(page, 'laporan-3-pratinjau-tanpa-perubahan');
    await page.getByRole('link', { name: 'Kembali dan unggah berkas lain' }).click();
    await page.waitForLoadState('load');
  });

  step('a file that is no worksheet is refused beside the field', async () => {
    await page.getByLabel('Berkas lembar kerja (.xlsx)').setInputFiles(NOT_A_WORKSHEET);
    await page.getByRole('button', { name: 'Unggah dan periksa' }).first().click();
    await expectVisible(page.locator('.error-summary'), 'the error summary');
    await expectVisible(page.locator('#lembar_kerja-galat').getByText('bukan berkas Excel'), 'the message beside the field');
    await screenshot(page, 'laporan-4-bukan-lembar-kerja');
  });

  step('the official result is previewed, then applied', async () => {
    const lines = ['No;Nilai;Catatan;Rekomendasi'];
    for (let n = 1; n <= 20; n += 1) {
      lines.push(n === 1 ? '1;3,25;Kebijakan internal lengkap;Lakukan reviu tahunan' : `${n};2,00;;`);
    }
    const csv = path.join(work, 'hasil-resmi-2026.csv');
    writeFileSync(csv, `${lines.join('\n')}\n`);
    await page.getByLabel('Berkas hasil resmi (.xlsx atau .csv)').setInputFiles(csv);
    await page.getByRole('button', { name: 'Unggah dan periksa' }).last().click();
    await expectVisible(page.getByRole('heading', { name: 'Pratinjau impor hasil resmi' }), 'the preview');
    await expectVisible(page.getByText('Lakukan reviu tahunan'), 'the recommendation in the preview');
    await screenshot(page, 'laporan-5-pratinjau-hasil-resmi');
    await page.getByRole('button', { name: 'Terapkan perubahan' }).click();
    await expectVisible(page.getByText('Nilai final dari hasil evaluasi resmi telah diterapkan.'), 'the banner');
    await page.goto(`/periode/${periodId}`);
    await expectVisible(page.getByText('Selisih dengan penilaian mandiri'), 'the gap on the dashboard');
    await screenshot(page, 'laporan-6-dasbor-selisih');
  });

  step('no page raised a script error', async () => {
    assert.deepEqual(scriptErrors, []);
  });
});
