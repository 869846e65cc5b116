// IAM through @aws-sdk/client-iam: roles, inline and managed policies, OIDC providers, users, and least privilege.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand, AttachRolePolicyCommand, CreateAccessKeyCommand, CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand, CreatePolicyVersionCommand, CreateRoleCommand, CreateUserCommand, DeleteOpenIDConnectProviderCommand,
  DeletePolicyCommand, DeletePolicyVersionCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand,
  GetOpenIDConnectProviderCommand, GetPolicyCommand, GetPolicyVersionCommand, GetRoleCommand, GetRolePolicyCommand, GetUserCommand,
  IAMClient, ListAttachedRolePoliciesCommand, ListOpenIDConnectProvidersCommand, ListPolicyVersionsCommand, ListRolePoliciesCommand,
  ListRoleTagsCommand, ListRolesCommand, PutRolePolicyCommand, PutUserPolicyCommand, RemoveClientIDFromOpenIDConnectProviderCommand,
  SetDefaultPolicyVersionCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand, UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { accountId, clientConfig, parsePolicy, policy, rejectsWith, unique } from './support.mjs';

const iam = new IAMClient(clientConfig());
after(() => iam.destroy());

const ec2Trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
const readBuckets = policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' });

describe('IAM roles', () => {
  test('create, get, update, tag and delete a role', async () => {
    const name = unique('conf-role');
    const created = await iam.send(new CreateRoleCommand({
      RoleName: name, Path: '/conformance/', AssumeRolePolicyDocument: ec2Trust, Description: 'first', MaxSessionDuration: 7200,
      Tags: [{ Key: 'team', Value: 'platform' }],
    }));
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.equal(created.Role.RoleName, name);
    assert.equal(created.Role.Path, '/conformance/');
    assert.equal(created.Role.Arn, `arn:aws:iam::${accountId}:role/conformance/${name}`);
    assert.match(created.Role.RoleId, /^AROA[A-Z0-9]{17}$/);
    assert.ok(created.Role.CreateDate instanceof Date);

    const got = await iam.send(new GetRoleCommand({ RoleName: name }));
    assert.equal(got.Role.Arn, created.Role.Arn);
    assert.equal(got.Role.RoleId, created.Role.RoleId);
    assert.equal(got.Role.Description, 'first');
    assert.equal(got.Role.MaxSessionDuration, 7200);
    // IAM returns policy documents URL-encoded.
    assert.deepEqual(parsePolicy(got.Role.AssumeRolePolicyDocument), JSON.parse(ec2Trust));
    assert.deepEqual(got.Role.Tags, [{ Key: 'team', Value: 'platform' }]);

    await iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'second', MaxSessionDuration: 3600 }));
    const lambdaTrust = policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: lambdaTrust }));
    await iam.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'env', Value: 'test' }] }));
    const updated = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    assert.equal(updated.Description, 'second');
    assert.equal(updated.MaxSessionDuration, 3600);
    assert.deepEqual(parsePolicy(updated.AssumeRolePolicyDocument), JSON.parse(lambdaTrust));
    const tags = (await iam.send(new ListRoleTagsCommand({ RoleName: name }))).Tags;
    assert.deepEqual(tags.map((t) => `${t.Key}=${t.Value}`).sort(), ['env=test', 'team=platform']);

    await iam.send(new DeleteRoleCommand({ RoleName: name }));
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404);
  });

  test('a second role with the same name is EntityAlreadyExists', async () => {
    const name = unique('conf-dup');
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: ec2Trust }));
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: ec2Trust })),
      'EntityAlreadyExistsException', 409);
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  });

  test('unknown roles are NoSuchEntity for get, update and delete', async () => {
    const name = unique('conf-missing');
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new UpdateRoleCommand({ RoleName: name, Description: 'x' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404);
  });

  test('malformed trust and permission policies are MalformedPolicyDocument', async () => {
    const name = unique('conf-malformed');
    await rejectsWith(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: '{"Version":"2012-10-17",' })),
      'MalformedPolicyDocumentException', 400);
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: ec2Trust }));
    await rejectsWith(iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'broken', PolicyDocument: 'not json' })),
      'MalformedPolicyDocumentException', 400);
    // An identity policy statement without Resource is rejected ("Policy statement must contain resources").
    await rejectsWith(iam.send(new PutRolePolicyCommand({
      RoleName: name, PolicyName: 'no-resource', PolicyDocument: policy({ Effect: 'Allow', Action: 's3:GetObject' }),
    })), 'MalformedPolicyDocumentException', 400);
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: unique('conf-bad'), PolicyDocument: '[]' })),
      'MalformedPolicyDocumentException', 400);
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  });

  test('ListRoles pages with MaxItems and Marker under a path prefix', async () => {
    const path = `/${unique('conf-page')}/`;
    const names = [unique('conf-a'), unique('conf-b'), unique('conf-c')];
    for (const RoleName of names) await iam.send(new CreateRoleCommand({ RoleName, Path: path, AssumeRolePolicyDocument: ec2Trust }));

    const first = await iam.send(new ListRolesCommand({ PathPrefix: path, MaxItems: 2 }));
    assert.equal(first.Roles.length, 2);
    assert.equal(first.IsTruncated, true);
    assert.ok(first.Marker, 'a truncated page carries a Marker');
    const second = await iam.send(new ListRolesCommand({ PathPrefix: path, MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.Roles.length, 1);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
    const listed = [...first.Roles, ...second.Roles].map((r) => r.RoleName);
    assert.deepEqual([...listed].sort(), [...names].sort());
    assert.ok([...first.Roles, ...second.Roles].every((r) => r.Path === path));

    const all = await iam.send(new ListRolesCommand({ PathPrefix: path }));
    assert.equal(all.Roles.length, 3);
    assert.equal(all.IsTruncated, false);
    for (const RoleName of names) await iam.send(new DeleteRoleCommand({ RoleName }));
  });
});

describe('IAM policies', () => {
  test('inline role policies: put, get, list, replace, delete', async () => {
    const role = unique('conf-inline');
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: ec2Trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'read', PolicyDocument: readBuckets }));
    const got = await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'read' }));
    assert.equal(got.RoleName, role);
    assert.equal(got.PolicyName, 'read');
    assert.deepEqual(parsePolicy(got.PolicyDocument), JSON.parse(readBuckets));

    const replacement = policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' });
    await iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: 'read', PolicyDocument: replacement }));
    assert.deepEqual(parsePolicy((await iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'read' }))).PolicyDocument),
      JSON.parse(replacement));
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames, ['read']);

    // A role with inline policies cannot be deleted (DeleteConflict) until they are gone.
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: role })), 'DeleteConflictException', 409);
    await iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'read' }));
    await rejectsWith(iam.send(new GetRolePolicyCommand({ RoleName: role, PolicyName: 'read' })), 'NoSuchEntityException', 404);
    await rejectsWith(iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: 'read' })), 'NoSuchEntityException', 404);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames ?? [], []);
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
  });

  test('managed policy versions: create, set default, list, delete', async () => {
    const name = unique('conf-managed');
    const created = (await iam.send(new CreatePolicyCommand({
      PolicyName: name, Path: '/conformance/', PolicyDocument: readBuckets, Description: 'conformance',
    }))).Policy;
    assert.equal(created.Arn, `arn:aws:iam::${accountId}:policy/conformance/${name}`);
    assert.equal(created.DefaultVersionId, 'v1');
    assert.equal(created.AttachmentCount, 0);
    assert.match(created.PolicyId, /^ANPA[A-Z0-9]{17}$/);
    await rejectsWith(iam.send(new CreatePolicyCommand({ PolicyName: name, Path: '/conformance/', PolicyDocument: readBuckets })),
      'EntityAlreadyExistsException', 409);

    const v2Document = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::conformance/*' });
    const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: created.Arn, PolicyDocument: v2Document }))).PolicyVersion;
    assert.equal(v2.VersionId, 'v2');
    assert.equal(v2.IsDefaultVersion, false);
    const v3 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: created.Arn, PolicyDocument: readBuckets, SetAsDefault: true })))
      .PolicyVersion;
    assert.equal(v3.VersionId, 'v3');
    assert.equal(v3.IsDefaultVersion, true);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: created.Arn }))).Policy.DefaultVersionId, 'v3');

    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v2' }));
    const fetched = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v2' }))).PolicyVersion;
    assert.equal(fetched.IsDefaultVersion, true);
    assert.deepEqual(parsePolicy(fetched.Document), JSON.parse(v2Document));
    const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: created.Arn }))).Versions;
    assert.deepEqual(versions.map((v) => `${v.VersionId}:${v.IsDefaultVersion}`).sort(), ['v1:false', 'v2:true', 'v3:false']);

    // The default version cannot be deleted; a policy with other versions cannot be deleted either.
    await rejectsWith(iam.send(new DeletePolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v2' })), 'DeleteConflictException', 409);
    await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: created.Arn })), 'DeleteConflictException', 409);
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v1' }));
    await iam.send(new DeletePolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v3' }));
    await rejectsWith(iam.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn, VersionId: 'v1' })), 'NoSuchEntityException', 404);
    await iam.send(new DeletePolicyCommand({ PolicyArn: created.Arn }));
    await rejectsWith(iam.send(new GetPolicyCommand({ PolicyArn: created.Arn })), 'NoSuchEntityException', 404);
  });

  test('a managed policy keeps at most five versions (LimitExceeded)', async () => {
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: unique('conf-limit'), PolicyDocument: readBuckets }))).Policy.Arn;
    for (let i = 2; i <= 5; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readBuckets }));
    await rejectsWith(iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: readBuckets })), 'LimitExceededException', 409);
    for (let i = 2; i <= 5; i++) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: `v${i}` }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
  });

  test('attach and detach customer and AWS managed policies', async () => {
    const role = unique('conf-attach');
    await iam.send(new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: ec2Trust }));
    const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: unique('conf-attached'), PolicyDocument: readBuckets }))).Policy.Arn;
    const awsManaged = 'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy';

    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: awsManaged }));
    const attached = (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies;
    assert.deepEqual(attached.map((p) => p.PolicyArn).sort(), [arn, awsManaged].sort());
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy.AttachmentCount, 1);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: awsManaged }))).Policy.PolicyName, 'AmazonEKSClusterPolicy');

    // Attached policies block deleting the policy and the role.
    await rejectsWith(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409);
    await rejectsWith(iam.send(new DeleteRoleCommand({ RoleName: role })), 'DeleteConflictException', 409);
    await rejectsWith(iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: `arn:aws:iam::${accountId}:policy/${unique('nope')}` })),
      'NoSuchEntityException', 404);

    await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: awsManaged }));
    await rejectsWith(iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn })), 'NoSuchEntityException', 404);
    assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }))).AttachedPolicies ?? [], []);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy.AttachmentCount, 0);
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await iam.send(new DeleteRoleCommand({ RoleName: role }));
  });
});

describe('IAM OpenID Connect providers', () => {
  test('create, get, change client ids and thumbprints, list, delete', async () => {
    const host = `${unique('oidc')}.conformance.test`;
    const url = `https://${host}/id/ABCDEF0123456789`;
    const thumbprint = '9e99a48a9960b14926bb7f3b02e22da2b0ab7280';
    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({
      Url: url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [thumbprint], Tags: [{ Key: 'cluster', Value: 'conformance' }],
    }))).OpenIDConnectProviderArn;
    assert.equal(arn, `arn:aws:iam::${accountId}:oidc-provider/${host}/id/ABCDEF0123456789`);

    const got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    // IAM reports the URL without its scheme.
    assert.equal(got.Url, `${host}/id/ABCDEF0123456789`);
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList, [thumbprint]);
    assert.ok(got.CreateDate instanceof Date);
    assert.deepEqual(got.Tags, [{ Key: 'cluster', Value: 'conformance' }]);

    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [thumbprint] })),
      'EntityAlreadyExistsException', 409);

    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'my-app' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'sts.amazonaws.com' }));
    const other = 'a031c46782e6e6c662c2c87c76da9aa62ccabd8e';
    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [other] }));
    const changed = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(changed.ClientIDList, ['my-app']);
    assert.deepEqual(changed.ThumbprintList, [other]);

    const listed = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList.map((p) => p.Arn);
    assert.ok(listed.includes(arn), 'the provider is listed');

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejectsWith(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntityException', 404);
    const after = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList.map((p) => p.Arn);
    assert.ok(!after.includes(arn), 'the deleted provider is no longer listed');
  });

  test('the provider URL must be https', async () => {
    await rejectsWith(iam.send(new CreateOpenIDConnectProviderCommand({
      Url: `http://${unique('plain')}.conformance.test`, ClientIDList: ['sts.amazonaws.com'],
    })), 'InvalidInputException', 400);
  });
});

describe('IAM users and least privilege', () => {
  test('a new user key is denied iam:ListRoles until a policy allows it', async () => {
    const userName = unique('conf-user');
    const user = (await iam.send(new CreateUserCommand({ UserName: userName }))).User;
    assert.equal(user.Arn, `arn:aws:iam::${accountId}:user/${userName}`);
    assert.match(user.UserId, /^AIDA[A-Z0-9]{17}$/);
    assert.equal((await iam.send(new GetUserCommand({ UserName: userName }))).User.UserId, user.UserId);
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: userName })), 'EntityAlreadyExistsException', 409);

    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    assert.match(key.AccessKeyId, /^AKIA[A-Z0-9]{16}$/);
    assert.equal(key.Status, 'Active');
    assert.ok(key.SecretAccessKey.length >= 40);

    const asUser = new IAMClient(clientConfig({ credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } }));
    try {
      const denied = await rejectsWith(asUser.send(new ListRolesCommand({})), 'AccessDenied', 403);
      assert.match(denied.message, new RegExp(`User: arn:aws:iam::${accountId}:user/${userName} is not authorized to perform: iam:ListRoles`));

      await iam.send(new PutUserPolicyCommand({
        UserName: userName, PolicyName: 'list-roles', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }),
      }));
      const allowed = await asUser.send(new ListRolesCommand({ MaxItems: 1 }));
      assert.equal(allowed.$metadata.httpStatusCode, 200);
      // Only what was granted: reading a role is still denied.
      await rejectsWith(asUser.send(new GetRoleCommand({ RoleName: 'anything' })), 'AccessDenied', 403);
      // An explicit deny wins over the allow.
      await iam.send(new PutUserPolicyCommand({
        UserName: userName, PolicyName: 'deny-list', PolicyDocument: policy({ Effect: 'Deny', Action: 'iam:List*', Resource: '*' }),
      }));
      await rejectsWith(asUser.send(new ListRolesCommand({})), 'AccessDenied', 403);
    } finally {
      asUser.destroy();
    }
  });

  test('a wrong secret for a real access key is SignatureDoesNotMatch; an unknown key is InvalidClientTokenId', async () => {
    const userName = unique('conf-sig');
    await iam.send(new CreateUserCommand({ UserName: userName }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey;
    const badSecret = new IAMClient(clientConfig({ credentials: { accessKeyId: key.AccessKeyId, secretAccessKey: 'wrong-secret' } }));
    const unknown = new IAMClient(clientConfig({ credentials: { accessKeyId: 'AKIA-NEVER-ISSUED-HERE', secretAccessKey: 'whatever' } }));
    try {
      await rejectsWith(badSecret.send(new ListRolesCommand({})), 'SignatureDoesNotMatch', 403);
      await rejectsWith(unknown.send(new ListRolesCommand({})), 'InvalidClientTokenId', 403);
    } finally {
      badSecret.destroy();
      unknown.destroy();
    }
  });
});
