using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

namespace Piksel.Emulator.Aws.Tests.Eks.SystemLayer;

/// <summary>Fargate's sizing (EKS user guide, Fargate pod configuration) and profile namespace wildcards.</summary>
public sealed class FargateCapacityTests
{
    [Theory]
    [InlineData(null, null, null, null, "0.25vCPU 0.5GB")]
    [InlineData("250m", "256Mi", null, null, "0.25vCPU 0.5GB")]
    [InlineData("250m", "257Mi", null, null, "0.25vCPU 1GB")]
    [InlineData("100m", "2Gi", null, null, "0.5vCPU 3GB")]
    [InlineData("1", "1Gi", null, null, "1vCPU 2GB")]
    [InlineData("500m", "512Mi", "2", "1Gi", "2vCPU 4GB")]
    [InlineData("4", "30Gi", null, null, "8vCPU 32GB")]
    [InlineData("16", "119Gi", null, null, "16vCPU 120GB")]
    public void Requests_round_up_to_the_next_fargate_size(string? cpu, string? memory, string? initCpu, string? initMemory, string expected)
    {
        var pod = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(Container(cpu, memory)),
                ["initContainers"] = new JsonArray(Container(initCpu, initMemory)),
            },
        };
        Assert.Equal(expected, FargateCapacity.For(pod)?.ToString());
    }

    [Fact]
    public void Limits_stand_in_for_missing_requests_and_app_containers_add_up()
    {
        var pod = JsonNode.Parse("""{"spec":{"containers":[{"resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"resources":{"requests":{"cpu":"1","memory":"1Gi"}}}]}}""")!.AsObject();
        Assert.Equal("2vCPU 4GB", FargateCapacity.For(pod)!.ToString());
    }

    [Theory]
    [InlineData("17", "1Gi")]
    [InlineData("1", "121Gi")]
    public void Beyond_the_largest_size_nothing_fits(string cpu, string memory) =>
        Assert.Null(FargateCapacity.For(new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(Container(cpu, memory)) } }));

    [Fact]
    public void A_malformed_quantity_asks_for_nothing() =>
        Assert.Equal("0.25vCPU 0.5GB", FargateCapacity.For(JsonNode.Parse("""{"spec":{"containers":[{"resources":{"requests":{"cpu":"lots","memory":7}}}]}}""")!.AsObject())!.ToString());

    [Theory]
    [InlineData("kube-system", "kube-system", true)]
    [InlineData("*", "anything", true)]
    [InlineData("team-?", "team-a", true)]
    [InlineData("team-?", "team-ab", false)]
    [InlineData("*-system", "flux-system", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    [InlineData("prod", "production", false)]
    public void Namespace_wildcards(string pattern, string ns, bool matches) => Assert.Equal(matches, FargateProfileMatcher.Glob(pattern, ns));

    [Fact]
    public void Globbing_a_long_namespace_against_many_stars_is_linear() =>
        Assert.False(FargateProfileMatcher.Glob(string.Concat(Enumerable.Repeat("a*", 30)) + "b", new string('a', 63)));

    private static JsonObject Container(string? cpu, string? memory)
    {
        var requests = new JsonObject();
        if (cpu is not null) requests["cpu"] = cpu;
        if (memory is not null) requests["memory"] = memory;
        return new JsonObject { ["name"] = "c", ["resources"] = new JsonObject { ["requests"] = requests } };
    }
}
