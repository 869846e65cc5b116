using System.Net;
using System.Text.Json;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

[Collection(EmulatorCollection.Name)]
public sealed class ManagedPolicyTests(EmulatorFixture fixture)
{
    private readonly IamClient iam = Client(fixture);

    private static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";

    [Fact]
    public async Task Customer_policy_lifecycle_with_attachment_count()
    {
        var name = Unique("ManagedPolicyTests");
        var policy = await iam.CreatePolicyAsync(new CreatePolicyRequest
        {
            PolicyName = name,
            Path = "/apps/",
            PolicyDocument = Allow("s3:GetObject"),
            Description = "reads",
            Tags = [new IamTag("k", "v")],
        }, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:policy/apps/{name}", policy.Arn);
        Assert.Equal("v1", policy.DefaultVersionId);
        Assert.StartsWith("ANPA", policy.PolicyId, StringComparison.Ordinal);

        var role = Unique("ManagedPolicyTests");
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = role, AssumeRolePolicyDocument = TrustEc2 }, Ct);
        await iam.AttachRolePolicyAsync(role, policy.Arn, Ct);
        var fetched = await iam.GetPolicyAsync(policy.Arn, Ct);
        Assert.Equal(1, fetched.AttachmentCount);
        Assert.Equal("reads", fetched.Description);
        Assert.Equal([new IamTag("k", "v")], fetched.Tags);

        var entities = await iam.ListEntitiesForPolicyAsync(policy.Arn, cancellationToken: Ct);
        Assert.Equal([role], entities.Roles.Select(r => r.Name));
        Assert.Empty(entities.Users);

        var attached = new List<ManagedPolicy>();
        await foreach (var p in iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = "Local", OnlyAttached = true, PathPrefix = "/apps/" }, Ct)) attached.Add(p);
        Assert.Contains(attached, p => p.Arn == policy.Arn);

        var conflict = await Fails(() => iam.DeletePolicyAsync(policy.Arn, Ct), "DeleteConflict");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        await iam.DetachRolePolicyAsync(role, policy.Arn, Ct);
        Assert.Equal(0, (await iam.GetPolicyAsync(policy.Arn, Ct)).AttachmentCount);

        await iam.TagPolicyAsync(policy.Arn, [new IamTag("extra", "1")], Ct);
        await iam.UntagPolicyAsync(policy.Arn, ["k"], Ct);
        Assert.Equal([new IamTag("extra", "1")], await iam.ListPolicyTagsAsync(policy.Arn, Ct));

        await iam.DeletePolicyAsync(policy.Arn, Ct);
        await Fails(() => iam.GetPolicyAsync(policy.Arn, Ct), "NoSuchEntity");
        await iam.DeleteRoleAsync(role, Ct);
    }

    [Fact]
    public async Task Duplicate_policy_name_conflicts_even_on_another_path()
    {
        var name = Unique("ManagedPolicyTests");
        await iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = name, PolicyDocument = Allow("s3:*") }, Ct);
        await Fails(() => iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = name.ToLowerInvariant(), Path = "/other/", PolicyDocument = Allow("s3:*") }, Ct), "EntityAlreadyExists");
    }

    [Fact]
    public async Task Versions_are_limited_to_five_and_the_default_is_protected()
    {
        var policy = await iam.CreatePolicyAsync(new CreatePolicyRequest { PolicyName = Unique("ManagedPolicyTests"), PolicyDocument = Allow("s3:GetObject") }, Ct);
        for (var i = 2; i <= 5; i++)
        {
            var version = await iam.CreatePolicyVersionAsync(policy.Arn, Allow($"s3:Action{i}"), setAsDefault: i == 3, Ct);
            Assert.Equal($"v{i}", version.VersionId);
        }
        var limit = await Fails(() => iam.CreatePolicyVersionAsync(policy.Arn, Allow("s3:Six"), cancellationToken: Ct), "LimitExceeded");
        Assert.Equal(HttpStatusCode.Conflict, limit.StatusCode);

        Assert.Equal("v3", (await iam.GetPolicyAsync(policy.Arn, Ct)).DefaultVersionId);
        var v3 = await iam.GetPolicyVersionAsync(policy.Arn, "v3", Ct);
        Assert.True(v3.IsDefaultVersion);
        Assert.Equal(Allow("s3:Action3"), v3.Document);

        await Fails(() => iam.DeletePolicyVersionAsync(policy.Arn, "v3", Ct), "DeleteConflict");
        await iam.DeletePolicyVersionAsync(policy.Arn, "v1", Ct);
        await iam.SetDefaultPolicyVersionAsync(policy.Arn, "v5", Ct);
        var versions = await iam.ListPolicyVersionsAsync(policy.Arn, Ct);
        Assert.Equal(["v5", "v4", "v3", "v2"], versions.Select(v => v.VersionId));
        Assert.Equal(["v5"], versions.Where(v => v.IsDefaultVersion).Select(v => v.VersionId));
        await Fails(() => iam.GetPolicyVersionAsync(policy.Arn, "v1", Ct), "NoSuchEntity");

        // A fresh version id is never a reused one.
        Assert.Equal("v6", (await iam.CreatePolicyVersionAsync(policy.Arn, Allow("s3:Six"), cancellationToken: Ct)).VersionId);

        // Non-default versions must go before the policy.
        await Fails(() => iam.DeletePolicyAsync(policy.Arn, Ct), "DeleteConflict");
        foreach (var v in new[] { "v2", "v3", "v4", "v6" }) await iam.DeletePolicyVersionAsync(policy.Arn, v, Ct);
        await iam.DeletePolicyAsync(policy.Arn, Ct);
    }

    [Theory]
    [InlineData("AmazonEKSClusterPolicy", "/", "ec2:DescribeInstances")]
    [InlineData("AmazonEKSWorkerNodePolicy", "/", "eks:DescribeCluster")]
    [InlineData("AmazonEKS_CNI_Policy", "/", "ec2:AssignPrivateIpAddresses")]
    [InlineData("AmazonEBSCSIDriverPolicy", "/service-role/", "ec2:AttachVolume")]
    [InlineData("AmazonEC2ContainerRegistryReadOnly", "/", "ecr:BatchGetImage")]
    [InlineData("AmazonSSMManagedInstanceCore", "/", "ssmmessages:OpenDataChannel")]
    [InlineData("AmazonEKSFargatePodExecutionRolePolicy", "/", "ecr:GetDownloadUrlForLayer")]
    public async Task Aws_managed_policies_carry_their_real_statements(string name, string path, string action)
    {
        var arn = $"arn:aws:iam::aws:policy{path}{name}";
        var policy = await iam.GetPolicyAsync(arn, Ct);
        Assert.Equal(name, policy.PolicyName);
        Assert.Equal(path, policy.Path);
        var version = await iam.GetPolicyVersionAsync(arn, policy.DefaultVersionId, Ct);
        using var document = JsonDocument.Parse(version.Document!);
        var actions = document.RootElement.GetProperty("Statement").EnumerateArray()
            .Where(s => s.GetProperty("Effect").GetString() == "Allow")
            .SelectMany(s => s.GetProperty("Action") is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Select(x => x.GetString()) : [s.GetProperty("Action").GetString()]);
        Assert.Contains(action, actions);
        Assert.Equal([policy.DefaultVersionId], (await iam.ListPolicyVersionsAsync(arn, Ct)).Select(v => v.VersionId));
    }

    [Fact]
    public async Task Aws_scope_lists_the_catalog_and_attaching_counts()
    {
        var aws = new List<ManagedPolicy>();
        await foreach (var p in iam.ListPoliciesAsync(new ListPoliciesRequest { Scope = "AWS", MaxItems = 2 }, Ct)) aws.Add(p);
        Assert.Superset(
            new HashSet<string> { "AmazonEKSClusterPolicy", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEBSCSIDriverPolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore" },
            aws.Select(p => p.PolicyName).ToHashSet());
        Assert.All(aws, p => Assert.StartsWith("arn:aws:iam::aws:policy/", p.Arn, StringComparison.Ordinal));

        // Attachment counts are per account: attach in the second account and only it sees the count rise.
        using var second = Client(fixture, fixture.SecondRootCredentials);
        var role = Unique("ManagedPolicyTests");
        await second.CreateRoleAsync(new CreateRoleRequest { RoleName = role, AssumeRolePolicyDocument = TrustEc2 }, Ct);
        const string ecr = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly";
        var before = (await second.GetPolicyAsync(ecr, Ct)).AttachmentCount;
        await second.AttachRolePolicyAsync(role, ecr, Ct);
        Assert.Equal(before + 1, (await second.GetPolicyAsync(ecr, Ct)).AttachmentCount);
        await Fails(() => second.DeletePolicyAsync(ecr, Ct), "AccessDenied");
        await second.DetachRolePolicyAsync(role, ecr, Ct);
        await second.DeleteRoleAsync(role, Ct);
    }
}
