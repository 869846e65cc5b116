using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// IAM OpenID Connect providers: url, client ids, thumbprints, tags. Outputs <c>arn</c> and <c>issuerHost</c>. The
/// provider's ARN is derived from its URL; its spec name (a cluster's) is kept in the
/// <see cref="ManagementTags.ResourceName"/> tag, which Read does not report, so <c>ListManaged</c> finds it by name.
/// </summary>
public sealed class IamOidcProviderHandler(AwsHandlerContext context) : AwsResourceHandler<IamOidcProvider, IamClient>(context)
{
    private const string ArnMarker = ":oidc-provider/";

    /// <inheritdoc />
    protected override string Noun => "OIDC provider";

    /// <inheritdoc />
    protected override IamClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    /// <remarks>The issuer is not known while its cluster does not exist, so neither can the provider be.</remarks>
    protected override bool CanExist(IamOidcProvider desired) => !OutputRef.HasTokens(desired.Url);

    /// <inheritdoc />
    protected override Task<Observed<IamOidcProvider>?> ReadAsync(IamClient client, IamOidcProvider desired, CancellationToken cancellationToken) =>
        ReadProviderAsync(client, desired, ArnOf(desired), cancellationToken);

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(IamClient client, IamOidcProvider desired, CancellationToken cancellationToken)
    {
        var arn = ArnOf(desired);
        var tags = ManagementTags.WithResourceName(desired.Tags, desired.Name);
        var current = await ReadProviderAsync(client, desired, arn, cancellationToken)
            ?? await CreateAndReadBackAsync(desired, () => client.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest
            {
                Url = desired.Url,
                ClientIds = desired.ClientIds,
                Thumbprints = desired.Thumbprints,
                Tags = tags.Select(t => new IamTag(t.Key, t.Value)).ToList(),
            }, cancellationToken), () => ReadProviderAsync(client, desired, arn, cancellationToken), "EntityAlreadyExists");

        var state = current.State;
        foreach (var id in desired.ClientIds.Except(state.ClientIds, StringComparer.Ordinal))
        {
            await client.AddClientIdToOpenIdConnectProviderAsync(arn, id, cancellationToken);
        }

        foreach (var id in state.ClientIds.Except(desired.ClientIds, StringComparer.Ordinal))
        {
            await client.RemoveClientIdFromOpenIdConnectProviderAsync(arn, id, cancellationToken);
        }

        if (!state.Thumbprints.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(desired.Thumbprints))
        {
            await client.UpdateOpenIdConnectProviderThumbprintAsync(arn, desired.Thumbprints, cancellationToken);
        }

        var actualTags = await client.ListOpenIdConnectProviderTagsAsync(arn, cancellationToken);
        var (set, remove) = Canonical.TagChanges(Canonical.Tags(actualTags, t => t.Key, t => t.Value), tags);
        if (set.Count > 0)
        {
            await client.TagOpenIdConnectProviderAsync(arn, set.Select(t => new IamTag(t.Key, t.Value)), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await client.UntagOpenIdConnectProviderAsync(arn, remove, cancellationToken);
        }

        return current.Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(IamClient client, Observed<IamOidcProvider> actual, CancellationToken cancellationToken)
    {
        var arn = actual.Outputs.TryGetValue(AwsResource.ArnOutput, out var known) ? known : ArnOf(actual.State);
        return IgnoringAbsentAsync(() => client.DeleteOpenIdConnectProviderAsync(arn, cancellationToken), "NoSuchEntity");
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(IamClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var arn in await client.ListOpenIdConnectProvidersAsync(cancellationToken))
        {
            var tags = Canonical.Tags(await client.ListOpenIdConnectProviderTagsAsync(arn, cancellationToken), t => t.Key, t => t.Value);
            var host = arn[(arn.IndexOf(ArnMarker, StringComparison.Ordinal) + ArnMarker.Length)..];
            var stub = new IamOidcProvider
            {
                Name = tags.GetValueOrDefault(ManagementTags.ResourceName, host),
                Account = account,
                Url = "https://" + host,
            };
            yield return new Listed(stub, tags, () => ReadProviderAsync(client, stub, arn, cancellationToken));
        }
    }

    /// <summary>The issuer host: the URL without its scheme and trailing slash.</summary>
    public static string HostOf(string url) =>
        (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url["https://".Length..] : url).TrimEnd('/');

    private static string ArnOf(IamOidcProvider provider) => $"arn:aws:iam::{provider.Account}:oidc-provider/{HostOf(provider.Url)}";

    private static async Task<Observed<IamOidcProvider>?> ReadProviderAsync(IamClient iam, IamOidcProvider desired, string arn, CancellationToken cancellationToken)
    {
        if (await OrNullAsync(() => iam.GetOpenIdConnectProviderAsync(arn, cancellationToken), "NoSuchEntity") is not { } provider)
        {
            return null;
        }

        var tags = provider.Tags.Count > 0 ? provider.Tags : await iam.ListOpenIdConnectProviderTagsAsync(arn, cancellationToken);
        var host = HostOf(provider.Url);
        var state = desired with
        {
            // IAM answers the URL without its scheme; the spec holds it with.
            Url = HostOf(desired.Url) == host ? desired.Url : "https://" + host,
            ClientIds = Canonical.SetLike(provider.ClientIds, desired.ClientIds),
            Thumbprints = Canonical.SetLike(provider.Thumbprints.Select(t => t.ToLowerInvariant()), desired.Thumbprints.Select(t => t.ToLowerInvariant()).ToList()),
            Tags = Canonical.Tags(tags.Where(t => !ManagementTags.IsHidden(t.Key)), t => t.Key, t => t.Value),
        };
        return new Observed<IamOidcProvider>(state, new Dictionary<string, string>
        {
            [AwsResource.ArnOutput] = arn,
            [IamOidcProvider.IssuerHostOutput] = host,
        });
    }
}
