// An OPD operator enters an application into the Arsitektur SPBE: picks the domain, is told in
// Indonesian what is wrong with a bad year (nothing is saved), saves a draft with half its fields,
// is stopped from submitting it until the required fields are filled, fills them and submits;
// then the computed gaps page lists the new application with every domain it still misses
// (hosting, security control, security audit), and the same page reads on a phone.
//
// Runs against `padu serve --demo` (see e2e/run).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PHONE, expectVisible, followNav, launchBrowser, newPage, screenshot, signIn } from '../lib/padu.mjs';

const NAME = 'Aplikasi Antrean Layanan Mal Pelayanan Publik';

describe('an operator enters an application and sees its computed gaps', () => {
  let browser;
  let page;
  const scriptErrors = [];

  before(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
    page.on('pageerror', (err) => scriptErrors.push(`${page.url()}: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  it('saves a draft after a refused bad year, submits it once complete, and finds its gaps', async () => {
    await signIn(page, 'operator.diskominfo', 'Padu#Demo2026');
    await followNav(page, 'Arsitektur SPBE');
    const list = new URL(page.url()).pathname;
    assert.match(list, /^\/instansi\/\d+\/arsitektur$/);
    await page.getByRole('link', { name: 'Tambah item', exact: true }).click();
    await page.waitForLoadState('load');

    // the domain decides the fields: Aplikasi asks for hosting, licence and the last audit
    await page.getByRole('combobox', { name: 'Domain', exact: true }).selectOption('aplikasi');
    await page.getByRole('button', { name: 'Ganti domain' }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByLabel('Audit keamanan terakhir'), 'the Aplikasi fields');

    // a year that is not a number: the form comes back with the message, nothing is saved
    await page.getByLabel('Nama', { exact: true }).fill(NAME);
    await page.getByLabel('Tahun', { exact: true }).fill('20x6');
    await page.getByLabel('Kode referensi', { exact: true }).fill('RAA.02');
    await page.getByLabel('Jenis *').selectOption('khusus');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByText('Terdapat masalah'), 'the error summary');
    await expectVisible(page.getByText('Tahun harus berupa angka, misalnya 2026').first(), 'the year message');
    assert.equal(await page.getByLabel('Nama', { exact: true }).inputValue(), NAME, 'what was typed is kept');

    await page.getByLabel('Tahun', { exact: true }).fill('2026');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.waitForLoadState('load');
    assert.match(new URL(page.url()).pathname, /^\/arsitektur\/item\/\d+$/);
    await expectVisible(page.getByText('Item arsitektur disimpan.'), 'the saved notice');
    await expectVisible(page.getByRole('heading', { name: NAME }), 'the item page');
    await expectVisible(page.getByText('Draf', { exact: true }).first(), 'a draft');
    const item = new URL(page.url()).pathname;

    // a draft may be incomplete, but it cannot be submitted so
    await page.getByRole('button', { name: 'Ajukan untuk verifikasi' }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByText('Terdapat masalah'), 'submitting an incomplete item is refused');
    await expectVisible(page.getByText('Wajib diisi sebelum item diajukan').first(), 'which fields');

    await page.goto(`${item}/ubah`);
    await page.getByLabel('Uraian *').fill('Antrean daring untuk loket Mal Pelayanan Publik (demo).');
    await page.getByLabel('Fungsi *').fill('Pengambilan nomor antrean dan pemanggilan loket');
    await page.getByLabel('Status operasional *').selectOption('operasional');
    await page.getByRole('button', { name: 'Simpan', exact: true }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Ajukan untuk verifikasi' }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByText('Item diajukan untuk verifikasi.'), 'the submitted notice');
    await expectVisible(page.getByText('Diajukan', { exact: true }).first(), 'now submitted');

    // the gaps are computed from the item and its links: no hosting, no control, no audit yet
    await page.goto(list);
    await page.getByRole('link', { name: 'Kesenjangan arsitektur' }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('heading', { name: 'Kesenjangan arsitektur', level: 1 }), 'the gaps page');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: NAME }) });
    await expectVisible(row, 'the new application among the gaps');
    for (const missing of ['Hosting/infrastruktur', 'Kontrol keamanan', 'Audit keamanan']) {
      await expectVisible(row.getByText(missing, { exact: true }), `it misses ${missing}`);
    }
    const region = page.getByRole('region', { name: 'Dinas Komunikasi dan Informatika' });
    await expectVisible(region.getByRole('link', { name: NAME }), 'listed under its own OPD');
    await screenshot(page, 'arsitektur-kesenjangan');
    await screenshot(page, 'arsitektur-kesenjangan-ponsel', PHONE);
    assert.deepEqual(scriptErrors, [], 'no script errors');
  });
});
