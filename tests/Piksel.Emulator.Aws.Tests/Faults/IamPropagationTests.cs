using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Faults;
using Piksel.Emulator.Aws.Tests.Sts;
using Piksel.Platform.Aws.Eks;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Faults.FaultTestKit;

namespace Piksel.Emulator.Aws.Tests.Faults;

/// <summary>
/// IAM's eventual consistency, measured on the emulator's clock (a clock the tests move, so nothing sleeps): a new role
/// is not assumable, a changed trust policy or identity policy is not in force, and EKS does not know a new role, until
/// the propagation delay has passed; IAM's own API reads its writes at once.
/// </summary>
public sealed class IamPropagationTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";
    private const string TrustEc2 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
    private const string AllowAssume = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";
    private const string AllowListUsers = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}""";

    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);

    private Task<AwsEmulator> DelayedAsync() => StartAsync(new FaultOptions { IamPropagationDelay = Delay }, clock);

    /// <summary>An IAM user with <paramref name="policy"/> and keys, made through the IAM API and left to propagate.</summary>
    private async Task<(string Arn, AWSCredentials Credentials)> UserAsync(IamClient iam, string name, string? policy)
    {
        var user = await iam.CreateUserAsync(new CreateUserRequest { UserName = name }, Ct);
        if (policy is not null) await iam.PutUserPolicyAsync(name, "inline", policy, Ct);
        var key = await iam.CreateAccessKeyAsync(name, Ct);
        clock.Advance(Delay);
        return (user.Arn, new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey));
    }

    private static Task<AssumeRoleResponse> AssumeAsync(AmazonSecurityTokenServiceClient sts, string roleArn) =>
        sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = "deploy" }, Ct);

    [Fact]
    public async Task A_new_role_is_assumable_only_once_it_has_propagated()
    {
        await using var emulator = await DelayedAsync();
        using var iam = new IamClient(Options(emulator));
        var (userArn, credentials) = await UserAsync(iam, "deployer", AllowAssume);
        using var sts = new AmazonSecurityTokenServiceClient(credentials, Config<AmazonSecurityTokenServiceConfig>(emulator));

        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "fresh", AssumeRolePolicyDocument = TrustAccount }, Ct);
        Assert.Equal(role.Arn, (await iam.GetRoleAsync("fresh", Ct)).Arn);

        // STS does not know the role yet and says so as it does for a role that is not there at all.
        var refused = await ErrorOf(() => AssumeAsync(sts, role.Arn));
        Assert.Equal(("AccessDenied", HttpStatusCode.Forbidden, $"User: {userArn} is not authorized to perform: sts:AssumeRole on resource: {role.Arn}"), refused);
        clock.Advance(Delay - TimeSpan.FromMilliseconds(100));
        Assert.Equal("AccessDenied", (await ErrorOf(() => AssumeAsync(sts, role.Arn))).Code);

        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal($"arn:aws:sts::000000000000:assumed-role/fresh/deploy", (await AssumeAsync(sts, role.Arn)).AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task A_changed_trust_policy_leaves_the_old_one_in_force_until_it_propagates()
    {
        await using var emulator = await DelayedAsync();
        using var iam = new IamClient(Options(emulator));
        var (_, credentials) = await UserAsync(iam, "deployer", AllowAssume);
        using var sts = new AmazonSecurityTokenServiceClient(credentials, Config<AmazonSecurityTokenServiceConfig>(emulator));
        var role = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "narrowed", AssumeRolePolicyDocument = TrustAccount }, Ct);
        clock.Advance(Delay);
        await AssumeAsync(sts, role.Arn);

        await iam.UpdateAssumeRolePolicyAsync("narrowed", TrustEc2, Ct);
        await AssumeAsync(sts, role.Arn);

        clock.Advance(Delay);
        Assert.Equal("AccessDenied", (await ErrorOf(() => AssumeAsync(sts, role.Arn))).Code);
    }

    [Fact]
    public async Task Authorization_uses_the_previous_policy_until_the_change_propagates()
    {
        await using var emulator = await DelayedAsync();
        using var root = new IamClient(Options(emulator));
        var (_, credentials) = await UserAsync(root, "auditor", policy: null);
        using var auditor = new IamClient(Options(emulator, credentials));

        await root.PutUserPolicyAsync("auditor", "list", AllowListUsers, Ct);
        Assert.Equal("AccessDenied", (await ErrorOf(() => auditor.ListUsersPageAsync(cancellationToken: Ct))).Code);
        clock.Advance(Delay);
        await auditor.ListUsersPageAsync(cancellationToken: Ct);

        // Taking the permission away is just as slow.
        await root.DeleteUserPolicyAsync("auditor", "list", Ct);
        await auditor.ListUsersPageAsync(cancellationToken: Ct);
        clock.Advance(Delay);
        Assert.Equal("AccessDenied", (await ErrorOf(() => auditor.ListUsersPageAsync(cancellationToken: Ct))).Code);
    }

    [Fact]
    public async Task A_new_default_version_of_a_managed_policy_takes_effect_after_the_delay()
    {
        await using var emulator = await DelayedAsync();
        using var root = new IamClient(Options(emulator));
        var policy = await root.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = "listing", PolicyDocument = AllowListUsers }, Ct);
        var (_, credentials) = await UserAsync(root, "lister", policy: null);
        await root.AttachUserPolicyAsync("lister", policy.Arn, Ct);
        clock.Advance(Delay);
        using var lister = new IamClient(Options(emulator, credentials));
        await lister.ListUsersPageAsync(cancellationToken: Ct);

        await root.CreatePolicyVersionAsync(policy.Arn, """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}""", setAsDefault: true, Ct);
        await lister.ListUsersPageAsync(cancellationToken: Ct);
        clock.Advance(Delay);
        Assert.Equal("AccessDenied", (await ErrorOf(() => lister.ListUsersPageAsync(cancellationToken: Ct))).Code);
        await lister.ListRolesPageAsync(cancellationToken: Ct);
    }

    [Fact]
    public async Task The_delay_can_be_set_and_lifted_as_a_rule_of_the_chaos_API()
    {
        await using var emulator = await StartAsync(time: clock);
        using var iam = new IamClient(Options(emulator));
        var (_, credentials) = await UserAsync(iam, "deployer", AllowAssume);
        using var sts = new AmazonSecurityTokenServiceClient(credentials, Config<AmazonSecurityTokenServiceConfig>(emulator));

        await SetRulesAsync(emulator, """[{"iamPropagation":{"delay":2000}}]""");
        Assert.Equal(Delay, emulator.State.Faults.IamPropagationDelay);
        var slow = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "slow", AssumeRolePolicyDocument = TrustAccount }, Ct);
        Assert.Equal("AccessDenied", (await ErrorOf(() => AssumeAsync(sts, slow.Arn))).Code);
        clock.Advance(Delay);
        await AssumeAsync(sts, slow.Arn);

        await SetRulesAsync(emulator, "[]");
        var quick = await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = "quick", AssumeRolePolicyDocument = TrustAccount }, Ct);
        await AssumeAsync(sts, quick.Arn);
    }

    [Fact]
    public async Task EKS_cannot_assume_a_cluster_role_IAM_has_not_propagated_yet()
    {
        await using var emulator = await DelayedAsync();
        using var iam = new IamClient(Options(emulator));
        using var eks = new EksClient(Options(emulator, region: "ap-southeast-3"));
        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = "cluster-role",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""",
        }, Ct);
        var subnets = await Eks.EksNetworkKit.SubnetsAsync(emulator.Endpoint, "ap-southeast-3");
        var request = new CreateClusterRequest { Name = "propagating", RoleArn = role.Arn, SubnetIds = subnets, AuthenticationMode = "API" };

        var refused = await ErrorOf(() => eks.CreateClusterAsync(request, Ct));
        Assert.Equal(("InvalidParameterException", HttpStatusCode.BadRequest), (refused.Code, refused.Status));
        Assert.Equal($"Role with arn: {role.Arn}, could not be assumed because it does not exist or the trusted entity is not correct", refused.Message);

        clock.Advance(Delay);
        Assert.Equal("propagating", (await eks.CreateClusterAsync(request, Ct)).Name);
    }
}
