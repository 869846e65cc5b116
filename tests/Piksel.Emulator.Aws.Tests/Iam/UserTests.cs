using System.Net;
using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

[Collection(EmulatorCollection.Name)]
public sealed class UserTests(EmulatorFixture fixture)
{
    private readonly IamClient iam = Client(fixture);

    [Fact]
    public async Task User_lifecycle_with_policies_and_tags()
    {
        var name = Unique("UserTests");
        var user = await iam.CreateUserAsync(new CreateUserRequest { UserName = name, Path = "/people/", Tags = [new IamTag("team", "a")] }, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:user/people/{name}", user.Arn);
        Assert.StartsWith("AIDA", user.UserId, StringComparison.Ordinal);
        await Fails(() => iam.CreateUserAsync(new CreateUserRequest { UserName = name.ToUpperInvariant() }, Ct), "EntityAlreadyExists");

        var listed = new List<User>();
        await foreach (var u in iam.ListUsersAsync("/people/", Ct)) listed.Add(u);
        Assert.Contains(listed, u => u.UserName == name);

        await iam.PutUserPolicyAsync(name, "inline", AllowListRoles, Ct);
        Assert.Equal(AllowListRoles, await iam.GetUserPolicyAsync(name, "inline", Ct));
        Assert.Equal(["inline"], await iam.ListUserPoliciesAsync(name, Ct));
        await iam.AttachUserPolicyAsync(name, "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", Ct);
        Assert.Single(await iam.ListAttachedUserPoliciesAsync(name, cancellationToken: Ct));
        await iam.TagUserAsync(name, [new IamTag("env", "test")], Ct);
        await iam.UntagUserAsync(name, ["team"], Ct);
        Assert.Equal([new IamTag("env", "test")], await iam.ListUserTagsAsync(name, Ct));

        await Fails(() => iam.DeleteUserAsync(name, Ct), "DeleteConflict");
        await iam.DeleteUserPolicyAsync(name, "inline", Ct);
        await Fails(() => iam.DeleteUserAsync(name, Ct), "DeleteConflict");
        await iam.DetachUserPolicyAsync(name, "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", Ct);
        await iam.DeleteUserAsync(name, Ct);
        var missing = await Fails(() => iam.GetUserAsync(name, Ct), "NoSuchEntity");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal($"The user with name {name} cannot be found.", missing.ErrorMessage);
    }

    [Fact]
    public async Task Access_keys_are_limited_to_two_and_block_user_deletion()
    {
        var name = Unique("UserTests");
        await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        var first = await iam.CreateAccessKeyAsync(name, Ct);
        var second = await iam.CreateAccessKeyAsync(name, Ct);
        Assert.Matches("^AKIA[A-Z2-7]{16}$", first.AccessKeyId);
        Assert.Equal(40, first.SecretAccessKey.Length);
        Assert.Equal("Active", first.Status);
        Assert.DoesNotContain(first.SecretAccessKey, first.ToString(), StringComparison.Ordinal);
        var limit = await Fails(() => iam.CreateAccessKeyAsync(name, Ct), "LimitExceeded");
        Assert.Equal(HttpStatusCode.Conflict, limit.StatusCode);

        await iam.UpdateAccessKeyAsync(second.AccessKeyId, "Inactive", name, Ct);
        var keys = await iam.ListAccessKeysAsync(name, Ct);
        Assert.Equal(new[] { first.AccessKeyId, second.AccessKeyId }.Order(StringComparer.Ordinal), keys.Select(k => k.AccessKeyId).Order(StringComparer.Ordinal));
        Assert.Equal("Inactive", keys.Single(k => k.AccessKeyId == second.AccessKeyId).Status);

        await Fails(() => iam.DeleteUserAsync(name, Ct), "DeleteConflict");
        await iam.DeleteAccessKeyAsync(first.AccessKeyId, name, Ct);
        await iam.DeleteAccessKeyAsync(second.AccessKeyId, name, Ct);
        await Fails(() => iam.DeleteAccessKeyAsync(second.AccessKeyId, name, Ct), "NoSuchEntity");
        await iam.DeleteUserAsync(name, Ct);
    }

    [Fact]
    public async Task A_user_key_signs_requests_as_that_user()
    {
        var name = Unique("UserTests");
        var user = await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        await iam.PutUserPolicyAsync(name, "self", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUser","iam:ListAccessKeys"],"Resource":"*"}]}""", Ct);
        var key = await iam.CreateAccessKeyAsync(name, Ct);

        using var asUser = Client(fixture, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
        var me = await asUser.GetUserAsync(cancellationToken: Ct);
        Assert.Equal(name, me.UserName);
        Assert.Equal(user.Arn, me.Arn);
        Assert.Equal(user.UserId, me.UserId);
        Assert.Equal([key.AccessKeyId], (await asUser.ListAccessKeysAsync(cancellationToken: Ct)).Select(k => k.AccessKeyId));

        // An inactive key no longer authenticates.
        await iam.UpdateAccessKeyAsync(key.AccessKeyId, "Inactive", name, Ct);
        await Fails(() => asUser.GetUserAsync(cancellationToken: Ct), "InvalidClientTokenId");
    }

    // Needs the IAM policy engine: a user without any policy is implicitly denied.
    [Fact]
    public async Task A_user_key_is_denied_without_policy_and_allowed_after_attaching_one()
    {
        var name = Unique("UserTests");
        await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        var key = await iam.CreateAccessKeyAsync(name, Ct);
        using var asUser = Client(fixture, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));

        var denied = await Fails(() => asUser.ListRolesPageAsync(maxItems: 1, cancellationToken: Ct), "AccessDenied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var policy = await iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = Unique("UserTests"), PolicyDocument = AllowListRoles }, Ct);
        await iam.AttachUserPolicyAsync(name, policy.Arn, Ct);
        var page = await asUser.ListRolesPageAsync(maxItems: 1, cancellationToken: Ct);
        Assert.True(page.Items.Count <= 1);
    }

    [Fact]
    public async Task GetUser_as_root_answers_the_root_identity()
    {
        var me = await iam.GetUserAsync(cancellationToken: Ct);
        Assert.Equal("arn:aws:iam::000000000000:root", me.Arn);
        Assert.Equal("000000000000", me.UserId);
    }
}
