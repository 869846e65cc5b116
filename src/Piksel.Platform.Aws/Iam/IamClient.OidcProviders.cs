namespace Piksel.Platform.Aws.Iam;

// OpenID Connect providers (the issuers IRSA trusts).
public sealed partial class IamClient
{
    /// <summary>Registers the provider and answers its ARN.</summary>
    public async Task<string> CreateOpenIdConnectProviderAsync(CreateOpenIdConnectProviderRequest request, CancellationToken cancellationToken = default) =>
        Required(await Call("CreateOpenIDConnectProvider", cancellationToken,
            P(("Url", request.Url)), Members("ClientIDList", request.ClientIds), Members("ThumbprintList", request.Thumbprints),
            TagParameters(request.Tags)), "OpenIDConnectProviderArn");

    public async Task<OpenIdConnectProvider> GetOpenIdConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default)
    {
        var result = await Call("GetOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)));
        return new OpenIdConnectProvider
        {
            Arn = providerArn,
            Url = Required(result, "Url"),
            ClientIds = Strings(result, "ClientIDList"),
            Thumbprints = Strings(result, "ThumbprintList"),
            CreateDate = Date(result, "CreateDate"),
            Tags = Tags(result),
        };
    }

    /// <summary>The ARNs of the account's OIDC providers.</summary>
    public async Task<IReadOnlyList<string>> ListOpenIdConnectProvidersAsync(CancellationToken cancellationToken = default) =>
        MembersOf(await Call("ListOpenIDConnectProviders", cancellationToken), "OpenIDConnectProviderList").Select(m => Required(m, "Arn")).ToList();

    public Task DeleteOpenIdConnectProviderAsync(string providerArn, CancellationToken cancellationToken = default) =>
        Call("DeleteOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)));

    public Task AddClientIdToOpenIdConnectProviderAsync(string providerArn, string clientId, CancellationToken cancellationToken = default) =>
        Call("AddClientIDToOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn), ("ClientID", clientId)));

    public Task RemoveClientIdFromOpenIdConnectProviderAsync(string providerArn, string clientId, CancellationToken cancellationToken = default) =>
        Call("RemoveClientIDFromOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn), ("ClientID", clientId)));

    /// <summary>Replaces the provider's thumbprint list.</summary>
    public Task UpdateOpenIdConnectProviderThumbprintAsync(string providerArn, IEnumerable<string> thumbprints, CancellationToken cancellationToken = default) =>
        Call("UpdateOpenIDConnectProviderThumbprint", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Members("ThumbprintList", thumbprints));

    public Task TagOpenIdConnectProviderAsync(string providerArn, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        Call("TagOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), TagParameters(tags));

    public Task UntagOpenIdConnectProviderAsync(string providerArn, IEnumerable<string> tagKeys, CancellationToken cancellationToken = default) =>
        Call("UntagOpenIDConnectProvider", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Members("TagKeys", tagKeys));

    public Task<IReadOnlyList<IamTag>> ListOpenIdConnectProviderTagsAsync(string providerArn, CancellationToken cancellationToken = default) =>
        CollectAsync(AllPages(async marker => Page(await Call("ListOpenIDConnectProviderTags", cancellationToken, P(("OpenIDConnectProviderArn", providerArn)), Paging(marker, null)),
            "Tags", t => new IamTag(Required(t, "Key"), Text(t, "Value") ?? "")), cancellationToken));
}
