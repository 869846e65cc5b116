using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Tests.Eks.Crds;

/// <summary>The Flux CRDs' rules on valid and broken objects.</summary>
public sealed class FluxRuleTests
{
    private const string HelmReleases = "helmreleases.helm.toolkit.fluxcd.io";
    private const string GitRepositories = "gitrepositories.source.toolkit.fluxcd.io";

    private const string Release = """
        {"apiVersion":"helm.toolkit.fluxcd.io/v2","kind":"HelmRelease","metadata":{"name":"jupyterhub","namespace":"jupyterhub"},
         "spec":{"interval":"10m","chart":{"spec":{"chart":"jupyterhub","version":"3.3.x","sourceRef":{"kind":"HelmRepository","name":"jupyterhub"}}},
           "values":{"hub":{"replicas":1}}}}
        """;

    private const string Repository = """
        {"apiVersion":"source.toolkit.fluxcd.io/v1","kind":"GitRepository","metadata":{"name":"platform","namespace":"flux-system"},
         "spec":{"interval":"1m","url":"https://github.com/piksel/platform","ref":{"branch":"main"}}}
        """;

    [Fact]
    public void Valid_objects_pass()
    {
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(HelmReleases), JsonNode.Parse(Release)!));
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(GitRepositories), JsonNode.Parse(Repository)!));
        var azure = JsonPointer.With(JsonNode.Parse(Repository)!, "/spec/provider", JsonValue.Create("azure"));
        JsonPointer.With(azure, "/spec/serviceAccountName", JsonValue.Create("flux"));
        Assert.Empty(CrdRuleRunner.Violations(PlatformCrdsTests.Crd(GitRepositories), azure));
    }

    [Fact]
    public void A_HelmRelease_needs_exactly_one_of_chart_and_chartRef()
    {
        var both = JsonPointer.With(JsonNode.Parse(Release)!, "/spec/chartRef", JsonNode.Parse("""{"kind":"OCIRepository","name":"podinfo"}"""));
        Assert.Equal([(".spec", "either chart or chartRef must be set")], CrdRuleRunner.Violations(PlatformCrdsTests.Crd(HelmReleases), both));
        var neither = JsonNode.Parse(Release)!;
        ((JsonObject)neither["spec"]!).Remove("chart");
        Assert.Equal([(".spec", "either chart or chartRef must be set")], CrdRuleRunner.Violations(PlatformCrdsTests.Crd(HelmReleases), neither));
    }

    [Fact]
    public void A_GitRepository_service_account_needs_the_azure_provider()
    {
        var generic = JsonPointer.With(JsonNode.Parse(Repository)!, "/spec/serviceAccountName", JsonValue.Create("flux"));
        Assert.Equal([(".spec", "serviceAccountName can only be set when provider is 'azure'")], CrdRuleRunner.Violations(PlatformCrdsTests.Crd(GitRepositories), generic));
    }
}
