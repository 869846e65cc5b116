using System.Net;
using System.Xml.Linq;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

[Collection(EmulatorCollection.Name)]
public sealed class ValidationTests(EmulatorFixture fixture)
{
    private readonly IamClient iam = Client(fixture);

    private sealed class RawIam(AwsClientOptions options) : QueryApiClient(options, "iam", "2010-05-08", "iam.amazonaws.com")
    {
        public Task<XElement> Call(string action, IEnumerable<KeyValuePair<string, string>> parameters) => CallAsync(action, parameters, Ct);
    }

    private Task<Role> CreateRole(string name, string trust = TrustEc2, string? path = null, int? maxSession = null, IReadOnlyList<IamTag>? tags = null) =>
        iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = trust, Path = path, MaxSessionDuration = maxSession, Tags = tags ?? [] }, Ct);

    [Fact]
    public async Task Malformed_policy_documents_are_refused()
    {
        var error = await Fails(() => CreateRole(Unique("ValidationTests"), trust: "{not json"), "MalformedPolicyDocument");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        var name = Unique("ValidationTests");
        await CreateRole(name);
        await Fails(() => iam.PutRolePolicyAsync(name, "p", "[", Ct), "MalformedPolicyDocument");
        await Fails(() => iam.UpdateAssumeRolePolicyAsync(name, "", Ct), "MalformedPolicyDocument");
        await Fails(() => iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = Unique("ValidationTests"), PolicyDocument = "{\"Version\":" }, Ct), "MalformedPolicyDocument");
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("slash/name")]
    [InlineData("")]
    public async Task Bad_role_names_are_refused(string name)
    {
        var error = await Fails(() => CreateRole(name), "ValidationError");
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task Names_longer_than_64_and_bad_paths_and_durations_are_refused()
    {
        var tooLong = await Fails(() => CreateRole(new string('r', 65)), "ValidationError");
        Assert.Contains("Member must have length less than or equal to 64", tooLong.ErrorMessage, StringComparison.Ordinal);
        await Fails(() => CreateRole(Unique("ValidationTests"), path: "no-slashes"), "ValidationError");
        await Fails(() => CreateRole(Unique("ValidationTests"), path: "/missing-end"), "ValidationError");
        await Fails(() => CreateRole(Unique("ValidationTests"), maxSession: 3599), "ValidationError");
        await Fails(() => CreateRole(Unique("ValidationTests"), maxSession: 43201), "ValidationError");
        await Fails(() => iam.CreateUserAsync(new CreateUserRequest { UserName = "white space" }, Ct), "ValidationError");
    }

    [Fact]
    public async Task Tag_limits_are_enforced()
    {
        var tooMany = Enumerable.Range(0, 51).Select(i => new IamTag($"k{i}", "v")).ToList();
        await Fails(() => CreateRole(Unique("ValidationTests"), tags: tooMany), "ValidationError");
        await Fails(() => CreateRole(Unique("ValidationTests"), tags: [new IamTag("a", "1"), new IamTag("A", "2")]), "InvalidInput");
        await Fails(() => CreateRole(Unique("ValidationTests"), tags: [new IamTag("aws:reserved", "1")]), "InvalidInput");

        var name = Unique("ValidationTests");
        await CreateRole(name, tags: tooMany.Take(50).ToList());
        var limit = await Fails(() => iam.TagRoleAsync(name, [new IamTag("one-more", "x")], Ct), "LimitExceeded");
        Assert.Equal(HttpStatusCode.Conflict, limit.StatusCode);
        // Replacing an existing key keeps the count at 50.
        await iam.TagRoleAsync(name, [new IamTag("K0", "new")], Ct);
        Assert.Contains(new IamTag("K0", "new"), await iam.ListRoleTagsAsync(name, Ct));
    }

    [Fact]
    public async Task Missing_entities_answer_NoSuchEntity()
    {
        var ghost = Unique("ValidationTests");
        await Fails(() => iam.DeleteRoleAsync(ghost, Ct), "NoSuchEntity");
        await Fails(() => iam.PutRolePolicyAsync(ghost, "p", AllowListRoles, Ct), "NoSuchEntity");
        await Fails(() => iam.TagRoleAsync(ghost, [new IamTag("a", "b")], Ct), "NoSuchEntity");
        await Fails(() => iam.CreateAccessKeyAsync(ghost, Ct), "NoSuchEntity");
        await Fails(() => iam.GetPolicyAsync($"arn:aws:iam::000000000000:policy/{ghost}", Ct), "NoSuchEntity");
        await Fails(() => iam.GetPolicyVersionAsync("arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy", "v1", Ct), "NoSuchEntity");
        await Fails(() => iam.GetOpenIdConnectProviderAsync($"arn:aws:iam::000000000000:oidc-provider/{ghost}.example.com", Ct), "NoSuchEntity");
        await Fails(() => iam.GetPolicyAsync("not-an-arn", Ct), "InvalidInput");
    }

    [Fact]
    public async Task Unknown_action_and_bad_paging_are_refused()
    {
        using var raw = new RawIam(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = fixture.RootCredentials });
        var unknown = await Assert.ThrowsAsync<AwsApiException>(() => raw.Call("CreateUnicorn", []));
        Assert.Equal("InvalidAction", unknown.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        await Fails(() => iam.ListRolesPageAsync(maxItems: 0, cancellationToken: Ct), "ValidationError");
        await Fails(() => iam.ListRolesPageAsync(marker: "%%%not-base64", cancellationToken: Ct), "ValidationError");
        await Fails(() => iam.ListPoliciesPageAsync(new ListPoliciesRequest { Scope = "Everything" }, Ct), "ValidationError");
    }
}
