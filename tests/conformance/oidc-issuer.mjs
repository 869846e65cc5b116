// A tiny OpenID Connect issuer for the web-identity conformance tests.
//
// Run as a program it serves, over HTTPS, `/.well-known/openid-configuration` and the JWKS at `/keys` for an RSA key it
// generates at start, listens on 127.0.0.1 (port 0 by default), prints `OIDC issuer listening on 127.0.0.1:<port>` and
// writes its private signing key (PEM) and kid to a JSON file so test processes can mint tokens the emulator must
// accept. Imported as a module it exports the token minting helpers; nothing starts.
//
//   node oidc-issuer.mjs --issuer https://oidc.conformance.test --cert server.pem --key server.key \
//        --signing-key-out signing-key.json [--port 0]
import { KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const base64url = (buffer) => Buffer.from(buffer).toString('base64url');

/** Public JWK of an RSA key (KeyObject or PEM) with its RFC 7638 thumbprint as kid. */
export function publicJwk(publicKey) {
  const key = publicKey instanceof KeyObject ? publicKey : createPublicKey(publicKey);
  const { n, e } = key.export({ format: 'jwk' });
  // RFC 7638: the thumbprint hashes the required members in lexicographic order, no whitespace.
  const kid = base64url(createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest());
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e };
}

/**
 * Signs `claims` as an RS256 JWT with `privateKeyPem`, the header naming `kid`.
 * `header` overrides header members (e.g. a different alg or kid to test rejection).
 */
export function mintJwt(claims, { privateKeyPem, kid, header = {} }) {
  const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid, ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), createPrivateKey(privateKeyPem));
  return `${head}.${body}.${base64url(signature)}`;
}

/** The issuer's signing key as written by the running issuer: `{ issuer, kid, privateKeyPem }`. */
export function loadSigningKey(file = process.env.OIDC_SIGNING_KEY_FILE) {
  if (!file) throw new Error('OIDC_SIGNING_KEY_FILE is not set: run the suite through tests/conformance/run.sh.');
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * A token as a Kubernetes service-account token looks: iss/sub/aud/iat/nbf/exp, valid for `lifetimeSeconds` from now.
 * `overrides` replace or add claims (set a claim to undefined to drop it).
 */
export function serviceAccountToken(signingKey, { sub, aud = 'sts.amazonaws.com', lifetimeSeconds = 600, overrides = {} } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: signingKey.issuer, sub, aud, iat: now, nbf: now, exp: now + lifetimeSeconds, ...overrides };
  for (const [name, value] of Object.entries(claims)) if (value === undefined) delete claims[name];
  return mintJwt(claims, signingKey);
}

/** A fresh RSA key pair (PEM) for tokens the issuer's JWKS does not vouch for. */
export function strangerKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }), kid: publicJwk(publicKey).kid };
}

function serve({ issuer, cert, key, port, signingKeyOut }) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicJwk(publicKey);
  writeFileSync(signingKeyOut, JSON.stringify({
    issuer,
    kid: jwk.kid,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  }), { mode: 0o600 });

  const documents = {
    '/.well-known/openid-configuration': {
      issuer,
      jwks_uri: `${issuer}/keys`,
      authorization_endpoint: 'urn:kubernetes:programmatic_authorization',
      response_types_supported: ['id_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claims_supported: ['sub', 'iss'],
    },
    '/keys': { keys: [jwk] },
  };

  const server = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (request, response) => {
    const path = new URL(request.url, issuer).pathname;
    const document = request.method === 'GET' ? documents[path] : undefined;
    if (!document) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document));
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`OIDC issuer listening on 127.0.0.1:${server.address().port}`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // the emulator's HTTP client keeps connections alive
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      issuer: { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      port: { type: 'string', default: '0' },
      'signing-key-out': { type: 'string' },
    },
  });
  for (const required of ['issuer', 'cert', 'key', 'signing-key-out']) {
    if (!values[required]) {
      console.error(`oidc-issuer: --${required} is required`);
      process.exit(2);
    }
  }
  serve({ issuer: values.issuer, cert: values.cert, key: values.key, port: Number(values.port), signingKeyOut: values['signing-key-out'] });
}
