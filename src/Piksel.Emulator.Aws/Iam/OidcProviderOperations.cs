using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>
/// OpenID Connect identity providers (IRSA): the issuer an STS AssumeRoleWithWebIdentity token must come from.
/// ARN: <c>arn:aws:iam::&lt;account&gt;:oidc-provider/&lt;url without https://&gt;</c>. Thumbprints are optional since AWS
/// verifies the JWKS endpoint against its trusted CAs; when given, at most five 40-hex-digit SHA-1 fingerprints.
/// </summary>
internal sealed class OidcProviderOperations(IamEntities iam) : IOperationGroup
{
    private const int MaxClientIds = 100;
    private const int MaxThumbprints = 5;

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateOpenIDConnectProvider", "iam:CreateOpenIDConnectProvider", CreateOidcProvider)
        .Add("GetOpenIDConnectProvider", "iam:GetOpenIDConnectProvider", GetOidcProvider)
        .Add("ListOpenIDConnectProviders", "iam:ListOpenIDConnectProviders", ListOidcProviders)
        .Add("DeleteOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", DeleteOidcProvider)
        .Add("AddClientIDToOpenIDConnectProvider", "iam:AddClientIDToOpenIDConnectProvider", c => Change(c, ClientId(c.Query),
            (p, id) => p.ClientIds.Contains(id, StringComparer.Ordinal) ? p
                : p.ClientIds.Count >= MaxClientIds ? throw ClientIdQuota()
                : p with { ClientIds = [.. p.ClientIds, id] }))
        .Add("RemoveClientIDFromOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider", c => Change(c, ClientId(c.Query),
            (p, id) => p with { ClientIds = p.ClientIds.Where(x => x != id).ToList() }))
        .Add("UpdateOpenIDConnectProviderThumbprint", "iam:UpdateOpenIDConnectProviderThumbprint", c => Change(c, Thumbprints(c.Query, required: true),
            (p, thumbprints) => p with { Thumbprints = thumbprints }));

    private OperationCall CreateOidcProvider(AwsRequestContext c)
    {
        var url = c.Query.Required("Url");
        if (url.Length > 255) throw IamErrors.Constraint(url, "url", "Member must have length less than or equal to 255");
        // The URL is case-sensitive, must be https and may not carry a port (IAM's CreateOpenIDConnectProvider docs).
        if (!url.StartsWith("https://", StringComparison.Ordinal)) throw IamErrors.InvalidInput("The URL must begin with https://");
        if (url.Length == "https://".Length
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort || url["https://".Length..].Split('/')[0].Contains(':', StringComparison.Ordinal))
        {
            throw IamErrors.Validation("Invalid Open ID Connect Provider URL");
        }

        var clientIds = c.Query.GetList("ClientIDList");
        if (clientIds.Count > MaxClientIds) throw ClientIdQuota();
        foreach (var id in clientIds) CheckClientId(id);
        var thumbprints = Thumbprints(c.Query, required: false);
        var tags = IamTags.Read(c.Query);
        var arn = $"arn:aws:iam::{c.AccountId}:oidc-provider/{url["https://".Length..]}";
        return OperationCall.On(arn, () =>
        {
            var provider = new OidcProviderRecord
            {
                AccountId = c.AccountId,
                Arn = arn,
                Url = url,
                ClientIds = clientIds.Distinct(StringComparer.Ordinal).ToList(),
                Thumbprints = thumbprints,
                Tags = tags,
                CreateDate = iam.Now(),
            };
            iam.Write(() =>
            {
                if (!iam.Store.OidcProviders.TryAdd(arn, provider)) throw IamErrors.AlreadyExists($"Provider with url {url} already exists.");
            });
            return IamXml.Answer(c, xml =>
            {
                xml.WriteElementString("OpenIDConnectProviderArn", arn);
                if (tags.Count > 0) IamXml.WriteTags(xml, tags);
            });
        });
    }

    private OperationCall GetOidcProvider(AwsRequestContext c)
    {
        var arn = ProviderArn(c.Query);
        return OperationCall.On(arn, () =>
        {
            var provider = Own(c, arn);
            return IamXml.Answer(c, xml =>
            {
                // IAM answers the URL without its scheme.
                xml.WriteElementString("Url", provider.Url["https://".Length..]);
                IamXml.WriteStrings(xml, "ClientIDList", provider.ClientIds);
                IamXml.WriteStrings(xml, "ThumbprintList", provider.Thumbprints);
                xml.WriteElementString("CreateDate", QueryResponse.Timestamp(provider.CreateDate));
                if (provider.Tags.Count > 0) IamXml.WriteTags(xml, provider.Tags);
            });
        });
    }

    private OperationCall ListOidcProviders(AwsRequestContext c) => OperationCall.On(Access.Any, () =>
    {
        var providers = iam.Store.OidcProviders.Values.Where(p => p.AccountId == c.AccountId).OrderBy(p => p.Arn, StringComparer.Ordinal).ToList();
        return IamXml.Answer(c, xml => IamXml.WriteMembers(xml, "OpenIDConnectProviderList", providers, (x, p) => x.WriteElementString("Arn", p.Arn)));
    });

    private OperationCall DeleteOidcProvider(AwsRequestContext c)
    {
        var arn = ProviderArn(c.Query);
        return OperationCall.On(arn, () =>
        {
            var provider = Own(c, arn);
            iam.Write(() =>
            {
                if (!iam.Store.OidcProviders.Remove(provider.Arn)) throw IamErrors.NoSuchOidcProvider(provider.Arn);
            });
            return IamXml.Answer(c, null);
        });
    }

    /// <summary>Authorizes the operation on the provider, then applies <paramref name="change"/> with <paramref name="value"/> (read first) under the write gate.</summary>
    private OperationCall Change<T>(AwsRequestContext c, T value, Func<OidcProviderRecord, T, OidcProviderRecord> change)
    {
        var arn = ProviderArn(c.Query);
        return OperationCall.On(arn, () =>
        {
            var provider = Own(c, arn);
            iam.Write(() => iam.Store.OidcProviders.Update(provider.Arn, p => p is null ? throw IamErrors.NoSuchOidcProvider(provider.Arn) : change(p, value)));
            return IamXml.Answer(c, null);
        });
    }

    /// <summary>The <c>OpenIDConnectProviderArn</c> parameter, which must name an OIDC provider.</summary>
    private static string ProviderArn(QueryParameters query)
    {
        var arn = query.Required("OpenIDConnectProviderArn");
        if (Arn.TryParse(arn) is not { Service: "iam" } parsed || !parsed.Resource.StartsWith("oidc-provider/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        return arn;
    }

    /// <summary>The caller's account's provider with that ARN; NoSuchEntity otherwise.</summary>
    private OidcProviderRecord Own(AwsRequestContext c, string arn) =>
        iam.Store.OidcProviders.Find(arn) is { } p && p.AccountId == c.AccountId ? p : throw IamErrors.NoSuchOidcProvider(arn);

    private static string ClientId(QueryParameters query)
    {
        var id = query.Required("ClientID");
        CheckClientId(id);
        return id;
    }

    private static void CheckClientId(string id)
    {
        if (id.Length is < 1 or > 255) throw IamErrors.Constraint(id, "clientID", "Member must have length less than or equal to 255");
    }

    private static IReadOnlyList<string> Thumbprints(QueryParameters query, bool required)
    {
        var thumbprints = query.GetList("ThumbprintList");
        if (required && thumbprints.Count == 0) throw IamErrors.Constraint("null", "thumbprintList", "Member must not be null");
        if (thumbprints.Count > MaxThumbprints)
            throw IamErrors.Constraint($"[{string.Join(", ", thumbprints)}]", "thumbprintList", $"Member must have length less than or equal to {MaxThumbprints}");
        foreach (var t in thumbprints)
        {
            if (t.Length != 40) throw IamErrors.Constraint(t, "thumbprintList.member", "Member must have length greater than or equal to 40 and less than or equal to 40");
            if (!t.All(char.IsAsciiHexDigit)) throw IamErrors.InvalidInput($"Thumbprint {t} is not a valid SHA-1 hex fingerprint.");
        }
        return thumbprints;
    }

    private static AwsServiceException ClientIdQuota() => IamErrors.LimitExceeded($"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MaxClientIds}");
}
