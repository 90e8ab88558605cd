// A real OpenID Connect provider for the browser tests: panva's certified `oidc-provider`
// on a loopback port, with Padu as its client and an in-memory account directory. Its own
// development sign-in pages ask for a login (any password is accepted); the account's
// `preferred_username` is the login.
//
//   node e2e/lib/oidc-provider.mjs      (started by e2e/run)
//
// Environment: OIDC_PORT (the port to listen on), PADU_URL (Padu's base URL, for the redirect
// URI). Prints "oidc-provider ready at ISSUER" once it listens.

import Provider from 'oidc-provider';

/** Padu's client at the provider, and a second, unrelated client of the same provider. */
export const PADU_CLIENT = { id: 'padu', secret: 'rahasia-klien-padu-uji' };
export const OTHER_CLIENT = { id: 'aplikasi-lain', secret: 'rahasia-aplikasi-lain' };

/** The provider's accounts: the demo's Trenggalek admin, and someone Padu does not know. */
export const ACCOUNTS = {
  'admin.trenggalek': { name: 'Admin Kabupaten Trenggalek', email: 'admin@trenggalekkab.go.id' },
  'tamu.dinas': { name: 'Tamu Dinas Luar', email: 'tamu@contoh.go.id' },
};

export function startProvider({ port, paduURL }) {
  const issuer = `http://127.0.0.1:${port}`;
  const redirect = `${paduURL.replace(/\/+$/, '')}/masuk/sso/kembali`;
  const client = ({ id, secret }) => ({
    client_id: id,
    client_secret: secret,
    redirect_uris: [redirect],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [client(PADU_CLIENT), client(OTHER_CLIENT)],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    async findAccount(_ctx, id) {
      const known = ACCOUNTS[id] ?? { name: id, email: `${id}@contoh.go.id` };
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            preferred_username: id,
            name: known.name,
            email: known.email,
            email_verified: true,
          };
        },
      };
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['kunci-cookie-penyedia-uji'] },
  });
  // quiet: the provider's own development warnings are not test output
  provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));
  return new Promise((resolve) => {
    const server = provider.listen(port, '127.0.0.1', () => resolve({ issuer, server }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.OIDC_PORT);
  const paduURL = process.env.PADU_URL;
  if (!port || !paduURL) {
    console.error('OIDC_PORT and PADU_URL are required');
    process.exit(2);
  }
  const { issuer } = await startProvider({ port, paduURL });
  console.log(`oidc-provider ready at ${issuer}`);
}
