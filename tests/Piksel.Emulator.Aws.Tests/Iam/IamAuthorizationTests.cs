using Amazon.Runtime;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Iam;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

/// <summary>
/// IAM's operation table: every operation is authorized by the pipeline with the action of its own name, and the
/// order IAM answers in holds (a malformed request is refused as such, then AccessDenied, then NoSuchEntity).
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class IamAuthorizationTests(EmulatorFixture fixture)
{
    private readonly IamClient iam = Client(fixture);

    [Fact]
    public void Every_IAM_operation_is_authorized_before_its_handler_with_the_action_of_its_own_name()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var operations = new IamService(state).Operations.All;
        Assert.True(operations.Count >= 60, $"IAM declares {operations.Count} operations");
        Assert.All(operations, operation =>
        {
            Assert.Equal(AuthorizationMode.BeforeHandler, operation.Mode);
            Assert.Equal($"iam:{operation.Name}", operation.Action);
        });
    }

    [Fact]
    public async Task A_caller_without_rights_is_denied_before_it_learns_whether_an_entity_exists()
    {
        var name = Unique("IamAuthorizationTests");
        await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        var key = await iam.CreateAccessKeyAsync(name, Ct);
        using var asUser = Client(fixture, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
        var ghost = Unique("IamAuthorizationTests");

        await Fails(() => asUser.GetRoleAsync(ghost, Ct), "AccessDenied");
        await Fails(() => asUser.DeleteRolePolicyAsync(ghost, "p", Ct), "AccessDenied");
        await Fails(() => asUser.TagRoleAsync(ghost, [new IamTag("a", "b")], Ct), "AccessDenied");
        await Fails(() => asUser.ListUserTagsAsync(ghost, Ct), "AccessDenied");
        await Fails(() => asUser.CreateAccessKeyAsync(ghost, Ct), "AccessDenied");
        await Fails(() => asUser.GetPolicyAsync($"arn:aws:iam::000000000000:policy/{ghost}", Ct), "AccessDenied");
        await Fails(() => asUser.SetDefaultPolicyVersionAsync($"arn:aws:iam::000000000000:policy/{ghost}", "v1", Ct), "AccessDenied");
        await Fails(() => asUser.GetOpenIdConnectProviderAsync($"arn:aws:iam::000000000000:oidc-provider/{ghost}.example.com", Ct), "AccessDenied");
        // Allowed, the same request learns that the entity is missing.
        await Fails(() => iam.GetRoleAsync(ghost, Ct), "NoSuchEntity");

        // What is wrong with the request itself is answered before authorization.
        await Fails(() => asUser.GetRoleAsync("not a name", Ct), "ValidationError");
        await Fails(() => asUser.GetPolicyAsync("not-an-arn", Ct), "InvalidInput");
        await Fails(() => asUser.TagRoleAsync(ghost, [new IamTag("aws:reserved", "1")], Ct), "InvalidInput");
        await Fails(() => asUser.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = ghost,
            AssumeRolePolicyDocument = TrustEc2,
            PermissionsBoundary = $"arn:aws:iam::000000000000:policy/{ghost}",
        }, Ct), "NoSuchEntity");
    }
}
