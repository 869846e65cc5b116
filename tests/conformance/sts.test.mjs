// STS through @aws-sdk/client-sts: caller identity, AssumeRole with ExternalId, and AssumeRoleWithWebIdentity end to end
// against the local OIDC issuer that run.sh starts (https://oidc.conformance.test, JWKS verified by the emulator).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand, CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateUserCommand, GetOpenIDConnectProviderCommand,
  IAMClient, ListRolesCommand, PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTokenFile, fromWebToken } from '@aws-sdk/credential-providers';
import { loadSigningKey, serviceAccountToken, strangerKey, mintJwt } from './oidc-issuer.mjs';
import { accountId, clientConfig, endpoint, policy, region, rejectsWith, unique } from './support.mjs';

const iam = new IAMClient(clientConfig());
const sts = new STSClient(clientConfig());
after(() => {
  iam.destroy();
  sts.destroy();
});

/** An STS client that must not sign: its credentials provider fails if the SDK ever asks for it. */
function unsignedSts() {
  return new STSClient(clientConfig({ credentials: async () => { throw new Error('AssumeRoleWithWebIdentity must not need credentials'); } }));
}

async function callerIdentity(credentials) {
  const client = new STSClient(clientConfig({ credentials }));
  try {
    return await client.send(new GetCallerIdentityCommand({}));
  } finally {
    client.destroy();
  }
}

/** A new IAM user with an access key; `permissions` (policy JSON) is attached inline when given. */
async function newUser(prefix, permissions) {
  const userName = unique(prefix);
  const user = (await iam.send(new CreateUserCommand({ UserName: userName }))).User;
  if (permissions) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'permissions', PolicyDocument: permissions }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
  return { user, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

describe('STS GetCallerIdentity', () => {
  test('the account root', async () => {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(identity.Account, accountId);
    assert.equal(identity.Arn, `arn:aws:iam::${accountId}:root`);
    assert.equal(identity.UserId, accountId);
  });

  test('an IAM user needs no permission to ask who it is', async () => {
    const { user, credentials } = await newUser('conf-sts-user');
    const identity = await callerIdentity(credentials);
    assert.equal(identity.Account, accountId);
    assert.equal(identity.Arn, user.Arn);
    assert.equal(identity.UserId, user.UserId);
  });
});

describe('STS AssumeRole', () => {
  const externalId = unique('external');
  let roleName;
  let roleArn;
  let roleId;
  let caller;

  before(async () => {
    roleName = unique('conf-assume');
    const role = (await iam.send(new CreateRoleCommand({
      RoleName: roleName,
      // Trusting the account delegates to the account's IAM policies; the ExternalId guards against the confused deputy.
      AssumeRolePolicyDocument: policy({
        Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      }),
    }))).Role;
    roleArn = role.Arn;
    roleId = role.RoleId;
    caller = await newUser('conf-assumer', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }));
  });

  test('with the right ExternalId returns working session credentials', async () => {
    const client = new STSClient(clientConfig({ credentials: caller.credentials }));
    try {
      const session = unique('session');
      const assumed = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: session, ExternalId: externalId }));
      assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`);
      assert.equal(assumed.AssumedRoleUser.AssumedRoleId, `${roleId}:${session}`);
      assert.match(assumed.Credentials.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
      assert.ok(assumed.Credentials.SecretAccessKey && assumed.Credentials.SessionToken);
      const lifetime = assumed.Credentials.Expiration.getTime() - Date.now();
      assert.ok(lifetime > 55 * 60_000 && lifetime <= 60 * 60_000 + 5_000, `default session lasts one hour, got ${lifetime} ms`);

      const sessionCredentials = {
        accessKeyId: assumed.Credentials.AccessKeyId,
        secretAccessKey: assumed.Credentials.SecretAccessKey,
        sessionToken: assumed.Credentials.SessionToken,
      };
      const identity = await callerIdentity(sessionCredentials);
      assert.equal(identity.Arn, assumed.AssumedRoleUser.Arn);
      assert.equal(identity.UserId, `${roleId}:${session}`);
      assert.equal(identity.Account, accountId);

      // The role has no permission policy: its session may do nothing else.
      const asRole = new IAMClient(clientConfig({ credentials: sessionCredentials }));
      try {
        const denied = await rejectsWith(asRole.send(new ListRolesCommand({})), 'AccessDenied', 403);
        assert.match(denied.message, new RegExp(`assumed-role/${roleName}/${session} is not authorized to perform: iam:ListRoles`));
      } finally {
        asRole.destroy();
      }

      // A session token that does not belong to the key is refused.
      await rejectsWith(callerIdentity({ ...sessionCredentials, sessionToken: 'forged' }), 'InvalidClientTokenId', 403);
    } finally {
      client.destroy();
    }
  });

  test('a wrong or missing ExternalId is AccessDenied', async () => {
    const client = new STSClient(clientConfig({ credentials: caller.credentials }));
    try {
      await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'wrong', ExternalId: 'not-the-one' })),
        'AccessDenied', 403);
      const denied = await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'missing' })), 'AccessDenied', 403);
      assert.match(denied.message, /is not authorized to perform: sts:AssumeRole on resource/);
    } finally {
      client.destroy();
    }
  });

  test('a user the trust policy admits but no identity policy allows is AccessDenied', async () => {
    const stranger = await newUser('conf-no-assume');
    const client = new STSClient(clientConfig({ credentials: stranger.credentials }));
    try {
      await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'stranger', ExternalId: externalId })), 'AccessDenied', 403);
    } finally {
      client.destroy();
    }
  });

  test('DurationSeconds above the role MaxSessionDuration is a ValidationError', async () => {
    const client = new STSClient(clientConfig({ credentials: caller.credentials }));
    try {
      await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'long', ExternalId: externalId, DurationSeconds: 7200 })),
        'ValidationError', 400);
    } finally {
      client.destroy();
    }
  });

  test('the account root may not assume roles, and unknown roles are AccessDenied', async () => {
    await rejectsWith(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'root', ExternalId: externalId })), 'AccessDenied', 403);
    const client = new STSClient(clientConfig({ credentials: caller.credentials }));
    try {
      await rejectsWith(client.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${unique('nope')}`, RoleSessionName: 'nobody' })),
        'AccessDenied', 403);
    } finally {
      client.destroy();
    }
  });
});

describe('STS AssumeRoleWithWebIdentity', () => {
  const issuerUrl = process.env.OIDC_ISSUER_URL ?? 'https://oidc.conformance.test';
  const issuerHost = new URL(issuerUrl).host;
  const providerArn = `arn:aws:iam::${accountId}:oidc-provider/${issuerHost}`;
  const subject = `system:serviceaccount:conformance:${unique('app')}`;
  let signingKey;
  let roleName;
  let roleArn;

  before(async () => {
    signingKey = loadSigningKey();
    assert.equal(signingKey.issuer, issuerUrl);
    try {
      const thumbprints = process.env.OIDC_CA_THUMBPRINT ? [process.env.OIDC_CA_THUMBPRINT] : undefined;
      const created = await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuerUrl, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: thumbprints }));
      assert.equal(created.OpenIDConnectProviderArn, providerArn);
    } catch (error) {
      // Another run against the same emulator registered it already; it must then trust sts.amazonaws.com.
      if (error.name !== 'EntityAlreadyExistsException') throw error;
      const existing = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
      assert.ok(existing.ClientIDList.includes('sts.amazonaws.com'));
    }
    roleName = unique('conf-irsa');
    roleArn = (await iam.send(new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: policy({
        Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${issuerHost}:sub`]: subject, [`${issuerHost}:aud`]: 'sts.amazonaws.com' } },
      }),
    }))).Role.Arn;
  });

  const token = (options = {}) => serviceAccountToken(signingKey, { sub: subject, ...options });

  async function assumeWith(webIdentityToken, session = 'conformance') {
    const client = unsignedSts();
    try {
      return await client.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: roleArn, RoleSessionName: session, WebIdentityToken: webIdentityToken }));
    } finally {
      client.destroy();
    }
  }

  test('a token from the registered issuer yields the role session', async () => {
    const session = unique('pod');
    const result = await assumeWith(token(), session);
    assert.equal(result.$metadata.httpStatusCode, 200);
    assert.equal(result.SubjectFromWebIdentityToken, subject);
    assert.equal(result.Audience, 'sts.amazonaws.com');
    // For an OIDC provider AWS reports the provider's ARN.
    assert.equal(result.Provider, providerArn);
    assert.equal(result.AssumedRoleUser.Arn, `arn:aws:sts::${accountId}:assumed-role/${roleName}/${session}`);
    assert.match(result.AssumedRoleUser.AssumedRoleId, new RegExp(`^AROA[A-Z0-9]{17}:${session}$`));
    assert.match(result.Credentials.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);

    const identity = await callerIdentity({
      accessKeyId: result.Credentials.AccessKeyId,
      secretAccessKey: result.Credentials.SecretAccessKey,
      sessionToken: result.Credentials.SessionToken,
    });
    assert.equal(identity.Arn, result.AssumedRoleUser.Arn);
    assert.equal(identity.UserId, result.AssumedRoleUser.AssumedRoleId);
  });

  test('fromWebToken and fromTokenFile credential providers work against the emulator', async () => {
    const viaToken = fromWebToken({
      roleArn, webIdentityToken: token(), roleSessionName: 'from-web-token', clientConfig: { endpoint, region },
    });
    assert.equal((await callerIdentity(viaToken)).Arn, `arn:aws:sts::${accountId}:assumed-role/${roleName}/from-web-token`);

    // As a pod sees it: a projected token file (AWS_WEB_IDENTITY_TOKEN_FILE) and the role ARN.
    const dir = mkdtempSync(join(tmpdir(), 'conformance-token-'));
    try {
      const file = join(dir, 'token');
      writeFileSync(file, token());
      const viaFile = fromTokenFile({ webIdentityTokenFile: file, roleArn, roleSessionName: 'from-token-file', clientConfig: { endpoint, region } });
      assert.equal((await callerIdentity(viaFile)).Arn, `arn:aws:sts::${accountId}:assumed-role/${roleName}/from-token-file`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an audience the provider does not list is InvalidIdentityToken', async () => {
    const error = await rejectsWith(assumeWith(token({ aud: 'not-a-registered-client' })), 'InvalidIdentityTokenException', 400);
    assert.match(error.message, /audience/i);
  });

  test('an expired token is ExpiredTokenException', async () => {
    const now = Math.floor(Date.now() / 1000);
    await rejectsWith(assumeWith(token({ overrides: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 } })), 'ExpiredTokenException', 400);
  });

  test('a tampered or foreign signature is InvalidIdentityToken', async () => {
    // Same header and signature, payload changed after signing (another subject).
    const [head, , signature] = token().split('.');
    const forgedBody = Buffer.from(JSON.stringify({
      iss: issuerUrl, sub: subject.replace('conformance', 'kube-system'), aud: 'sts.amazonaws.com',
      iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600,
    })).toString('base64url');
    await rejectsWith(assumeWith(`${head}.${forgedBody}.${signature}`), 'InvalidIdentityTokenException', 400);

    // Signed by a key the issuer's JWKS does not hold, once under the issuer's kid and once under an unknown kid.
    const stranger = strangerKey();
    const claims = JSON.parse(Buffer.from(token().split('.')[1], 'base64url').toString());
    await rejectsWith(assumeWith(mintJwt(claims, { privateKeyPem: stranger.privateKeyPem, kid: signingKey.kid })), 'InvalidIdentityTokenException', 400);
    await rejectsWith(assumeWith(mintJwt(claims, stranger)), 'InvalidIdentityTokenException', 400);
    // Not a JWT at all.
    await rejectsWith(assumeWith('not-a-jwt-at-all'), 'InvalidIdentityTokenException', 400);
  });

  test('a subject the trust policy does not name is AccessDenied', async () => {
    const error = await rejectsWith(assumeWith(token({ sub: 'system:serviceaccount:default:intruder' })), 'AccessDenied', 403);
    assert.match(error.message, /sts:AssumeRoleWithWebIdentity/);
  });

  test('a token from an issuer no provider is registered for is InvalidIdentityToken', async () => {
    const unregistered = `https://${unique('unregistered')}.conformance.test`;
    const error = await rejectsWith(assumeWith(token({ overrides: { iss: unregistered } })), 'InvalidIdentityTokenException', 400);
    assert.match(error.message, /No OpenIDConnect provider found/);
  });
});
