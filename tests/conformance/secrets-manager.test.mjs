// Secrets Manager through @aws-sdk/client-secrets-manager: versions and stages, lookup by name and ARN, listing,
// deletion with recovery, tags, resource policies and GetRandomPassword.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateSecretCommand, DeleteResourcePolicyCommand, DeleteSecretCommand, DescribeSecretCommand, GetRandomPasswordCommand,
  GetResourcePolicyCommand, GetSecretValueCommand, ListSecretsCommand, PutResourcePolicyCommand, PutSecretValueCommand,
  RestoreSecretCommand, SecretsManagerClient, TagResourceCommand, UntagResourceCommand, UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { accountId, clientConfig, policy, region, rejectsWith, unique } from './support.mjs';

const sm = new SecretsManagerClient(clientConfig());
after(() => sm.destroy());

const arnPattern = (name) => new RegExp(`^arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-[A-Za-z0-9]{6}$`);

describe('Secrets Manager values and versions', () => {
  test('create, then get by name, full ARN and partial ARN', async () => {
    const name = unique('conf/db');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{"password":"hunter2"}', Description: 'db' }));
    assert.equal(created.Name, name);
    assert.match(created.ARN, arnPattern(name));
    assert.ok(created.VersionId);

    for (const id of [name, created.ARN, created.ARN.slice(0, -7)]) {
      const got = await sm.send(new GetSecretValueCommand({ SecretId: id }));
      assert.equal(got.ARN, created.ARN, `lookup by ${id}`);
      assert.equal(got.Name, name);
      assert.equal(got.SecretString, '{"password":"hunter2"}');
      assert.equal(got.VersionId, created.VersionId);
      assert.deepEqual(got.VersionStages, ['AWSCURRENT']);
      assert.ok(got.CreatedDate instanceof Date);
    }
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'again' })), 'ResourceExistsException', 400);
  });

  test('PutSecretValue moves AWSCURRENT and AWSPREVIOUS', async () => {
    const name = unique('conf-rotate');
    const v1 = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }))).VersionId;
    const put = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
    const v2 = put.VersionId;
    assert.notEqual(v2, v1);

    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'two');
    const previous = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
    assert.equal(previous.SecretString, 'one');
    assert.equal(previous.VersionId, v1);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v1 }))).SecretString, 'one');
    let described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    assert.deepEqual(described.VersionIdsToStages, { [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT'] });

    // A binary value, with an explicit version id; repeating the same request is idempotent.
    const token = randomUUID();
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const v3 = (await sm.send(new PutSecretValueCommand({ SecretId: name, SecretBinary: bytes, ClientRequestToken: token }))).VersionId;
    assert.equal(v3, token);
    assert.equal((await sm.send(new PutSecretValueCommand({ SecretId: name, SecretBinary: bytes, ClientRequestToken: token }))).VersionId, token);
    // The same version id with different content is refused.
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'other', ClientRequestToken: token })),
      'ResourceExistsException', 400);
    const current = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    assert.deepEqual([...current.SecretBinary], [...bytes]);
    assert.equal(current.SecretString, undefined);
    described = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    // v1 lost its last label: only labelled versions are reported.
    assert.deepEqual(described.VersionIdsToStages, { [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });

    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPENDING' })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: randomUUID() })), 'ResourceNotFoundException', 400);
  });

  test('UpdateSecret changes the description and, with a value, makes a new current version', async () => {
    const name = unique('conf-update');
    const created = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'described' }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: created.ARN }));
    assert.equal(described.Description, 'described');
    assert.equal(described.ARN, created.ARN);
    assert.equal(described.Name, name);
    const updated = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'b' }));
    assert.notEqual(updated.VersionId, created.VersionId);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'b');
  });

  test('unknown secrets are ResourceNotFoundException', async () => {
    const name = unique('conf-missing');
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'x' })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
  });
});

describe('Secrets Manager listing', () => {
  test('ListSecrets filters by name prefix and tag key and pages with NextToken', async () => {
    const prefix = unique('conf-list');
    const names = [`${prefix}/a`, `${prefix}/b`, `${prefix}/c`];
    for (const Name of names) {
      await sm.send(new CreateSecretCommand({ Name, SecretString: Name, Tags: [{ Key: prefix, Value: 'yes' }] }));
    }
    const first = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2 }));
    assert.equal(first.SecretList.length, 2);
    assert.ok(first.NextToken, 'a partial page carries a NextToken');
    const second = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], MaxResults: 2, NextToken: first.NextToken }));
    assert.equal(second.SecretList.length, 1);
    assert.equal(second.NextToken, undefined);
    assert.deepEqual([...first.SecretList, ...second.SecretList].map((s) => s.Name).sort(), names);
    assert.ok(first.SecretList.every((s) => arnPattern(s.Name).test(s.ARN)));

    const byTag = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'tag-key', Values: [prefix] }] }));
    assert.deepEqual(byTag.SecretList.map((s) => s.Name).sort(), names);

    // Secrets scheduled for deletion are left out unless asked for.
    await sm.send(new DeleteSecretCommand({ SecretId: names[0], RecoveryWindowInDays: 7 }));
    const live = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }] }));
    assert.deepEqual(live.SecretList.map((s) => s.Name).sort(), names.slice(1));
    const all = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [prefix] }], IncludePlannedDeletion: true }));
    assert.equal(all.SecretList.length, 3);
    assert.ok(all.SecretList.find((s) => s.Name === names[0]).DeletedDate instanceof Date);
  });
});

describe('Secrets Manager deletion', () => {
  test('delete with a recovery window, refuse use, restore', async () => {
    const name = unique('conf-recover');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'keep me' }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    assert.equal(deleted.Name, name);
    const days = (deleted.DeletionDate.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days < 7.1, `deletion in 7 days, got ${days}`);

    // Marked for deletion: reading, writing and re-creating are InvalidRequestException.
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name })), 'InvalidRequestException', 400);
    await rejectsWith(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'x' })), 'InvalidRequestException', 400);
    await rejectsWith(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })), 'InvalidRequestException', 400);
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate instanceof Date);

    const restored = await sm.send(new RestoreSecretCommand({ SecretId: name }));
    assert.equal(restored.Name, name);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'keep me');
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate, undefined);
  });

  test('the default recovery window is 30 days', async () => {
    const name = unique('conf-default-window');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: name }));
    const days = (deleted.DeletionDate.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days < 30.1, `deletion in 30 days, got ${days}`);
  });

  test('force delete removes the secret at once; the name is free again', async () => {
    const name = unique('conf-force');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'gone' }));
    await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    await rejectsWith(sm.send(new GetSecretValueCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new DescribeSecretCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
    await rejectsWith(sm.send(new RestoreSecretCommand({ SecretId: name })), 'ResourceNotFoundException', 400);
    const again = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'new' }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: again.ARN }))).SecretString, 'new');
  });

  test('invalid deletion parameters are InvalidParameterException', async () => {
    const name = unique('conf-bad-delete');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })),
      'InvalidParameterException', 400);
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 3 })), 'InvalidParameterException', 400);
    await rejectsWith(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 31 })), 'InvalidParameterException', 400);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'x');
  });
});

describe('Secrets Manager tags and resource policies', () => {
  test('tag and untag', async () => {
    const name = unique('conf-tags');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', Tags: [{ Key: 'team', Value: 'platform' }] }));
    await sm.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'env', Value: 'test' }, { Key: 'team', Value: 'infra' }] }));
    let tags = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['env=test', 'team=infra']);
    await sm.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['team'] }));
    tags = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags;
    assert.deepEqual(tags, [{ Key: 'env', Value: 'test' }]);
  });

  test('put, get and delete a resource policy; a public one is refused when blocked', async () => {
    const name = unique('conf-policy');
    const { ARN } = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    const document = policy({
      Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'secretsmanager:GetSecretValue', Resource: '*',
    });
    const put = await sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: document }));
    assert.equal(put.ARN, ARN);
    const got = await sm.send(new GetResourcePolicyCommand({ SecretId: name }));
    assert.equal(got.Name, name);
    assert.deepEqual(JSON.parse(got.ResourcePolicy), JSON.parse(document));

    const publicDocument = policy({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await rejectsWith(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: publicDocument, BlockPublicPolicy: true })),
      'PublicPolicyException', 400);
    await rejectsWith(sm.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: '{"Statement":' })),
      'MalformedPolicyDocumentException', 400);

    await sm.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    assert.equal((await sm.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy, undefined);
  });

  test('a resource policy naming a user grants it access no identity policy gives', async () => {
    const iam = new IAMClient(clientConfig());
    const userName = unique('conf-sm-reader');
    const user = (await iam.send(new CreateUserCommand({ UserName: userName }))).User;
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    iam.destroy();
    const asUser = new SecretsManagerClient(clientConfig({ credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } }));
    try {
      const name = unique('conf-shared');
      await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'shared' }));
      await rejectsWith(asUser.send(new GetSecretValueCommand({ SecretId: name })), 'AccessDeniedException');
      await sm.send(new PutResourcePolicyCommand({
        SecretId: name,
        ResourcePolicy: policy({ Effect: 'Allow', Principal: { AWS: user.Arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
      }));
      assert.equal((await asUser.send(new GetSecretValueCommand({ SecretId: name }))).SecretString, 'shared');
      // Only the granted action.
      await rejectsWith(asUser.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'mine' })), 'AccessDeniedException');
    } finally {
      asUser.destroy();
    }
  });
});

describe('Secrets Manager GetRandomPassword', () => {
  test('defaults: 32 characters of every class', async () => {
    const { RandomPassword } = await sm.send(new GetRandomPasswordCommand({}));
    assert.equal(RandomPassword.length, 32);
    assert.match(RandomPassword, /[a-z]/);
    assert.match(RandomPassword, /[A-Z]/);
    assert.match(RandomPassword, /[0-9]/);
    assert.match(RandomPassword, /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/);
    assert.doesNotMatch(RandomPassword, / /);
  });

  test('length, exclusions and spaces are honoured', async () => {
    const alnum = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 20, ExcludePunctuation: true }))).RandomPassword;
    assert.match(alnum, /^[A-Za-z0-9]{20}$/);
    const digits = (await sm.send(new GetRandomPasswordCommand({
      PasswordLength: 64, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true, ExcludeCharacters: '0123',
    }))).RandomPassword;
    assert.match(digits, /^[4-9]{64}$/);
    const spaced = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 1000, IncludeSpace: true, RequireEachIncludedType: true })))
      .RandomPassword;
    assert.equal(spaced.length, 1000);
    assert.match(spaced, / /);
    // Above the model's 4096 maximum: a constraint violation, ValidationException.
    await rejectsWith(sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })), 'ValidationException', 400);
  });
});
