using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Iam;
using static Piksel.Emulator.Aws.Tests.Iam.IamTestSupport;

namespace Piksel.Emulator.Aws.Tests.Iam;

[Collection(EmulatorCollection.Name)]
public sealed class OidcProviderTests(EmulatorFixture fixture)
{
    private const string Thumbprint = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private readonly IamClient iam = Client(fixture);

    private static string Issuer() => $"https://oidc.eks.eu-west-1.amazonaws.com/id/{Guid.NewGuid().ToString("N").ToUpperInvariant()}";

    [Fact]
    public async Task Provider_lifecycle()
    {
        var issuer = Issuer();
        var arn = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest
        {
            Url = issuer,
            ClientIds = ["sts.amazonaws.com"],
            Thumbprints = [Thumbprint],
            Tags = [new IamTag("cluster", "a")],
        }, Ct);
        Assert.Equal($"arn:aws:iam::000000000000:oidc-provider/{issuer["https://".Length..]}", arn);
        Assert.Contains(arn, await iam.ListOpenIdConnectProvidersAsync(Ct));

        var provider = await iam.GetOpenIdConnectProviderAsync(arn, Ct);
        Assert.Equal(issuer["https://".Length..], provider.Url);
        Assert.Equal(["sts.amazonaws.com"], provider.ClientIds);
        Assert.Equal([Thumbprint], provider.Thumbprints);
        Assert.Equal([new IamTag("cluster", "a")], provider.Tags);

        await iam.AddClientIdToOpenIdConnectProviderAsync(arn, "my-app", Ct);
        await iam.AddClientIdToOpenIdConnectProviderAsync(arn, "my-app", Ct);
        await iam.RemoveClientIdFromOpenIdConnectProviderAsync(arn, "sts.amazonaws.com", Ct);
        await iam.RemoveClientIdFromOpenIdConnectProviderAsync(arn, "never-there", Ct);
        var other = new string('a', 40);
        await iam.UpdateOpenIdConnectProviderThumbprintAsync(arn, [other], Ct);
        await iam.TagOpenIdConnectProviderAsync(arn, [new IamTag("env", "dev")], Ct);
        await iam.UntagOpenIdConnectProviderAsync(arn, ["cluster"], Ct);
        provider = await iam.GetOpenIdConnectProviderAsync(arn, Ct);
        Assert.Equal(["my-app"], provider.ClientIds);
        Assert.Equal([other], provider.Thumbprints);
        Assert.Equal([new IamTag("env", "dev")], await iam.ListOpenIdConnectProviderTagsAsync(arn, Ct));

        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = issuer }, Ct), "EntityAlreadyExists");
        await iam.DeleteOpenIdConnectProviderAsync(arn, Ct);
        await Fails(() => iam.GetOpenIdConnectProviderAsync(arn, Ct), "NoSuchEntity");
        Assert.DoesNotContain(arn, await iam.ListOpenIdConnectProvidersAsync(Ct));
    }

    [Fact]
    public async Task Thumbprints_are_optional()
    {
        var arn = await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = Issuer(), ClientIds = ["sts.amazonaws.com"] }, Ct);
        Assert.Empty((await iam.GetOpenIdConnectProviderAsync(arn, Ct)).Thumbprints);
    }

    [Theory]
    [InlineData("http://oidc.example.com/id/1", "InvalidInput")]
    [InlineData("https://oidc.example.com:8443/id/1", "ValidationError")]
    [InlineData("oidc.example.com", "InvalidInput")]
    public async Task Bad_urls_are_refused(string url, string code) =>
        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = url }, Ct), code);

    [Fact]
    public async Task Thumbprint_and_client_id_limits_are_enforced()
    {
        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest
        {
            Url = Issuer(),
            Thumbprints = Enumerable.Range(0, 6).Select(i => new string((char)('a' + i), 40)).ToList(),
        }, Ct), "ValidationError");
        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = Issuer(), Thumbprints = ["abc"] }, Ct), "ValidationError");
        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest { Url = Issuer(), Thumbprints = [new string('z', 40)] }, Ct), "InvalidInput");
        await Fails(() => iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest
        {
            Url = Issuer(),
            ClientIds = Enumerable.Range(0, 101).Select(i => $"client-{i}").ToList(),
        }, Ct), "LimitExceeded");
    }
}
