// Single sign-on against a real OpenID Connect provider (panva's oidc-provider, started by
// e2e/run on loopback, see e2e/lib/oidc-provider.mjs): the sign-in page offers "Masuk dengan
// ...", the provider signs the demo admin of Kabupaten Trenggalek in, and Padu opens their
// Beranda. Then what must be refused is: replaying the provider's callback, a person the
// provider knows but Padu does not, and a code the provider issued to another client (so its
// tokens are not addressed to Padu).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ACCOUNTS, OTHER_CLIENT } from '../lib/oidc-provider.mjs';
import { expectVisible, launchBrowser, newPage, screenshot } from '../lib/padu.mjs';

const ISSUER = process.env.PADU_OIDC_ISSUER;
const BUTTON = 'Masuk dengan SSO Pemkab Trenggalek';

/** Signs in as `login` on the provider's own pages (any password) and consents. */
async function signInAtProvider(page, login) {
  await page.waitForURL((url) => url.href.startsWith(ISSUER));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('sandi-apa-saja');
  await page.locator('button[type="submit"]').click();
  // the consent prompt, then back to Padu
  await page.waitForURL((url) => !url.href.startsWith(ISSUER) || /interaction/.test(url.pathname));
  if (page.url().startsWith(ISSUER)) {
    await page.locator('button[type="submit"]').click();
  }
  await page.waitForURL((url) => !url.href.startsWith(ISSUER));
}

describe('single sign-on through the OpenID Connect provider', { skip: !ISSUER && 'no provider' }, () => {
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('signs the demo admin in at the provider and opens their Beranda; a replayed callback is refused', async () => {
    const page = await newPage(browser);
    await page.goto('/masuk');
    const button = page.getByRole('link', { name: BUTTON, exact: true });
    await expectVisible(button, `the "${BUTTON}" button`);
    await screenshot(page, 'sso-01-login');
    await button.click();
    let callback;
    page.on('request', (r) => {
      if (r.url().includes('/masuk/sso/kembali')) callback = r.url();
    });
    await signInAtProvider(page, 'admin.trenggalek');
    assert.equal(new URL(page.url()).pathname, '/', 'after SSO the Beranda is shown');
    await expectVisible(page.getByRole('button', { name: 'Keluar', exact: true }), 'the "Keluar" button');
    const heading = await page.getByRole('heading', { level: 1 }).first().textContent();
    assert.match(heading, /Tim SPBE Diskominfo/, 'the Beranda greets the mapped demo user');
    await screenshot(page, 'sso-02-beranda');

    // the audit log says how they came in
    await page.goto('/audit');
    await expectVisible(page.getByText('Masuk lewat SSO').first(), 'the audit record "Masuk lewat SSO"');

    // the same callback again (state used up): a plain refusal, no new session
    assert.ok(callback, 'the provider sent the browser back to Padu');
    const replay = await page.goto(callback);
    assert.equal(replay.status(), 400);
    await expectVisible(page.getByText(/tidak dikenal, sudah dipakai atau kedaluwarsa/), 'the replay refusal');
    // and in a browser that never started the sign-in
    const stranger = await newPage(browser);
    const other = await stranger.goto(callback);
    assert.equal(other.status(), 400);
    assert.equal(
      (await stranger.context().cookies()).filter((c) => c.name === 'padu_sesi' && c.value).length,
      0,
      'no session for the replayed callback',
    );
    await stranger.context().close();
    await page.context().close();
  });

  it('refuses a person the provider knows but Padu does not, in plain Indonesian', async () => {
    assert.ok(ACCOUNTS['tamu.dinas']);
    const page = await newPage(browser);
    await page.goto('/masuk');
    await page.getByRole('link', { name: BUTTON, exact: true }).click();
    await signInAtProvider(page, 'tamu.dinas');
    await expectVisible(
      page.getByText(/Akun "tamu.dinas" tidak terdaftar di Padu/),
      'the refusal of an unknown user',
    );
    assert.equal(new URL(page.url()).pathname, '/masuk/sso/kembali');
    await screenshot(page, 'sso-03-unknown-user');
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/masuk', 'not signed in');
    await page.context().close();
  });

  it('refuses a code issued to another client of the provider (tokens not addressed to Padu)', async () => {
    const page = await newPage(browser);
    await page.goto('/masuk');
    // Padu's authorization request, sent on behalf of another client of the same provider
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().startsWith(`${ISSUER}/auth`)),
      page.getByRole('link', { name: BUTTON, exact: true }).click(),
    ]);
    const swapped = new URL(request.url());
    swapped.searchParams.set('client_id', OTHER_CLIENT.id);
    await page.goto(swapped.href);
    await signInAtProvider(page, 'admin.trenggalek');
    assert.equal(new URL(page.url()).pathname, '/masuk/sso/kembali');
    await expectVisible(page.getByText(/Penyedia identitas menolak permintaan masuk/), 'the refusal');
    await screenshot(page, 'sso-04-other-client');
    await page.goto('/');
    assert.equal(new URL(page.url()).pathname, '/masuk', 'not signed in');
    await page.context().close();
  });
});
