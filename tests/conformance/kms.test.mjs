// KMS through @aws-sdk/client-kms: keys and aliases, encryption with context, data keys, key states, key policies.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand,
  DisableKeyCommand, EnableKeyCommand, EnableKeyRotationCommand, EncryptCommand, GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient,
  ListAliasesCommand, ListKeysCommand, ListResourceTagsCommand, ReEncryptCommand, ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { accountId, clientConfig, policy, region, rejectsWith, unique } from './support.mjs';

const kms = new KMSClient(clientConfig());
after(() => kms.destroy());

const text = (s) => new TextEncoder().encode(s);
const decode = (bytes) => new TextDecoder().decode(bytes);

async function newKey(description = 'conformance') {
  return (await kms.send(new CreateKeyCommand({ Description: description }))).KeyMetadata;
}

describe('KMS keys and aliases', () => {
  test('create a key, describe it, list it, tag it', async () => {
    const created = (await kms.send(new CreateKeyCommand({ Description: 'conformance key', Tags: [{ TagKey: 'team', TagValue: 'platform' }] })))
      .KeyMetadata;
    assert.match(created.KeyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(created.Arn, `arn:aws:kms:${region}:${accountId}:key/${created.KeyId}`);
    assert.equal(created.AWSAccountId, accountId);
    assert.equal(created.KeyState, 'Enabled');
    assert.equal(created.Enabled, true);
    assert.equal(created.KeyUsage, 'ENCRYPT_DECRYPT');
    assert.equal(created.KeySpec, 'SYMMETRIC_DEFAULT');
    assert.equal(created.KeyManager, 'CUSTOMER');
    assert.equal(created.Origin, 'AWS_KMS');
    assert.deepEqual(created.EncryptionAlgorithms, ['SYMMETRIC_DEFAULT']);
    assert.equal(created.Description, 'conformance key');

    const described = (await kms.send(new DescribeKeyCommand({ KeyId: created.Arn }))).KeyMetadata;
    assert.equal(described.KeyId, created.KeyId);
    assert.ok((await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys.some((k) => k.KeyId === created.KeyId && k.KeyArn === created.Arn));
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: created.KeyId }))).Tags, [{ TagKey: 'team', TagValue: 'platform' }]);
  });

  test('the default key policy lets the account administer the key through IAM', async () => {
    const key = await newKey();
    const document = JSON.parse((await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy);
    const statements = [document.Statement].flat();
    assert.ok(statements.some((s) => s.Effect === 'Allow' && s.Action === 'kms:*' && s.Resource === '*'
      && [s.Principal?.AWS].flat().includes(`arn:aws:iam::${accountId}:root`)), JSON.stringify(document));
  });

  test('aliases resolve to their key; duplicates and unknown names are refused', async () => {
    const key = await newKey();
    const alias = `alias/${unique('conf')}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: alias }))).KeyMetadata.KeyId, key.KeyId);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: `arn:aws:kms:${region}:${accountId}:${alias}` }))).KeyMetadata.KeyId, key.KeyId);
    const aliases = (await kms.send(new ListAliasesCommand({ KeyId: key.KeyId }))).Aliases;
    assert.deepEqual(aliases.map((a) => [a.AliasName, a.AliasArn, a.TargetKeyId]),
      [[alias, `arn:aws:kms:${region}:${accountId}:${alias}`, key.KeyId]]);

    const other = await newKey();
    await rejectsWith(kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: other.KeyId })), 'AlreadyExistsException', 400);
    await kms.send(new DeleteAliasCommand({ AliasName: alias }));
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: alias })), 'NotFoundException', 400);
    await rejectsWith(kms.send(new DeleteAliasCommand({ AliasName: alias })), 'NotFoundException', 400);
  });

  test('unknown keys are NotFoundException', async () => {
    await rejectsWith(kms.send(new DescribeKeyCommand({ KeyId: randomUUID() })), 'NotFoundException', 400);
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: randomUUID(), Plaintext: text('x') })), 'NotFoundException', 400);
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: `alias/${unique('none')}`, Plaintext: text('x') })), 'NotFoundException', 400);
  });
});

describe('KMS cryptography', () => {
  test('encrypt and decrypt with an encryption context', async () => {
    const key = await newKey();
    const alias = `alias/${unique('conf-crypt')}`;
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.KeyId }));
    const context = { tenant: 'acme', purpose: 'conformance' };
    const encrypted = await kms.send(new EncryptCommand({ KeyId: alias, Plaintext: text('attack at dawn'), EncryptionContext: context }));
    assert.equal(encrypted.KeyId, key.Arn);
    assert.equal(encrypted.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT');
    assert.ok(encrypted.CiphertextBlob.length > 'attack at dawn'.length);
    assert.ok(!Buffer.from(encrypted.CiphertextBlob).includes(Buffer.from('attack at dawn')), 'ciphertext does not hold the plaintext');

    // A symmetric ciphertext names its key: Decrypt needs no KeyId.
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { purpose: 'conformance', tenant: 'acme' } }));
    assert.equal(decode(decrypted.Plaintext), 'attack at dawn');
    assert.equal(decrypted.KeyId, key.Arn);

    // The context is bound to the ciphertext: missing or different context fails.
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob })), 'InvalidCiphertextException', 400);
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: { ...context, tenant: 'evil' } })),
      'InvalidCiphertextException', 400);
    const tampered = Uint8Array.from(encrypted.CiphertextBlob);
    tampered[tampered.length - 1] ^= 0x01;
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: context })), 'InvalidCiphertextException', 400);
    // Naming another key than the one that encrypted is IncorrectKeyException.
    const other = await newKey();
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: context, KeyId: other.KeyId })),
      'IncorrectKeyException', 400);

    const reencrypted = await kms.send(new ReEncryptCommand({
      CiphertextBlob: encrypted.CiphertextBlob, SourceEncryptionContext: context, DestinationKeyId: other.KeyId,
    }));
    assert.equal(reencrypted.SourceKeyId, key.Arn);
    assert.equal(reencrypted.KeyId, other.Arn);
    const again = await kms.send(new DecryptCommand({ CiphertextBlob: reencrypted.CiphertextBlob }));
    assert.equal(decode(again.Plaintext), 'attack at dawn');
    assert.equal(again.KeyId, other.Arn);
  });

  test('GenerateDataKey returns a key and its encrypted copy; without plaintext only the copy', async () => {
    const key = await newKey();
    const context = { bucket: 'conformance' };
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: context }));
    assert.equal(dataKey.KeyId, key.Arn);
    assert.equal(dataKey.Plaintext.length, 32);
    const unwrapped = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob, EncryptionContext: context }));
    assert.deepEqual([...unwrapped.Plaintext], [...dataKey.Plaintext]);

    const sized = await kms.send(new GenerateDataKeyCommand({ KeyId: key.Arn, NumberOfBytes: 64 }));
    assert.equal(sized.Plaintext.length, 64);
    const wrappedOnly = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }));
    assert.equal(wrappedOnly.Plaintext, undefined);
    assert.equal((await kms.send(new DecryptCommand({ CiphertextBlob: wrappedOnly.CiphertextBlob }))).Plaintext.length, 16);

    const random = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 48 }));
    assert.equal(random.Plaintext.length, 48);
  });

  test('key rotation can be turned on', async () => {
    const key = await newKey();
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled, false);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    assert.equal((await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled, true);
  });
});

describe('KMS key states', () => {
  test('a disabled key refuses cryptography with DisabledException until enabled', async () => {
    const key = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('secret') }));
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(described.KeyState, 'Disabled');
    assert.equal(described.Enabled, false);
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('secret') })), 'DisabledException', 400);
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob })), 'DisabledException', 400);
    await rejectsWith(kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' })), 'DisabledException', 400);

    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(decode((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext), 'secret');
  });

  test('a key pending deletion is KMSInvalidStateException; cancelling leaves it disabled', async () => {
    const key = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('secret') }));
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    assert.equal(scheduled.KeyId, key.Arn);
    assert.equal(scheduled.KeyState, 'PendingDeletion');
    assert.equal(scheduled.PendingWindowInDays, 7);
    const days = (scheduled.DeletionDate.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days < 7.1, `deletion in 7 days, got ${days}`);

    const described = (await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata;
    assert.equal(described.KeyState, 'PendingDeletion');
    assert.ok(described.DeletionDate instanceof Date);
    await rejectsWith(kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'KMSInvalidStateException', 400);
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob })), 'KMSInvalidStateException', 400);
    await rejectsWith(kms.send(new EnableKeyCommand({ KeyId: key.KeyId })), 'KMSInvalidStateException', 400);

    assert.equal((await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }))).KeyId, key.Arn);
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }))).KeyMetadata.KeyState, 'Disabled');
    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    assert.equal(decode((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext), 'secret');
  });
});

describe('KMS authorization', () => {
  test('the default key policy defers to IAM: a user may encrypt only once its policy allows it', async () => {
    const key = await newKey();
    const iam = new IAMClient(clientConfig());
    const userName = unique('conf-kms-user');
    await iam.send(new CreateUserCommand({ UserName: userName }));
    const access = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    const asUser = new KMSClient(clientConfig({ credentials: { accessKeyId: access.AccessKeyId, secretAccessKey: access.SecretAccessKey } }));
    try {
      await rejectsWith(asUser.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })), 'AccessDeniedException');
      await iam.send(new PutUserPolicyCommand({
        UserName: userName, PolicyName: 'encrypt', PolicyDocument: policy({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: key.Arn }),
      }));
      const { CiphertextBlob } = await asUser.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') }));
      // Encrypt only: decrypting is still denied.
      await rejectsWith(asUser.send(new DecryptCommand({ CiphertextBlob })), 'AccessDeniedException');
    } finally {
      asUser.destroy();
      iam.destroy();
    }
  });
});
