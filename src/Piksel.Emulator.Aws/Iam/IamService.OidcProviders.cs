using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

// OpenID Connect identity providers (IRSA): the issuer an STS AssumeRoleWithWebIdentity token must come from.
// ARN: arn:aws:iam::<account>:oidc-provider/<url without https://>. Thumbprints are optional since AWS verifies
// the JWKS endpoint against its trusted CAs; when given, at most five 40-hex-digit SHA-1 fingerprints.
public sealed partial class IamService
{
    private const int MaxClientIds = 100;
    private const int MaxThumbprints = 5;

    private void AddOidcProviderOperations()
    {
        Add("CreateOpenIDConnectProvider", CreateOidcProvider);
        Add("GetOpenIDConnectProvider", GetOidcProvider);
        Add("ListOpenIDConnectProviders", ListOidcProviders);
        Add("DeleteOpenIDConnectProvider", DeleteOidcProvider);
        Add("AddClientIDToOpenIDConnectProvider", c => ChangeOidcProvider(c, "iam:AddClientIDToOpenIDConnectProvider", ClientId(c.Query),
            (p, id) => p.ClientIds.Contains(id, StringComparer.Ordinal) ? p
                : p.ClientIds.Count >= MaxClientIds ? throw ClientIdQuota()
                : p with { ClientIds = [.. p.ClientIds, id] }));
        Add("RemoveClientIDFromOpenIDConnectProvider", c => ChangeOidcProvider(c, "iam:RemoveClientIDFromOpenIDConnectProvider", ClientId(c.Query),
            (p, id) => p with { ClientIds = p.ClientIds.Where(x => x != id).ToList() }));
        Add("UpdateOpenIDConnectProviderThumbprint", c => ChangeOidcProvider(c, "iam:UpdateOpenIDConnectProviderThumbprint", Thumbprints(c.Query, required: true),
            (p, thumbprints) => p with { Thumbprints = thumbprints }));
    }

    private Task CreateOidcProvider(AwsRequestContext c)
    {
        var url = c.Query.Required("Url");
        if (url.Length > 255) throw IamErrors.Constraint(url, "url", "Member must have length less than or equal to 255");
        // The URL is case-sensitive, must be https and may not carry a port (IAM's CreateOpenIDConnectProvider docs).
        if (!url.StartsWith("https://", StringComparison.Ordinal)) throw IamErrors.InvalidInput("The URL must begin with https://");
        if (url.Length == "https://".Length
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort || url["https://".Length..].Split('/')[0].Contains(':', StringComparison.Ordinal))
            throw IamErrors.Validation("Invalid Open ID Connect Provider URL");
        var clientIds = c.Query.GetList("ClientIDList");
        if (clientIds.Count > MaxClientIds) throw ClientIdQuota();
        foreach (var id in clientIds) CheckClientId(id);
        var thumbprints = Thumbprints(c.Query, required: false);
        var tags = RequestTags(c.Query);
        var arn = $"arn:aws:iam::{c.AccountId}:oidc-provider/{url["https://".Length..]}";
        c.Authorize("iam:CreateOpenIDConnectProvider", arn);
        var provider = new OidcProviderRecord
        {
            AccountId = c.AccountId,
            Arn = arn,
            Url = url,
            ClientIds = clientIds.Distinct(StringComparer.Ordinal).ToList(),
            Thumbprints = thumbprints,
            Tags = tags,
            CreateDate = Now(c),
        };
        lock (gate)
        {
            if (!Iam.OidcProviders.TryAdd(arn, provider)) throw IamErrors.AlreadyExists($"Provider with url {url} already exists.");
        }
        return Answer(c, xml =>
        {
            xml.WriteElementString("OpenIDConnectProviderArn", arn);
            if (tags.Count > 0) WriteTags(xml, tags);
        });
    }

    private Task GetOidcProvider(AwsRequestContext c)
    {
        var provider = AuthorizedOidcProvider(c, "iam:GetOpenIDConnectProvider");
        return Answer(c, xml =>
        {
            // IAM answers the URL without its scheme.
            xml.WriteElementString("Url", provider.Url["https://".Length..]);
            WriteStrings(xml, "ClientIDList", provider.ClientIds);
            WriteStrings(xml, "ThumbprintList", provider.Thumbprints);
            xml.WriteElementString("CreateDate", QueryResponse.Timestamp(provider.CreateDate));
            if (provider.Tags.Count > 0) WriteTags(xml, provider.Tags);
        });
    }

    private Task ListOidcProviders(AwsRequestContext c)
    {
        c.Authorize("iam:ListOpenIDConnectProviders", "*");
        var providers = Iam.OidcProviders.Values.Where(p => p.AccountId == c.AccountId).OrderBy(p => p.Arn, StringComparer.Ordinal).ToList();
        return Answer(c, xml => WriteMembers(xml, "OpenIDConnectProviderList", providers, (x, p) => x.WriteElementString("Arn", p.Arn)));
    }

    private Task DeleteOidcProvider(AwsRequestContext c)
    {
        var provider = AuthorizedOidcProvider(c, "iam:DeleteOpenIDConnectProvider");
        lock (gate)
        {
            if (!Iam.OidcProviders.Remove(provider.Arn)) throw NoSuchOidcProvider(provider.Arn);
        }
        return Answer(c, null);
    }

    private Task ChangeOidcProvider<T>(AwsRequestContext c, string action, T value, Func<OidcProviderRecord, T, OidcProviderRecord> change)
    {
        var provider = AuthorizedOidcProvider(c, action);
        lock (gate)
        {
            Iam.OidcProviders.Update(provider.Arn, p => p is null ? throw NoSuchOidcProvider(provider.Arn) : change(p, value));
        }
        return Answer(c, null);
    }

    private OidcProviderRecord AuthorizedOidcProvider(AwsRequestContext c, string action)
    {
        var arn = c.Query.Required("OpenIDConnectProviderArn");
        if (Arn.TryParse(arn) is not { Service: "iam" } parsed || !parsed.Resource.StartsWith("oidc-provider/", StringComparison.Ordinal))
            throw IamErrors.InvalidInput($"ARN {arn} is not valid.");
        c.Authorize(action, arn);
        return Iam.OidcProviders.Find(arn) is { } p && p.AccountId == c.AccountId ? p : throw NoSuchOidcProvider(arn);
    }

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

    private static AwsServiceException NoSuchOidcProvider(string arn) => IamErrors.NoSuchEntity($"OpenIDConnect Provider not found for arn {arn}");
}
