// S3 through @aws-sdk/client-s3 (path style): objects with the SDK's default CRC32 checksums (header and aws-chunked
// trailer), ranges, listing, copy, delete, multipart uploads, bucket configuration, policies and anonymous access.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand,
  DeleteBucketCommand, DeleteBucketCorsCommand, DeleteBucketEncryptionCommand, DeleteBucketLifecycleCommand, DeleteBucketPolicyCommand,
  DeleteBucketTaggingCommand, DeleteObjectCommand, DeleteObjectsCommand, DeletePublicAccessBlockCommand, GetBucketCorsCommand,
  GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketPolicyCommand, GetBucketRequestPaymentCommand,
  GetBucketTaggingCommand, GetObjectCommand, GetObjectTaggingCommand, GetPublicAccessBlockCommand, HeadBucketCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListObjectsV2Command, ListPartsCommand, PutBucketCorsCommand, PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand, PutBucketPolicyCommand, PutBucketRequestPaymentCommand, PutBucketTaggingCommand,
  PutObjectCommand, PutObjectTaggingCommand, PutPublicAccessBlockCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { accountId, clientConfig, endpoint, policy, rejectsWith, unique } from './support.mjs';

const s3 = new S3Client(clientConfig({ forcePathStyle: true }));
// Unsigned requests: the SDK's documented workaround is a signer that returns the request as it is.
const anonymous = new S3Client(clientConfig({ forcePathStyle: true, signer: { sign: async (request) => request } }));
after(() => {
  s3.destroy();
  anonymous.destroy();
});

const md5 = (data) => createHash('md5').update(data).digest();
const quotedMd5 = (data) => `"${md5(data).toString('hex')}"`;
const body = async (response) => response.Body.transformToString();

async function newBucket(prefix = 'conf-s3') {
  const Bucket = unique(prefix);
  await s3.send(new CreateBucketCommand({ Bucket }));
  return Bucket;
}

describe('S3 objects', () => {
  let bucket;
  before(async () => { bucket = await newBucket(); });

  test('put with a CRC32 header, get, head, and a range', async () => {
    const put = await s3.send(new PutObjectCommand({
      Bucket: bucket, Key: 'docs/hello.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { purpose: 'conformance' },
    }));
    assert.equal(put.ETag, quotedMd5('hello world'));
    assert.equal(put.ChecksumCRC32, 'DUoRhQ==');
    assert.equal(put.ServerSideEncryption, 'AES256');

    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(await body(got), 'hello world');
    assert.equal(got.ContentLength, 11);
    assert.equal(got.ContentType, 'text/plain');
    assert.equal(got.ETag, put.ETag);
    assert.deepEqual(got.Metadata, { purpose: 'conformance' });
    assert.equal(got.ChecksumCRC32, 'DUoRhQ==');

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt' }));
    assert.equal(head.ContentLength, 11);
    assert.equal(head.ETag, put.ETag);
    assert.ok(head.LastModified instanceof Date);
    assert.deepEqual(head.Metadata, { purpose: 'conformance' });

    const range = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=2-5' }));
    assert.equal(range.$metadata.httpStatusCode, 206);
    assert.equal(range.ContentRange, 'bytes 2-5/11');
    assert.equal(range.ContentLength, 4);
    assert.equal(await body(range), 'llo ');
    const suffix = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=-5' }));
    assert.equal(await body(suffix), 'world');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'docs/hello.txt', Range: 'bytes=100-200' })), 'InvalidRange', 416);
  });

  test('a streamed put travels aws-chunked with a CRC32 trailer', async () => {
    const parts = [Buffer.alloc(70_000, 'x'), Buffer.from('middle'), Buffer.alloc(10_000, 'y')];
    const whole = Buffer.concat(parts);
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'stream.bin', Body: Readable.from(parts), ContentLength: whole.length }));
    assert.equal(put.ETag, quotedMd5(whole));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'stream.bin' }));
    const bytes = Buffer.from(await got.Body.transformToByteArray());
    assert.equal(bytes.length, whole.length);
    assert.ok(bytes.equals(whole), 'the stored object is the decoded payload, without chunk framing');
    assert.equal(got.ContentEncoding, undefined, 'aws-chunked is not stored as the object content encoding');
  });

  test('a checksum that does not match the body is BadDigest', async () => {
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bad.txt', Body: 'hello world', ChecksumCRC32: 'AAAAAA==' })),
      'BadDigest', 400);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'bad.txt' })), 'NotFound', 404);
  });

  test('ListObjectsV2 with a delimiter and with pages', async () => {
    const listBucket = await newBucket('conf-list');
    const keys = ['a.txt', 'dir1/sub/w.txt', 'dir1/x.txt', 'dir1/y.txt', 'dir2/z.txt'];
    for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: listBucket, Key, Body: Key }));

    const top = await s3.send(new ListObjectsV2Command({ Bucket: listBucket, Delimiter: '/' }));
    assert.deepEqual(top.Contents.map((o) => o.Key), ['a.txt']);
    assert.deepEqual(top.CommonPrefixes.map((p) => p.Prefix), ['dir1/', 'dir2/']);
    assert.equal(top.KeyCount, 3);
    const dir1 = await s3.send(new ListObjectsV2Command({ Bucket: listBucket, Delimiter: '/', Prefix: 'dir1/' }));
    assert.deepEqual(dir1.Contents.map((o) => o.Key), ['dir1/x.txt', 'dir1/y.txt']);
    assert.deepEqual(dir1.CommonPrefixes.map((p) => p.Prefix), ['dir1/sub/']);
    assert.equal(dir1.Contents[0].Size, 'dir1/x.txt'.length);
    assert.equal(dir1.Contents[0].ETag, quotedMd5('dir1/x.txt'));

    const seen = [];
    let token;
    let pages = 0;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: listBucket, MaxKeys: 2, ContinuationToken: token }));
      pages++;
      seen.push(...page.Contents.map((o) => o.Key));
      assert.equal(page.MaxKeys, 2);
      assert.equal(page.IsTruncated, Boolean(page.NextContinuationToken));
      token = page.NextContinuationToken;
    } while (token);
    assert.equal(pages, 3);
    assert.deepEqual(seen, keys);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: listBucket, StartAfter: 'dir1/x.txt' }));
    assert.deepEqual(after.Contents.map((o) => o.Key), ['dir1/y.txt', 'dir2/z.txt']);
  });

  test('copy keeps or replaces metadata', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'src.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'copies/dst.txt', CopySource: `${bucket}/src.txt` }));
    assert.equal(copied.CopyObjectResult.ETag, quotedMd5('copy me'));
    const same = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'copies/dst.txt' }));
    assert.equal(await body(same), 'copy me');
    assert.deepEqual(same.Metadata, { a: '1' });
    assert.equal(same.ContentType, 'text/plain');

    await s3.send(new CopyObjectCommand({
      Bucket: bucket, Key: 'copies/replaced.txt', CopySource: `${bucket}/src.txt`,
      MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'application/json',
    }));
    const replaced = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'copies/replaced.txt' }));
    assert.deepEqual(replaced.Metadata, { b: '2' });
    assert.equal(replaced.ContentType, 'application/json');
    await rejectsWith(s3.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/${unique('missing')}` })), 'NoSuchKey', 404);
  });

  test('delete one object and many; deleting a missing key succeeds', async () => {
    for (const Key of ['del/1', 'del/2', 'del/3']) await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: Key }));
    const one = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/1' }));
    assert.equal(one.$metadata.httpStatusCode, 204);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'del/1' })), 'NoSuchKey', 404);
    assert.equal((await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del/never' }))).$metadata.httpStatusCode, 204);

    const many = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/2' }, { Key: 'del/3' }, { Key: 'del/none' }] } }));
    assert.deepEqual(many.Deleted.map((d) => d.Key).sort(), ['del/2', 'del/3', 'del/none']);
    assert.deepEqual(many.Errors ?? [], []);
    const left = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'del/' }));
    assert.equal(left.KeyCount, 0);
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'del/x' }], Quiet: true } }));
    assert.deepEqual(quiet.Deleted ?? [], [], 'quiet mode reports only errors');
  });

  test('object tags, given at put and replaced later', async () => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'tagged.txt', Body: 't', Tagging: 'team=platform&env=test' }));
    let tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged.txt' }))).TagSet;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['env=test', 'team=platform']);
    assert.equal((await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'tagged.txt' }))).TagCount, 2);
    await s3.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: 'tagged.txt', Tagging: { TagSet: [{ Key: 'only', Value: 'one' }] } }));
    tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: 'tagged.txt' }))).TagSet;
    assert.deepEqual(tags, [{ Key: 'only', Value: 'one' }]);
  });
});

describe('S3 multipart uploads', () => {
  let bucket;
  before(async () => { bucket = await newBucket('conf-mpu'); });

  test('create, upload parts, list, complete', async () => {
    const part1 = Buffer.alloc(5 * 1024 * 1024, 'a');
    const part2 = Buffer.from('the tail');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'big.bin', ContentType: 'application/x-test' }));
    assert.ok(UploadId);
    const listedUploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'big' }));
    assert.deepEqual(listedUploads.Uploads.map((u) => [u.Key, u.UploadId]), [['big.bin', UploadId]]);

    const e1 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big.bin', UploadId, PartNumber: 1, Body: part1 }))).ETag;
    const e2 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'big.bin', UploadId, PartNumber: 2, Body: part2 }))).ETag;
    assert.equal(e1, quotedMd5(part1));
    assert.equal(e2, quotedMd5(part2));
    const parts = (await s3.send(new ListPartsCommand({ Bucket: bucket, Key: 'big.bin', UploadId }))).Parts;
    assert.deepEqual(parts.map((p) => [p.PartNumber, p.ETag, p.Size]), [[1, e1, part1.length], [2, e2, part2.length]]);

    const done = await s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'big.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] },
    }));
    // The multipart ETag: MD5 of the concatenated part MD5s, dash, part count.
    const expected = `"${md5(Buffer.concat([md5(part1), md5(part2)])).toString('hex')}-2"`;
    assert.equal(done.ETag, expected);
    assert.equal(done.Key, 'big.bin');

    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    assert.equal(head.ContentLength, part1.length + part2.length);
    assert.equal(head.ETag, expected);
    assert.equal(head.ContentType, 'application/x-test');
    const tail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', Range: `bytes=${part1.length}-` }));
    assert.equal(await body(tail), 'the tail');
    assert.deepEqual((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'big' }))).Uploads ?? [], []);
  });

  test('a small non-last part is EntityTooSmall; a wrong ETag is InvalidPart; abort ends the upload', async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'small.bin' }));
    const e1 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.bin', UploadId, PartNumber: 1, Body: 'tiny' }))).ETag;
    const e2 = (await s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.bin', UploadId, PartNumber: 2, Body: 'also tiny' }))).ETag;
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'small.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] },
    })), 'EntityTooSmall', 400);
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'small.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: quotedMd5('something else') }] },
    })), 'InvalidPart', 400);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'small.bin', UploadId }));
    await rejectsWith(s3.send(new UploadPartCommand({ Bucket: bucket, Key: 'small.bin', UploadId, PartNumber: 3, Body: 'late' })), 'NoSuchUpload', 404);
    await rejectsWith(s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: 'small.bin', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }] },
    })), 'NoSuchUpload', 404);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'small.bin' })), 'NotFound', 404);
  });
});

describe('S3 bucket policy, public access block and anonymous access', () => {
  test('a new bucket blocks public policies; once allowed, anonymous reads follow the policy', async () => {
    const bucket = await newBucket('conf-public');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'public/hello.txt', Body: 'hello anyone' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'private/secret.txt', Body: 'owner only' }));
    const publicRead = policy({ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/public/*` });

    // Since April 2023 every new bucket has all four Block Public Access settings on.
    const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
    assert.deepEqual(block, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    await rejectsWith(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead })), 'AccessDenied', 403);
    await rejectsWith(anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: 'public/hello.txt' })), 'AccessDenied', 403);

    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket })), 'NoSuchPublicAccessBlockConfiguration', 404);
    await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead }));
    assert.deepEqual(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy), JSON.parse(publicRead));

    const read = await anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: 'public/hello.txt' }));
    assert.equal(await body(read), 'hello anyone');
    await rejectsWith(anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: 'private/secret.txt' })), 'AccessDenied', 403);
    await rejectsWith(anonymous.send(new PutObjectCommand({ Bucket: bucket, Key: 'public/graffiti.txt', Body: 'x' })), 'AccessDenied', 403);
    await rejectsWith(anonymous.send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied', 403);

    // RestrictPublicBuckets makes the public policy apply to nobody outside the account again.
    await s3.send(new PutPublicAccessBlockCommand({
      Bucket: bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: true },
    }));
    assert.equal((await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration.RestrictPublicBuckets, true);
    await rejectsWith(anonymous.send(new GetObjectCommand({ Bucket: bucket, Key: 'public/hello.txt' })), 'AccessDenied', 403);

    await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
  });

  test('an IAM user gets exactly the S3 actions its policy allows', async () => {
    const bucket = await newBucket('conf-s3-iam');
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'read/me.txt', Body: 'readable' }));
    const iam = new IAMClient(clientConfig());
    const userName = unique('conf-s3-user');
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new PutUserPolicyCommand({
      UserName: userName, PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/read/*` }),
    }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    iam.destroy();
    const asUser = new S3Client(clientConfig({ forcePathStyle: true, credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } }));
    try {
      assert.equal(await body(await asUser.send(new GetObjectCommand({ Bucket: bucket, Key: 'read/me.txt' }))), 'readable');
      await rejectsWith(asUser.send(new PutObjectCommand({ Bucket: bucket, Key: 'read/new.txt', Body: 'x' })), 'AccessDenied', 403);
      await rejectsWith(asUser.send(new ListObjectsV2Command({ Bucket: bucket })), 'AccessDenied', 403);
      await rejectsWith(asUser.send(new DeleteBucketCommand({ Bucket: bucket })), 'AccessDenied', 403);
    } finally {
      asUser.destroy();
    }
  });
});

describe('S3 bucket configuration', () => {
  let bucket;
  before(async () => { bucket = await newBucket('conf-config'); });

  test('lifecycle rules', async () => {
    await rejectsWith(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), 'NoSuchLifecycleConfiguration', 404);
    const rules = [
      { ID: 'expire-logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
      { ID: 'abort-uploads', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ];
    await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: bucket, LifecycleConfiguration: { Rules: rules } }));
    const got = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules;
    assert.equal(got.length, 2);
    const expire = got.find((r) => r.ID === 'expire-logs');
    assert.equal(expire.Status, 'Enabled');
    assert.equal(expire.Filter.Prefix, 'logs/');
    assert.equal(expire.Expiration.Days, 30);
    assert.equal(got.find((r) => r.ID === 'abort-uploads').AbortIncompleteMultipartUpload.DaysAfterInitiation, 7);
    await s3.send(new DeleteBucketLifecycleCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket })), 'NoSuchLifecycleConfiguration', 404);
  });

  test('CORS rules, and a preflight answered by them', async () => {
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration', 404);
    const rule = {
      AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 300,
    };
    await s3.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [rule] } }));
    const rules = (await s3.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules;
    assert.equal(rules.length, 1);
    assert.deepEqual(rules[0].AllowedOrigins, rule.AllowedOrigins);
    assert.deepEqual(rules[0].AllowedMethods, rule.AllowedMethods);
    assert.equal(rules[0].MaxAgeSeconds, 300);

    const preflight = (origin, method) => fetch(`${endpoint}/${bucket}/some/key.txt`, {
      method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': method },
    });
    const allowed = await preflight('https://app.example.com', 'PUT');
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /PUT/);
    assert.equal(allowed.headers.get('access-control-max-age'), '300');
    assert.equal((await preflight('https://evil.example.com', 'GET')).status, 403);
    assert.equal((await preflight('https://app.example.com', 'DELETE')).status, 403);

    await s3.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration', 404);
  });

  test('bucket tags', async () => {
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404);
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'team', Value: 'platform' }, { Key: 'env', Value: 'test' }] } }));
    const tags = (await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['env=test', 'team=platform']);
    await s3.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    await rejectsWith(s3.send(new GetBucketTaggingCommand({ Bucket: bucket })), 'NoSuchTagSet', 404);
  });

  test('default encryption is SSE-S3 and can be set to SSE-KMS', async () => {
    const initial = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration.Rules[0];
    assert.equal(initial.ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');

    const keyArn = `arn:aws:kms:us-east-1:${accountId}:key/00000000-0000-4000-8000-000000000000`;
    await s3.send(new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn }, BucketKeyEnabled: true }],
      },
    }));
    const kms = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration.Rules[0];
    assert.equal(kms.ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'aws:kms');
    assert.equal(kms.ApplyServerSideEncryptionByDefault.KMSMasterKeyID, keyArn);
    assert.equal(kms.BucketKeyEnabled, true);

    // Deleting the configuration returns the bucket to SSE-S3: S3 no longer stores unencrypted objects.
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: bucket }));
    const reset = (await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration.Rules[0];
    assert.equal(reset.ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
  });

  test('request payment', async () => {
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer, 'BucketOwner');
    await s3.send(new PutBucketRequestPaymentCommand({ Bucket: bucket, RequestPaymentConfiguration: { Payer: 'Requester' } }));
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer, 'Requester');
    await s3.send(new PutBucketRequestPaymentCommand({ Bucket: bucket, RequestPaymentConfiguration: { Payer: 'BucketOwner' } }));
    assert.equal((await s3.send(new GetBucketRequestPaymentCommand({ Bucket: bucket }))).Payer, 'BucketOwner');
  });
});

describe('S3 buckets and errors', () => {
  test('NoSuchBucket, NoSuchKey, NotFound on HEAD, BucketNotEmpty, delete', async () => {
    const missing = unique('conf-nobucket');
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: missing, Key: 'k' })), 'NoSuchBucket', 404);
    await rejectsWith(s3.send(new PutObjectCommand({ Bucket: missing, Key: 'k', Body: 'x' })), 'NoSuchBucket', 404);
    await rejectsWith(s3.send(new ListObjectsV2Command({ Bucket: missing })), 'NoSuchBucket', 404);
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: missing })), 'NoSuchBucket', 404);
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: missing })), 'NotFound', 404);

    const bucket = await newBucket('conf-errors');
    assert.equal((await s3.send(new HeadBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode, 200);
    await rejectsWith(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'nothing' })), 'NoSuchKey', 404);
    await rejectsWith(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'nothing' })), 'NotFound', 404);

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'blocker', Body: 'x' }));
    await rejectsWith(s3.send(new DeleteBucketCommand({ Bucket: bucket })), 'BucketNotEmpty', 409);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'blocker' }));
    assert.equal((await s3.send(new DeleteBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode, 204);
    await rejectsWith(s3.send(new HeadBucketCommand({ Bucket: bucket })), 'NotFound', 404);
  });

  test('bucket names are validated; re-creating your own bucket in us-east-1 succeeds', async () => {
    await rejectsWith(s3.send(new CreateBucketCommand({ Bucket: 'Invalid_Bucket_Name' })), 'InvalidBucketName', 400);
    const bucket = await newBucket('conf-again');
    // us-east-1 keeps its legacy answer (200 OK); every other region says BucketAlreadyOwnedByYou.
    assert.equal((await s3.send(new CreateBucketCommand({ Bucket: bucket }))).$metadata.httpStatusCode, 200);
  });
});
