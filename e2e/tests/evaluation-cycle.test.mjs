// The evaluation cycle of one indicator in the demo's 2026 evaluation (PermenPAN-RB 8/2026):
// the Diskominfo operator fills indicator 11 with a claim, a narrative and evidence and submits
// it; the internal assessor returns it with a note; the operator fixes and resubmits; the
// assessor accepts it; the coordinator's dashboard then shows the new accepted index.
//
// Runs against `padu serve --demo` (see e2e/run). Steps depend on each other: after a failure
// the rest are skipped.

import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

import { expectVisible, launchBrowser, newPage, screenshot, signIn } from '../lib/padu.mjs';

const PASSWORD = 'Padu#Demo2026';
const NUMBER = 11;
const EVIDENCE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'notulen-rapat-tim-pemdi.pdf');

describe('an indicator goes through submission, return, resubmission and acceptance', () => {
  let browser;
  let page;
  let periodId;
  let indicatorPath;
  let broken = null;
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
        await screenshot(page, `failure-siklus-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`).catch(() => {});
        throw err;
      }
    });
  }

  async function signInAs(username) {
    await page.context().clearCookies();
    await signIn(page, username, PASSWORD);
  }

  async function banner(text) {
    await expectVisible(page.getByText(text, { exact: false }), `the banner "${text}"`);
  }

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (err) => scriptErrors.push(`${page.url()}: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  step('the demo has a running 2026 evaluation', async () => {
    const token = await page.request.post('/api/v1/auth/token', {
      data: { username: 'admin.trenggalek', password: PASSWORD },
    });
    assert.equal(token.status(), 200);
    const { token: bearer } = await token.json();
    const headers = { Authorization: `Bearer ${bearer}` };
    const me = await (await page.request.get('/api/v1/me', { headers })).json();
    const periods = await (await page.request.get(`/api/v1/instansi/${me.instansi}/periods`, { headers })).json();
    const current = periods.find((p) => p.year === 2026 && p.instrument === 'permenpanrb-8-2026');
    assert.ok(current, `a 2026 period under 8/2026 in ${JSON.stringify(periods)}`);
    periodId = current.id;
    indicatorPath = `/periode/${periodId}/indikator/${NUMBER}`;
  });

  step('the operator fills the claim and the narrative', async () => {
    await signInAs('operator.diskominfo');
    await page.goto(indicatorPath);
    await screenshot(page, 'siklus-1-indikator-operator');
    await page.getByLabel('Level yang diklaim').fill('2,5');
    await page.getByLabel('Fakta', { exact: true }).fill('Tim Pemerintah Digital ditetapkan dengan SK Bupati dan rapat berkala tercatat dalam notulen.');
    await page.getByLabel('Analisis', { exact: true }).fill('Kriteria level 1 dan 2 terpenuhi; evaluasi berkala belum ada sehingga level 3 belum tercapai.');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await banner('Klaim dan narasi disimpan.');
  });

  step('the operator uploads evidence for level 2', async () => {
    await page.locator('#upload_level').selectOption('2');
    await page.getByLabel('Berkas', { exact: true }).setInputFiles(EVIDENCE);
    await page.getByRole('button', { name: 'Unggah bukti dukung' }).click();
    await banner('Bukti dukung diunggah.');
    await expectVisible(page.getByText('notulen-rapat-tim-pemdi.pdf'), 'the uploaded file in the list');
    await screenshot(page, 'siklus-2-bukti-diunggah');
  });

  step('the operator checks the answers and submits', async () => {
    await page.getByRole('link', { name: 'Periksa sebelum mengajukan' }).first().click();
    await page.waitForLoadState('load');
    await screenshot(page, 'siklus-3-periksa');
    await page.getByRole('button', { name: 'Ajukan indikator' }).click();
    await banner('Indikator diajukan untuk ditinjau asesor internal.');
  });

  step('the internal assessor returns it with a note', async () => {
    await signInAs('asesor.inspektorat');
    await page.goto(indicatorPath);
    await page.getByLabel('Catatan pengembalian').fill('Lampirkan juga SK Tim Pemerintah Digital, bukan hanya notulen rapat.');
    await page.getByRole('button', { name: 'Kembalikan', exact: true }).click();
    await banner('Indikator dikembalikan ke OPD dengan catatan.');
    await screenshot(page, 'siklus-4-dikembalikan');
  });

  step('the operator sees the note, fixes the narrative and resubmits', async () => {
    await signInAs('operator.diskominfo');
    await page.goto(indicatorPath);
    await expectVisible(page.getByText('Lampirkan juga SK Tim Pemerintah Digital'), 'the assessor\'s note');
    await page.getByLabel('Fakta', { exact: true }).fill('Tim Pemerintah Digital ditetapkan dengan SK Bupati Nomor 100/2026; notulen rapat berkala terlampir.');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await banner('Klaim dan narasi disimpan.');
    await page.getByRole('link', { name: 'Periksa sebelum mengajukan' }).first().click();
    await page.getByRole('button', { name: 'Ajukan indikator' }).click();
    await banner('Indikator diajukan untuk ditinjau asesor internal.');
  });

  step('the assessor accepts it with 2,30', async () => {
    await signInAs('asesor.inspektorat');
    await page.goto(indicatorPath);
    await page.getByLabel('Nilai yang diterima').fill('2,30');
    await page.getByRole('button', { name: 'Terima', exact: true }).click();
    await banner('Indikator diterima.');
    await screenshot(page, 'siklus-5-diterima');
  });

  step("the coordinator's dashboard shows the new accepted index", async () => {
    await signInAs('sekda.trenggalek');
    const response = await page.goto(`/periode/${periodId}`);
    assert.equal(response.status(), 200);
    // the accepted index as the API computes it, shown with a decimal comma
    const score = await page.request.get(`/api/v1/periods/${periodId}/score?basis=accepted`);
    assert.equal(score.status(), 200);
    const { index_display: shown, indicators } = await score.json();
    assert.equal(indicators[NUMBER - 1].level, 2.3, 'indicator 11 counts with 2,30');
    await expectVisible(page.getByText(shown.replace('.', ','), { exact: false }), `the accepted index ${shown}`);
    await screenshot(page, 'siklus-6-dasbor-koordinator');
  });

  step('no page raised a script error', async () => {
    assert.deepEqual(scriptErrors, []);
  });
});
