using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using static Piksel.Emulator.Aws.Tests.Eks.EksPartsKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;
using static Piksel.Emulator.Aws.Tests.Eks.EksWire;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Pod Identity associations: one per service account, ids <c>a-</c> + 17, filters, updates, and passing the role.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class PodIdentityTests(EmulatorFixture fixture)
{
    [Fact]
    public async Task Associations_are_created_listed_filtered_updated_and_deleted()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "pod-identity");
        var role = await RoleAsync(iam, TrustPods, "pods");
        var other = await RoleAsync(iam, TrustPods, "pods");
        var path = $"/clusters/{cluster.Name}/pod-identity-associations";

        var created = Ok(await wire.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = role }))["association"]!;
        var id = created["associationId"]!.GetValue<string>();
        Assert.Matches("^a-[a-z0-9]{17}$", id);
        Assert.Equal($"arn:aws:eks:{Region}:000000000000:podidentityassociation/{cluster.Name}/{id}", created["associationArn"]!.GetValue<string>());
        Assert.Equal($"Association already exists: {id}",
            Error(await wire.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = other }), "ResourceInUseException", HttpStatusCode.Conflict));
        var second = Ok(await wire.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "writer", ["roleArn"] = other }))["association"]!["associationId"]!.GetValue<string>();
        var third = Ok(await wire.PostAsync(path, new JsonObject { ["namespace"] = "jobs", ["serviceAccount"] = "reader", ["roleArn"] = other }))["association"]!["associationId"]!.GetValue<string>();

        static IEnumerable<string> Ids(JsonObject body) => body["associations"]!.AsArray().Select(a => a!["associationId"]!.GetValue<string>());
        Assert.Equal([id, second, third], Ids(Ok(await wire.GetAsync(path))));
        Assert.Equal([id, second], Ids(Ok(await wire.GetAsync($"{path}?namespace=apps"))));
        Assert.Equal([id, third], Ids(Ok(await wire.GetAsync($"{path}?serviceAccount=reader"))));
        Assert.Equal([third], Ids(Ok(await wire.GetAsync($"{path}?namespace=jobs&serviceAccount=reader"))));
        var page = Ok(await wire.GetAsync($"{path}?maxResults=2"));
        Assert.Equal(2, page["associations"]!.AsArray().Count);
        Assert.Equal([third], Ids(Ok(await wire.GetAsync($"{path}?maxResults=2&nextToken={Uri.EscapeDataString(page["nextToken"]!.GetValue<string>())}"))));

        var updated = Ok(await wire.PostAsync($"{path}/{id}", new JsonObject { ["roleArn"] = other, ["disableSessionTags"] = true }))["association"]!;
        Assert.Equal((other, true, "reader"), (updated["roleArn"]!.GetValue<string>(), updated["disableSessionTags"]!.GetValue<bool>(), updated["serviceAccount"]!.GetValue<string>()));
        Assert.Equal(other, Ok(await wire.GetAsync($"{path}/{id}"))["association"]!["roleArn"]!.GetValue<string>());
        Assert.Equal(3, EksOf(fixture.Emulator).SystemSpecOf(Key(cluster)).PodIdentityAssociations.Count);

        Ok(await wire.DeleteAsync($"{path}/{id}"));
        Error(await wire.GetAsync($"{path}/{id}"), "ResourceNotFoundException", HttpStatusCode.NotFound);
        Error(await wire.DeleteAsync($"{path}/{id}"), "ResourceNotFoundException", HttpStatusCode.NotFound);
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }

    [Fact]
    public async Task Bad_names_and_roles_are_refused_and_passing_the_role_needs_iam_PassRole()
    {
        using var iam = NewIam(Endpoint(fixture), fixture.RootCredentials);
        using var eks = NewEks(Endpoint(fixture), fixture.RootCredentials);
        using var wire = new EksWire(Endpoint(fixture), fixture.RootCredentials);
        var cluster = await ClusterAsync(eks, iam, "pod-identity-bad");
        var role = await RoleAsync(iam, TrustPods, "pods");
        var path = $"/clusters/{cluster.Name}/pod-identity-associations";

        Error(await wire.PostAsync(path, new JsonObject { ["namespace"] = "Apps", ["serviceAccount"] = "reader", ["roleArn"] = role }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.PostAsync(path, new JsonObject { ["serviceAccount"] = "reader", ["roleArn"] = role }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = "arn:aws:iam::000000000000:user/u" }), "InvalidParameterException", HttpStatusCode.BadRequest);
        Error(await wire.GetAsync($"{path}/a-00000000000000000"), "ResourceNotFoundException", HttpStatusCode.NotFound);

        const string EksOnly = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"}]}""";
        var (_, credentials) = await UserAsync(iam, Unique("eks-only"), EksOnly);
        using var eksOnly = new EksWire(Endpoint(fixture), credentials);
        var denied = Error(await eksOnly.PostAsync(path, new JsonObject { ["namespace"] = "apps", ["serviceAccount"] = "reader", ["roleArn"] = role }), "AccessDeniedException", HttpStatusCode.Forbidden);
        Assert.Contains("iam:PassRole", denied, StringComparison.Ordinal);
        Assert.Empty(Ok(await wire.GetAsync(path))["associations"]!.AsArray());
        await eks.DeleteClusterAsync(cluster.Name, Ct);
    }
}
