using Piksel.Emulator.Aws.Tests.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Iam;

/// <summary>Instance profiles: one role each, held until removed; adding a role takes iam:PassRole on it.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class InstanceProfileTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AwsClientOptions Options(Amazon.Runtime.AWSCredentials? credentials = null) =>
        new() { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = credentials ?? fixture.RootCredentials, MaxAttempts = 1 };

    private const string Ec2Trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public async Task A_profile_holds_one_role_until_it_is_removed_and_both_can_then_be_deleted()
    {
        using var iam = new IamClient(Options());
        using var profiles = new InstanceProfileClient(Options());
        var id = Guid.NewGuid().ToString("N")[..10];
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "node-" + id, AssumeRolePolicyDocument = Ec2Trust }, Ct);
        var other = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "other-" + id, AssumeRolePolicyDocument = Ec2Trust }, Ct);

        var created = await profiles.CreateAsync("nodes-" + id, [new IamTag("karpenter.sh/discovery", "piksel")], cancellationToken: Ct);
        Assert.Equal($"arn:aws:iam::000000000000:instance-profile/nodes-{id}", created.Arn);
        Assert.StartsWith("AIPA", created.InstanceProfileId, StringComparison.Ordinal);
        await profiles.AddRoleAsync(created.InstanceProfileName, role.RoleName, Ct);
        Assert.Equal("LimitExceeded", (await Assert.ThrowsAsync<AwsApiException>(() => profiles.AddRoleAsync(created.InstanceProfileName, other.RoleName, Ct))).ErrorCode);
        var read = await profiles.GetAsync(created.InstanceProfileName, Ct);
        Assert.Equal([role.RoleName], read.RoleNames);
        Assert.Equal("piksel", Assert.Single(read.Tags).Value);
        Assert.Equal([created.Arn], (await profiles.ListForRoleAsync(role.RoleName, Ct)).Select(p => p.Arn));

        Assert.Equal("DeleteConflict", (await Assert.ThrowsAsync<AwsApiException>(() => profiles.DeleteAsync(created.InstanceProfileName, Ct))).ErrorCode);
        Assert.Equal("DeleteConflict", (await Assert.ThrowsAsync<AwsApiException>(() => iam.DeleteRoleAsync(role.RoleName, Ct))).ErrorCode);
        await profiles.RemoveRoleAsync(created.InstanceProfileName, role.RoleName, Ct);
        await profiles.DeleteAsync(created.InstanceProfileName, Ct);
        await iam.DeleteRoleAsync(role.RoleName, Ct);
        await iam.DeleteRoleAsync(other.RoleName, Ct);
        Assert.Equal("NoSuchEntity", (await Assert.ThrowsAsync<AwsApiException>(() => profiles.GetAsync(created.InstanceProfileName, Ct))).ErrorCode);
        Assert.Equal("EntityAlreadyExists", (await Assert.ThrowsAsync<AwsApiException>(async () =>
        {
            await profiles.CreateAsync("twice-" + id, cancellationToken: Ct);
            await profiles.CreateAsync("twice-" + id, cancellationToken: Ct);
        })).ErrorCode);
    }

    [Fact]
    public async Task Adding_a_role_needs_PassRole_on_it()
    {
        using var iam = new IamClient(Options());
        var id = Guid.NewGuid().ToString("N")[..10];
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "passed-" + id, AssumeRolePolicyDocument = Ec2Trust }, Ct);
        using var root = new InstanceProfileClient(Options());
        await root.CreateAsync("profile-" + id, cancellationToken: Ct);
        var credentials = await RoleSessions.AssumeAsync(fixture, "profile-admin", [], """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*InstanceProfile*","Resource":"*"}]}
            """, Ct);
        using var admin = new InstanceProfileClient(Options(credentials));
        var denied = await Assert.ThrowsAsync<AwsApiException>(() => admin.AddRoleAsync("profile-" + id, role.RoleName, Ct));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains("iam:PassRole", denied.ErrorMessage, StringComparison.Ordinal);
        await root.AddRoleAsync("profile-" + id, role.RoleName, Ct);
    }
}
