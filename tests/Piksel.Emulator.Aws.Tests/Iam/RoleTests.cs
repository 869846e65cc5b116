using System.Net;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

[Collection(EmulatorCollection.Name)]
public sealed class RoleTests(EmulatorFixture fixture)
{
    private readonly IamClient iam = Client(fixture);

    [Fact]
    public async Task Role_lifecycle_create_get_update_tag_delete()
    {
        var name = Unique("RoleTests");
        var created = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = name,
            Path = "/platform/",
            AssumeRolePolicyDocument = TrustEc2,
            Description = "node role",
            MaxSessionDuration = 7200,
            Tags = [new IamTag("team", "infra")],
        }, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:role/platform/{name}", created.Arn);
        Assert.StartsWith("AROA", created.RoleId, StringComparison.Ordinal);
        Assert.Equal(TrustEc2, created.AssumeRolePolicyDocument);

        var role = await iam.GetRoleAsync(name.ToUpperInvariant(), Ct);
        Assert.Equal(created.RoleId, role.RoleId);
        Assert.Equal("node role", role.Description);
        Assert.Equal(7200, role.MaxSessionDuration);
        Assert.Equal([new IamTag("team", "infra")], role.Tags);

        await iam.UpdateRoleAsync(name, "changed", 3600, Ct);
        const string trust2 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        await iam.UpdateAssumeRolePolicyAsync(name, trust2, Ct);
        await iam.TagRoleAsync(name, [new IamTag("Team", "platform"), new IamTag("env", "dev")], Ct);
        await iam.UntagRoleAsync(name, ["env"], Ct);
        role = await iam.GetRoleAsync(name, Ct);
        Assert.Equal("changed", role.Description);
        Assert.Equal(3600, role.MaxSessionDuration);
        Assert.Equal(trust2, role.AssumeRolePolicyDocument);
        // Tag keys are case-insensitive: "Team" replaced "team".
        Assert.Equal([new IamTag("Team", "platform")], await iam.ListRoleTagsAsync(name, Ct));

        await iam.DeleteRoleAsync(name, Ct);
        var missing = await Fails(() => iam.GetRoleAsync(name, Ct), "NoSuchEntity");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal($"The role with name {name} cannot be found.", missing.ErrorMessage);
    }

    [Fact]
    public async Task Duplicate_role_name_conflicts_case_insensitively()
    {
        var name = Unique("RoleTests");
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = TrustEc2 }, Ct);
        var error = await Fails(() => iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name.ToUpperInvariant(), AssumeRolePolicyDocument = TrustEc2 }, Ct), "EntityAlreadyExists");
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal($"Role with name {name.ToUpperInvariant()} already exists.", error.ErrorMessage);
    }

    [Fact]
    public async Task ListRoles_pages_with_MaxItems_and_Marker()
    {
        var prefix = $"/roletests-{Guid.NewGuid():N}/";
        var names = Enumerable.Range(0, 25).Select(i => $"paged-{i:D2}").ToList();
        foreach (var n in names)
            await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = $"{n}-{prefix[11..19]}", Path = prefix, AssumeRolePolicyDocument = TrustEc2 }, Ct);

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await iam.ListRolesPageAsync(prefix, marker, 10, Ct);
            pages++;
            Assert.True(page.Items.Count <= 10);
            Assert.Equal(pages < 3, page.IsTruncated);
            seen.AddRange(page.Items.Select(r => r.RoleName));
            marker = page.Marker;
        }
        while (marker is not null);
        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.All(seen, s => Assert.StartsWith("paged-", s, StringComparison.Ordinal));

        var all = new List<Role>();
        await foreach (var role in iam.ListRolesAsync(prefix, Ct)) all.Add(role);
        Assert.Equal(25, all.Count);
        Assert.All(all, r => Assert.Equal(prefix, r.Path));
    }

    [Fact]
    public async Task Inline_policies_round_trip_URL_decoded_and_block_deletion()
    {
        var name = Unique("RoleTests");
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = TrustEc2 }, Ct);
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::bucket/a b+c/*"}]}""";
        await iam.PutRolePolicyAsync(name, "s3-access", document, Ct);

        Assert.Equal(document, await iam.GetRolePolicyAsync(name, "s3-access", Ct));
        Assert.Equal(["s3-access"], await iam.ListRolePoliciesAsync(name, Ct));

        var conflict = await Fails(() => iam.DeleteRoleAsync(name, Ct), "DeleteConflict");
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        await iam.DeleteRolePolicyAsync(name, "s3-access", Ct);
        await Fails(() => iam.GetRolePolicyAsync(name, "s3-access", Ct), "NoSuchEntity");
        await Fails(() => iam.DeleteRolePolicyAsync(name, "s3-access", Ct), "NoSuchEntity");
        await iam.DeleteRoleAsync(name, Ct);
    }

    [Fact]
    public async Task Attached_policy_blocks_deletion_until_detached()
    {
        var name = Unique("RoleTests");
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = TrustEc2 }, Ct);
        const string cni = "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy";
        await iam.AttachRolePolicyAsync(name, cni, Ct);
        await iam.AttachRolePolicyAsync(name, cni, Ct); // idempotent
        Assert.Equal([new AttachedPolicy("AmazonEKS_CNI_Policy", cni)], await iam.ListAttachedRolePoliciesAsync(name, cancellationToken: Ct));

        await Fails(() => iam.DeleteRoleAsync(name, Ct), "DeleteConflict");
        await iam.DetachRolePolicyAsync(name, cni, Ct);
        await Fails(() => iam.DetachRolePolicyAsync(name, cni, Ct), "NoSuchEntity");
        await Fails(() => iam.AttachRolePolicyAsync(name, "arn:aws:iam::000000000000:policy/does-not-exist", Ct), "NoSuchEntity");
        await iam.DeleteRoleAsync(name, Ct);
    }

    [Fact]
    public async Task Permissions_boundary_is_set_and_removed()
    {
        var name = Unique("RoleTests");
        const string boundary = "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy";
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = TrustEc2, PermissionsBoundary = boundary }, Ct);
        Assert.Equal(boundary, (await iam.GetRoleAsync(name, Ct)).PermissionsBoundaryArn);
        Assert.True((await iam.GetPolicyAsync(boundary, Ct)).PermissionsBoundaryUsageCount >= 1);

        await iam.DeleteRolePermissionsBoundaryAsync(name, Ct);
        Assert.Null((await iam.GetRoleAsync(name, Ct)).PermissionsBoundaryArn);
        await iam.PutRolePermissionsBoundaryAsync(name, boundary, Ct);
        Assert.Equal(boundary, (await iam.GetRoleAsync(name, Ct)).PermissionsBoundaryArn);
        await Fails(() => iam.PutRolePermissionsBoundaryAsync(name, "arn:aws:iam::000000000000:policy/nope", Ct), "NoSuchEntity");
        await iam.DeleteRoleAsync(name, Ct);
    }
}
