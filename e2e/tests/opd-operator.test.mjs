// The demo admin of Kabupaten Trenggalek adds an OPD and an operator for it; the operator then
// sees that one OPD only and is refused the user administration.
//
// Runs against `padu serve --demo` (see e2e/run). Each step depends on the one before, so
// after a failure the remaining steps are skipped rather than failing for the same cause.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  PHONE,
  dataRows,
  expectVisible,
  followNav,
  launchBrowser,
  newPage,
  screenshot,
  selectOptionMatching,
  signIn,
} from '../lib/padu.mjs';

const ADMIN = { username: 'admin.trenggalek', password: 'Padu#Demo2026' };

// Unique per run, so the test also passes against a server that has seen earlier runs.
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const OPD_NAME = `Dinas Uji Coba E2E ${stamp}`;
const OPERATOR = {
  username: `operator.e2e.${stamp}`,
  fullName: 'Operator Uji Coba E2E',
  password: 'Rahasia-Uji#2026-Tgl',
};

describe('admin adds an OPD and its operator; the operator sees only that OPD', () => {
  let browser;
  let page;
  let opdPath; // the admin's OPD page, /instansi/{id}/opd
  const scriptErrors = [];
  let broken = null; // the first failed step: later steps are skipped

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
        const file = `failure-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
        await screenshot(page, file).catch(() => {});
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

  step('the login page is shown', async () => {
    const response = await page.goto('/masuk');
    assert.equal(response.status(), 200);
    await expectVisible(page.getByLabel('Nama pengguna', { exact: true }), 'the username field');
    await expectVisible(page.getByLabel('Kata sandi', { exact: true }), 'the password field');
    await expectVisible(page.getByRole('button', { name: 'Masuk', exact: true }), 'the "Masuk" button');
    await screenshot(page, '01-login');
    await screenshot(page, '01-login-phone', PHONE);
  });

  step('the demo admin of Kabupaten Trenggalek signs in and sees the dashboard', async () => {
    await signIn(page, ADMIN.username, ADMIN.password);
    assert.equal(new URL(page.url()).pathname, '/', 'after signing in the dashboard is shown');
    await expectVisible(page.getByRole('button', { name: 'Keluar', exact: true }), 'the "Keluar" button');
    await screenshot(page, '02-dashboard');
    await screenshot(page, '02-dashboard-phone', PHONE);
  });

  step('the admin adds an OPD', async () => {
    await followNav(page, 'OPD');
    opdPath = new URL(page.url()).pathname;
    assert.match(opdPath, /^\/instansi\/[^/]+\/opd$/, 'the OPD page lives at /instansi/{id}/opd');

    await page.getByLabel('Nama OPD', { exact: true }).fill(OPD_NAME);
    await selectOptionMatching(page.getByLabel('Jenis OPD', { exact: true }), /lainnya/i, 'Jenis OPD');
    await page.getByRole('button', { name: 'Tambah OPD', exact: true }).click();

    await expectVisible(page.getByText('OPD berhasil ditambahkan.'), 'the banner "OPD berhasil ditambahkan."');
    const row = dataRows(page.getByRole('table')).filter({ hasText: OPD_NAME });
    await expectVisible(row, `a table row for "${OPD_NAME}"`);
    assert.equal(await row.count(), 1, 'the new OPD is listed once');
    await screenshot(page, '03-opd');
  });

  step('the admin creates an operator for the new OPD', async () => {
    await followNav(page, 'Pengguna');
    const add = page
      .getByRole('link', { name: 'Tambah pengguna', exact: true })
      .or(page.getByRole('button', { name: 'Tambah pengguna', exact: true }));
    await add.first().click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/pengguna/baru');

    await page.getByLabel('Nama pengguna', { exact: true }).fill(OPERATOR.username);
    await page.getByLabel('Nama lengkap', { exact: true }).fill(OPERATOR.fullName);
    await page.getByLabel('Kata sandi', { exact: true }).fill(OPERATOR.password);
    await page.getByLabel('Peran', { exact: true }).selectOption('operator_opd');
    await selectOptionMatching(page.getByLabel('Instansi', { exact: true }), /Kabupaten Trenggalek/, 'Instansi');
    // The OPD choices may be loaded for the chosen instansi: wait for the new one to be there.
    const opdSelect = page.getByLabel('OPD', { exact: true });
    await opdSelect.locator('option', { hasText: OPD_NAME }).first().waitFor({ state: 'attached' });
    await selectOptionMatching(opdSelect, new RegExp(`^${OPD_NAME}$`), 'OPD');
    await screenshot(page, '04-user-form');

    await page.getByRole('button', { name: 'Simpan pengguna', exact: true }).click();
    await expectVisible(page.getByText('Pengguna berhasil ditambahkan.'), 'the banner "Pengguna berhasil ditambahkan."');
    await expectVisible(page.getByText(OPERATOR.username, { exact: true }), `the new user "${OPERATOR.username}" listed`);
    await screenshot(page, '05-users');
  });

  step('the admin can read the audit log', async () => {
    const response = await page.goto('/audit');
    assert.equal(response.status(), 200);
    await expectVisible(page.getByRole('heading', { level: 1 }), 'a page heading');
    const rows = dataRows(page.getByRole('table')).filter({ hasText: ADMIN.username });
    for (const action of ['opd.create', 'user.create']) {
      await expectVisible(rows.filter({ hasText: action }), `an audit entry "${action}" by ${ADMIN.username}`);
    }
    await screenshot(page, '06-audit');
  });

  step('the admin signs out', async () => {
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('button', { name: 'Masuk', exact: true }), 'the login form after signing out');
    // The session is gone: the users page sends the browser back to the login page.
    await page.goto('/pengguna');
    assert.equal(new URL(page.url()).pathname, '/masuk', 'after signing out /pengguna leads to /masuk');
  });

  step('the operator signs in and sees exactly one OPD: the new one', async () => {
    await signIn(page, OPERATOR.username, OPERATOR.password);
    await followNav(page, 'OPD');
    const rows = dataRows(page.getByRole('table'));
    await expectVisible(rows, 'a row in the OPD table');
    const texts = await rows.allInnerTexts();
    assert.equal(texts.length, 1, `the operator sees one OPD, saw: ${JSON.stringify(texts)}`);
    assert.ok(texts[0].includes(OPD_NAME), `the one OPD is "${OPD_NAME}", saw: ${texts[0]}`);
    await screenshot(page, '07-operator-opd');
  });

  step('the operator is refused the users page', async () => {
    const response = await page.goto('/pengguna');
    assert.equal(response.status(), 403);
    await expectVisible(page.getByRole('heading', { name: 'Akses ditolak' }), 'the heading "Akses ditolak"');
    await screenshot(page, '08-operator-forbidden');
  });

  step('no page raised a script error', async () => {
    assert.deepEqual(scriptErrors, []);
  });
});
