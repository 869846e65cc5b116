using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Definition;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// IAM OpenID Connect providers: url, client ids, thumbprints, tags. Outputs <c>arn</c> and <c>issuerHost</c>. The
/// provider's ARN is derived from its URL; its spec name (a cluster's) is kept in the
/// <see cref="HiddenTags.ResourceName"/> tag, which Read does not report, so <c>ListManaged</c> finds it by name.
/// </summary>
public sealed class IamOidcProviderHandler(AwsHandlerContext context) : IResourceHandler<IamOidcProvider>
{
    /// <inheritdoc />
    public async Task<Observed<IamOidcProvider>?> ReadAsync(IamOidcProvider desired, CancellationToken cancellationToken)
    {
        if (OutputRef.HasTokens(desired.Url))
        {
            // The issuer is not known yet (its cluster does not exist), so neither can the provider be.
            return null;
        }

        var iam = await ClientAsync(desired.Account, cancellationToken);
        return await AwsErrors.Guard($"Reading OIDC provider {desired.Name}", () => ReadProviderAsync(iam, desired, ArnOf(desired), cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(IamOidcProvider desired, Observed<IamOidcProvider>? actual, CancellationToken cancellationToken)
    {
        var iam = await ClientAsync(desired.Account, cancellationToken);
        var arn = ArnOf(desired);
        return await AwsErrors.Guard($"Applying OIDC provider {desired.Name}", async () =>
        {
            var current = await ReadProviderAsync(iam, desired, arn, cancellationToken);
            if (current is null)
            {
                try
                {
                    await iam.CreateOpenIdConnectProviderAsync(new CreateOpenIdConnectProviderRequest
                    {
                        Url = desired.Url,
                        ClientIds = desired.ClientIds,
                        Thumbprints = desired.Thumbprints,
                        Tags = WithName(desired).Select(t => new IamTag(t.Key, t.Value)).ToList(),
                    }, cancellationToken);
                }
                catch (Exception e) when (AwsErrors.Is(e, "EntityAlreadyExists"))
                {
                    // An earlier attempt created it; converge below.
                }

                current = await ReadProviderAsync(iam, desired, arn, cancellationToken)
                    ?? throw new RetryableResourceException($"OIDC provider {desired.Name} not yet visible after creation.");
            }

            var state = current.State;
            foreach (var id in desired.ClientIds.Except(state.ClientIds, StringComparer.Ordinal))
            {
                await iam.AddClientIdToOpenIdConnectProviderAsync(arn, id, cancellationToken);
            }

            foreach (var id in state.ClientIds.Except(desired.ClientIds, StringComparer.Ordinal))
            {
                await iam.RemoveClientIdFromOpenIdConnectProviderAsync(arn, id, cancellationToken);
            }

            if (!state.Thumbprints.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(desired.Thumbprints))
            {
                await iam.UpdateOpenIdConnectProviderThumbprintAsync(arn, desired.Thumbprints, cancellationToken);
            }

            var actualTags = await iam.ListOpenIdConnectProviderTagsAsync(arn, cancellationToken);
            var (set, remove) = Canonical.TagChanges(Canonical.Tags(actualTags, t => t.Key, t => t.Value), WithName(desired));
            if (set.Count > 0)
            {
                await iam.TagOpenIdConnectProviderAsync(arn, set.Select(t => new IamTag(t.Key, t.Value)), cancellationToken);
            }

            if (remove.Count > 0)
            {
                await iam.UntagOpenIdConnectProviderAsync(arn, remove, cancellationToken);
            }

            return current.Outputs;
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<IamOidcProvider> actual, CancellationToken cancellationToken)
    {
        var iam = await ClientAsync(actual.State.Account, cancellationToken);
        var arn = actual.Outputs.TryGetValue(AwsResource.ArnOutput, out var known) ? known : ArnOf(actual.State);
        await AwsErrors.Guard($"Deleting OIDC provider {actual.State.Name}", async () =>
        {
            try
            {
                await iam.DeleteOpenIdConnectProviderAsync(arn, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "NoSuchEntity"))
            {
                // Already gone.
            }
        });
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<IamOidcProvider>>> ListManagedAsync(string environment, CancellationToken cancellationToken)
    {
        var found = new List<Observed<IamOidcProvider>>();
        foreach (var account in context.ManagedAccounts)
        {
            var iam = await ClientAsync(account, cancellationToken);
            await AwsErrors.Guard("Listing OIDC providers", async () =>
            {
                foreach (var arn in await iam.ListOpenIdConnectProvidersAsync(cancellationToken))
                {
                    var tags = Canonical.Tags(await iam.ListOpenIdConnectProviderTagsAsync(arn, cancellationToken), t => t.Key, t => t.Value);
                    if (!PikselTags.AreManaged(tags, environment))
                    {
                        continue;
                    }

                    var host = arn[(arn.IndexOf(":oidc-provider/", StringComparison.Ordinal) + ":oidc-provider/".Length)..];
                    var stub = new IamOidcProvider
                    {
                        Name = tags.GetValueOrDefault(HiddenTags.ResourceName, host),
                        Account = account,
                        Url = "https://" + host,
                    };
                    if (await ReadProviderAsync(iam, stub, arn, cancellationToken) is { } observed)
                    {
                        found.Add(observed);
                    }
                }
            });
        }

        return found;
    }

    /// <summary>The issuer host: the URL without its scheme and trailing slash.</summary>
    public static string HostOf(string url) =>
        (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? url["https://".Length..] : url).TrimEnd('/');

    private static string ArnOf(IamOidcProvider provider) => $"arn:aws:iam::{provider.Account}:oidc-provider/{HostOf(provider.Url)}";

    private static Dictionary<string, string> WithName(IamOidcProvider desired) =>
        new Dictionary<string, string>(desired.Tags, StringComparer.Ordinal) { [HiddenTags.ResourceName] = desired.Name };

    private Task<IamClient> ClientAsync(string account, CancellationToken cancellationToken) =>
        context.ClientAsync(this, account, null, options => new IamClient(options), cancellationToken);

    private static async Task<Observed<IamOidcProvider>?> ReadProviderAsync(IamClient iam, IamOidcProvider desired, string arn, CancellationToken cancellationToken)
    {
        OpenIdConnectProvider provider;
        try
        {
            provider = await iam.GetOpenIdConnectProviderAsync(arn, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "NoSuchEntity"))
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
            Tags = Canonical.Tags(tags.Where(t => t.Key != HiddenTags.ResourceName), t => t.Key, t => t.Value),
        };
        return new Observed<IamOidcProvider>(state, new Dictionary<string, string>
        {
            [AwsResource.ArnOutput] = arn,
            [IamOidcProvider.IssuerHostOutput] = host,
        });
    }
}

/// <summary>Tags the handlers keep for themselves and leave out of what Read reports.</summary>
public static class HiddenTags
{
    /// <summary>The spec name of a resource whose AWS identity is not its name (OIDC providers, KMS keys).</summary>
    public const string ResourceName = "piksel:resource-name";
}
