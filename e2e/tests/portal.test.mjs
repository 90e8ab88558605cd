// A resident opens the public services portal of Kabupaten Trenggalek on a phone, signed out:
// the published services grouped by category, a search that narrows the list (on the server,
// no script), one service's Standar Pelayanan opened and readable, no horizontal scrolling,
// and no cookie set.
//
// Runs against `padu serve --demo` (see e2e/run).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { baseURL, expectVisible, launchBrowser, screenshot } from '../lib/padu.mjs';

const PORTAL_PHONE = { width: 390, height: 844 };

async function noHorizontalScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what}: the page is ${scroll}px wide on a ${client}px screen`);
}

describe('the public services portal on a phone', () => {
  let browser;
  let context;
  let page;
  const scriptErrors = [];

  before(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({
      baseURL,
      viewport: PORTAL_PHONE,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('pageerror', (err) => scriptErrors.push(`${page.url()}: ${err.message}`));
  });

  after(async () => {
    await browser?.close();
  });

  it('lists, searches and shows a service standard without signing in', async () => {
    await page.goto('/portal/kabupaten-trenggalek');
    await expectVisible(page.getByRole('heading', { name: 'Portal layanan digital', level: 1 }), 'the portal');
    await expectVisible(page.getByText('Data demo').first(), 'the demo mark');
    await expectVisible(
      page.getByRole('heading', { name: /Kependudukan dan pencatatan sipil/, level: 2 }),
      'a category by its Indonesian name',
    );
    const cards = page.locator('article.portal-card');
    const all = await cards.count();
    assert.ok(all >= 2, `several published services, got ${all}`);
    await noHorizontalScroll(page, 'the list');
    await screenshot(page, 'portal-ponsel', PORTAL_PHONE);

    await page.getByLabel('Cari layanan', { exact: true }).fill('akta');
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('q') === 'akta'),
      page.getByRole('button', { name: 'Cari', exact: true }).click(),
    ]);
    const found = await cards.count();
    assert.ok(found >= 1 && found < all, `the search narrows ${all} to ${found}`);
    const akta = cards.filter({ hasText: 'Penerbitan akta kelahiran' });
    await expectVisible(akta, 'the matching service');

    await akta.locator('summary', { hasText: 'Standar pelayanan' }).click();
    const product = akta.getByText('Akta kelahiran elektronik');
    await expectVisible(product, 'its product, one of the six components');
    await expectVisible(akta.getByText('Surat keterangan lahir', { exact: false }), 'its requirements');
    const box = await product.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= PORTAL_PHONE.width + 1, 'readable within the screen');
    await noHorizontalScroll(page, 'the opened standard');
    await screenshot(page, 'portal-ponsel-standar', PORTAL_PHONE);

    await akta.getByRole('link', { name: 'Penerbitan akta kelahiran' }).click();
    await page.waitForLoadState('load');
    await expectVisible(page.getByRole('heading', { name: 'Standar pelayanan', level: 2 }), 'the service page');
    await noHorizontalScroll(page, 'the service page');

    assert.deepEqual(await context.cookies(), [], 'no cookie set');
    assert.deepEqual(scriptErrors, [], 'no script errors');
  });
});
