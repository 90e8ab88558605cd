// An operator browses the reference models: the navigation entry, the RAB tree with its source
// note, a level opened in place (htmx loads the children), a node's own page with its path, and
// the search; then the same tree on a phone.
//
// Runs against `padu serve --demo` (see e2e/run).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { PHONE, expectVisible, followNav, launchBrowser, newPage, screenshot, signIn } from '../lib/padu.mjs';

describe('an operator browses the reference models of the Arsitektur SPBE', () => {
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

  it('opens the RAB tree from the navigation, a level in place, a node and a search', async () => {
    await signIn(page, 'operator.diskominfo', 'Padu#Demo2026');
    await followNav(page, 'Model Referensi');
    assert.equal(new URL(page.url()).pathname, '/model-referensi');
    await expectVisible(page.getByRole('heading', { name: 'Model Referensi Arsitektur SPBE', level: 1 }), 'the list');
    await page.getByRole('link', { name: 'Referensi Arsitektur Bisnis' }).click();
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, '/model-referensi/RAB');
    await expectVisible(page.getByText('hilal1709/SPBE-DISKOMINFO').first(), 'the source note');

    // opening a level asks for its children (htmx) and shows them in place
    const sector = page.locator('summary', { hasText: 'RAB.09' });
    await sector.click();
    await expectVisible(page.getByText('Kesekretariatan Negara').first(), 'RAB.09.07 loaded in place');
    assert.equal(new URL(page.url()).pathname, '/model-referensi/RAB', 'still on the tree');
    await page.locator('summary', { hasText: 'RAB.09.03' }).click();
    await expectVisible(page.getByText('Manajemen Keamanan Informasi').first(), 'a level-3 node');
    await screenshot(page, 'model-referensi-pohon');

    await page.getByRole('link', { name: /Manajemen Keamanan Informasi/ }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('heading', { name: /RAB\.09\.03\.08/, level: 2 }), 'the node page');
    await expectVisible(page.getByRole('link', { name: 'RAB.09.03 Informasi' }), 'its path');

    await page.getByLabel('Cari menurut kode atau nama').fill('pangan');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('link', { name: 'RAB.02.03.19' }), 'a match of the search');

    await page.goto('/model-referensi/RAD');
    await screenshot(page, 'model-referensi-ponsel', PHONE);
    assert.deepEqual(scriptErrors, [], 'no script errors');
  });
});
