using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Sts;

[Collection(EmulatorCollection.Name)]
public sealed class AssumeRoleTests(EmulatorFixture fixture)
{
    private AmazonSecurityTokenServiceClient Client(AWSCredentials? credentials = null) =>
        new(credentials ?? StsSeed.Caller(fixture.Emulator), fixture.Config<AmazonSecurityTokenServiceConfig>());

#pragma warning disable CS0618 // PackedPolicySize is still what STS answers; the SDK's newer SessionTokenUtilization is not documented yet.
    private static int? PackedSize(AssumeRoleResponse response) => response.PackedPolicySize;
#pragma warning restore CS0618

    private static string Unique(string name) => $"AssumeRoleTests-{name}-{Guid.NewGuid():N}"[..40];

    private static async Task<AmazonSecurityTokenServiceException> Fails(Func<Task> call) =>
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(call);

    [Fact]
    public async Task Issues_session_credentials_for_the_role()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("ok"), StsSeed.TrustAccount());
        var before = DateTime.UtcNow;
        using var sts = Client();
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "alice@example.com", DurationSeconds = 1800 },
            TestContext.Current.CancellationToken);

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(20, response.Credentials.AccessKeyId.Length);
        Assert.Equal(40, response.Credentials.SecretAccessKey.Length);
        Assert.True(response.Credentials.SessionToken.Length > 200);
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), before.AddSeconds(1795), DateTime.UtcNow.AddSeconds(1801));
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{role.RoleName}/alice@example.com", response.AssumedRoleUser.Arn);
        Assert.Equal($"{role.RoleId}:alice@example.com", response.AssumedRoleUser.AssumedRoleId);
        Assert.Null(PackedSize(response));

        var stored = fixture.Emulator.State.Credentials.Sessions.Find(response.Credentials.AccessKeyId);
        Assert.NotNull(stored);
        Assert.Equal(role.Arn, stored.RoleArn);
        Assert.Empty(stored.SessionPolicies);
    }

    [Fact]
    public async Task Root_credentials_may_not_assume_roles()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("root"), StsSeed.TrustAccount());
        using var sts = Client(fixture.RootCredentials);
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "root" }, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("Roles may not be assumed by root accounts.", error.Message);
    }

    [Fact]
    public async Task Missing_role_is_AccessDenied()
    {
        using var sts = Client();
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::000000000000:role/AssumeRoleTests-nobody-here",
            RoleSessionName = "s1",
        }, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("User: arn:aws:iam::000000000000:user/sts-test-caller is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/AssumeRoleTests-nobody-here", error.Message);
    }

    [Theory]
    [InlineData("a", "Member must have length greater than or equal to 2")]
    [InlineData("has space", "Member must satisfy regular expression pattern")]
    [InlineData("x12345678901234567890123456789012345678901234567890123456789012345", "Member must have length less than or equal to 64")]
    public async Task Session_name_is_validated(string name, string constraint)
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("name"), StsSeed.TrustAccount());
        using var sts = Client();
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = name }, TestContext.Current.CancellationToken));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("'roleSessionName'", error.Message, StringComparison.Ordinal);
        Assert.Contains(constraint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(899, "Member must have value greater than or equal to 900")]
    [InlineData(43201, "Member must have value less than or equal to 43200")]
    [InlineData(7200, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")]
    public async Task Duration_is_bounded_by_the_model_and_the_role(int seconds, string message)
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("duration"), StsSeed.TrustAccount(), maxSessionDuration: 3600);
        using var sts = Client();
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "dd", DurationSeconds = seconds },
            TestContext.Current.CancellationToken));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duration_up_to_the_roles_maximum_is_granted()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("long"), StsSeed.TrustAccount(), maxSessionDuration: 43200);
        using var sts = Client();
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "long", DurationSeconds = 43200 },
            TestContext.Current.CancellationToken);
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddHours(11.9), DateTime.UtcNow.AddHours(12.1));
    }

    [Fact]
    public async Task Role_chaining_caps_the_session_at_one_hour()
    {
        var allowAssume = new Dictionary<string, string> { ["assume"] = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""" };
        var first = StsSeed.Role(fixture.Emulator, Unique("hop1"), StsSeed.TrustAccount(), inlinePolicies: allowAssume);
        var second = StsSeed.Role(fixture.Emulator, Unique("hop2"), StsSeed.TrustAccount(), maxSessionDuration: 43200);
        using var sts = Client();
        var hop1 = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = first.Arn, RoleSessionName = "hop1" }, TestContext.Current.CancellationToken);

        using var chained = Client(hop1.Credentials);
        var error = await Fails(() => chained.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = second.Arn, RoleSessionName = "hop2", DurationSeconds = 7200 },
            TestContext.Current.CancellationToken));
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("1 hour session limit for roles assumed by role chaining", error.Message, StringComparison.Ordinal);

        var hop2 = await chained.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = second.Arn, RoleSessionName = "hop2", DurationSeconds = 3600 },
            TestContext.Current.CancellationToken);
        Assert.EndsWith($"/{second.RoleName}/hop2", hop2.AssumedRoleUser.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalId_required_by_the_trust_policy()
    {
        var trust = StsSeed.TrustAccount(condition: "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"piksel-hub-7\"}}");
        var role = StsSeed.Role(fixture.Emulator, Unique("external"), trust);
        using var sts = Client();

        var wrong = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "xx", ExternalId = "guess" },
            TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", wrong.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);

        var missing = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "xx" },
            TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", missing.ErrorCode);

        var right = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "xx", ExternalId = "piksel-hub-7" },
            TestContext.Current.CancellationToken);
        Assert.StartsWith("ASIA", right.Credentials.AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_session_policy_is_refused()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("malformed"), StsSeed.TrustAccount());
        using var sts = Client();
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "pp", Policy = "{\"Version\":" },
            TestContext.Current.CancellationToken));
        Assert.Equal("MalformedPolicyDocument", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);

        var tooLong = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "pp",
            Policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{new string('b', 2100)}}/*"}]}""",
        }, TestContext.Current.CancellationToken));
        Assert.Equal("ValidationError", tooLong.ErrorCode);
        Assert.Contains("Member must have length less than or equal to 2048", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_policies_and_tags_are_kept_with_the_session()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("scoped"), StsSeed.TrustAccount());
        const string inline = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        const string managedDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:List*","Resource":"*"}]}""";
        var managed = StsSeed.ManagedPolicy(fixture.Emulator, Unique("session-policy"), managedDocument);
        using var sts = Client();
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "scoped",
            Policy = inline,
            PolicyArns = [new PolicyDescriptorType { Arn = managed.Arn }],
            Tags = [new Amazon.SecurityToken.Model.Tag { Key = "team", Value = "platform" }],
            SourceIdentity = "alice",
        }, TestContext.Current.CancellationToken);

        Assert.InRange(PackedSize(response)!.Value, 1, 100);
        Assert.Equal("alice", response.SourceIdentity);
        var stored = fixture.Emulator.State.Credentials.Sessions.Find(response.Credentials.AccessKeyId)!;
        Assert.Equal(2, stored.SessionPolicies.Count);
        Assert.Equal(inline, stored.SessionPolicies[0]);
        Assert.Equal(managedDocument, stored.SessionPolicies[1]);
        Assert.Equal("platform", stored.SessionTags["team"]);
        Assert.Equal("alice", stored.SourceIdentity);
    }

    [Fact]
    public async Task Unknown_managed_session_policy_is_refused()
    {
        var role = StsSeed.Role(fixture.Emulator, Unique("nopolicy"), StsSeed.TrustAccount());
        using var sts = Client();
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "pp",
            PolicyArns = [new PolicyDescriptorType { Arn = "arn:aws:iam::000000000000:policy/AssumeRoleTests-none" }],
        }, TestContext.Current.CancellationToken));
        Assert.Equal("NoSuchEntity", error.ErrorCode);
    }

    [Fact]
    public async Task Another_accounts_user_needs_the_trust_policy()
    {
        // The role trusts only its own account; account 111111111111 is not named.
        var role = StsSeed.Role(fixture.Emulator, Unique("private"), StsSeed.TrustAccount());
        using var sts = Client(StsSeed.Caller(fixture.Emulator, "111111111111"));
        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "intruder" },
            TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", error.ErrorCode);

        var shared = StsSeed.Role(fixture.Emulator, Unique("shared"), StsSeed.TrustAccount("111111111111"));
        var ok = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = shared.Arn, RoleSessionName = "hub" }, TestContext.Current.CancellationToken);
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/{shared.RoleName}/hub", ok.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task Session_tags_and_source_identity_need_their_own_permissions_in_the_trust_policy()
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";
        var role = StsSeed.Role(fixture.Emulator, Unique("untagged"), trust);
        using var sts = Client();

        var tagged = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "tagged",
            Tags = [new Amazon.SecurityToken.Model.Tag { Key = "team", Value = "platform" }],
        }, TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", tagged.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, tagged.StatusCode);
        Assert.Contains($"is not authorized to perform: sts:TagSession on resource: {role.Arn}", tagged.Message, StringComparison.Ordinal);

        var sourced = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "sourced", SourceIdentity = "alice" },
            TestContext.Current.CancellationToken));
        Assert.Equal("AccessDenied", sourced.ErrorCode);
        Assert.Contains($"is not authorized to perform: sts:SetSourceIdentity on resource: {role.Arn}", sourced.Message, StringComparison.Ordinal);

        var plain = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "plain" }, TestContext.Current.CancellationToken);
        Assert.StartsWith("ASIA", plain.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Null(fixture.Emulator.State.Credentials.Sessions.Find(plain.Credentials.AccessKeyId)!.SourceIdentity);
    }
}
