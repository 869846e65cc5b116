using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Piksel.Emulator.Aws.Auth;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Kubernetes;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Aws.Eks;

/// <summary>
/// EKS's webhook token authentication, as aws-iam-authenticator does it: <c>Bearer k8s-aws-v1.&lt;base64url URL&gt;</c>
/// where the URL is an STS GetCallerIdentity request presigned with <c>x-k8s-aws-id: &lt;cluster&gt;</c> among its
/// signed headers. The URL must point at this emulator (or a public STS host), be at most 15 minutes old and carry a
/// valid signature for this cluster; the caller it proves is then mapped to a Kubernetes user through the cluster's
/// access entries (API modes) or the creator and the <c>aws-auth</c> ConfigMap (CONFIG_MAP modes). Anything else is 401.
/// </summary>
internal sealed class EksTokenAuthenticator(
    EmulatorState state,
    ServerContext server,
    Func<Uri?> edge,
    string clusterName,
    Func<EksClusterRecord?> cluster,
    Func<EksClusterRecord, Principal, EksAccessEntryRecord?> findEntry,
    ConditionalWeakTable<UserInfo, EksAccessGrant> grants) : IAuthenticator
{
    /// <summary>The prefix of EKS tokens.</summary>
    public const string Prefix = "k8s-aws-v1.";

    /// <summary>aws-iam-authenticator's limit on a token's size.</summary>
    private const int MaxTokenLength = 4096;

    /// <summary>A presigned GetCallerIdentity URL is good for 15 minutes whatever its X-Amz-Expires says (aws-iam-authenticator ignores it).</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private static readonly HashSet<string> AllowedParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Action", "Version", "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-SignedHeaders",
    };

    private readonly SigV4Verifier verifier = new(state.Credentials, state.Time, state.Options.AllowedClockSkew);

    /// <inheritdoc />
    public ValueTask<UserInfo?> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return ValueTask.FromResult<UserInfo?>(null);
        var token = header[7..].Trim();
        if (!token.StartsWith(Prefix, StringComparison.Ordinal)) return ValueTask.FromResult<UserInfo?>(null);
        // A token that is ours but fails is the end of the road: no other authenticator takes k8s-aws-v1 tokens.
        var user = token.Length <= MaxTokenLength && Verify(token[Prefix.Length..]) is { } caller && cluster() is { } current
            ? Map(current, caller)
            : null;
        return ValueTask.FromResult(user);
    }

    /// <summary>The caller the presigned URL proves, or null when it is not a valid, fresh GetCallerIdentity URL for this cluster.</summary>
    private Principal? Verify(string encoded)
    {
        string text;
        try { text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded.TrimEnd('='))); }
        catch (FormatException) { return null; }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || !IsStsHost(url) || url.AbsolutePath != "/")
            return null;
        var query = QueryHelpers.ParseQuery(url.Query);
        if (query.Keys.Any(k => !AllowedParameters.Contains(k))) return null;
        if (query.FirstOrDefault(p => p.Key.Equals("Action", StringComparison.OrdinalIgnoreCase)).Value.ToString() != "GetCallerIdentity") return null;
        var signedHeaders = query.FirstOrDefault(p => p.Key.Equals("X-Amz-SignedHeaders", StringComparison.OrdinalIgnoreCase)).Value.ToString();
        if (!signedHeaders.Split(';').Contains("x-k8s-aws-id", StringComparer.OrdinalIgnoreCase)) return null;

        // The GET aws-iam-authenticator makes, answered here in-process: same URL, same host, x-k8s-aws-id set to this cluster.
        var context = new DefaultHttpContext();
        var request = context.Request;
        request.Method = HttpMethods.Get;
        request.Scheme = url.Scheme;
        request.Host = new HostString(url.Authority);
        request.Path = "/";
        request.QueryString = new QueryString(url.Query);
        request.Headers["x-k8s-aws-id"] = clusterName;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = url.PathAndQuery;
        try
        {
            var signature = SigV4Verifier.Read(request);
            if (signature is null || signature.Service != "sts" || signature.RequestTime is not { } signedAt) return null;
            if (state.Time.GetUtcNow() > signedAt + Lifetime) return null;
            return verifier.Verify(request, [], signature with { ExpiresSeconds = null });
        }
        catch (SigV4FormatException)
        {
            return null;
        }
    }

    /// <summary>This emulator's edge endpoint (any loopback name for its port), or a public STS host.</summary>
    private bool IsStsHost(Uri url)
    {
        var host = url.Host.ToLowerInvariant();
        if (host == "sts.amazonaws.com" || (host.StartsWith("sts.", StringComparison.Ordinal) && host.EndsWith(".amazonaws.com", StringComparison.Ordinal)))
            return url.Scheme == "https";
        return edge() is { } endpoint && url.Port == endpoint.Port
            && (host.Equals(endpoint.Host, StringComparison.OrdinalIgnoreCase) || host is "127.0.0.1" or "localhost" or "[::1]");
    }

    private UserInfo? Map(EksClusterRecord record, Principal caller)
    {
        var sessionName = caller.Kind == PrincipalKind.AssumedRole ? caller.Name ?? "" : "";
        string username;
        var groups = new List<string>();
        EksAccessGrant? grant = null;
        if (record.AuthenticationMode != "CONFIG_MAP" && findEntry(record, caller) is { } entry)
        {
            username = entry.Username;
            grant = new EksAccessGrant(entry.Policies, entry.KubernetesGroups.Count > 0);
            groups.AddRange(entry.KubernetesGroups);
            if (entry.Policies.Any(p => p.PolicyArn == EksAccessPolicies.ClusterAdmin && p.ScopeType == "cluster")) groups.Add("system:masters");
        }
        else if (record.AuthenticationMode != "API" && AwsAuthConfigMap.Find(server, caller) is { } mapped)
        {
            (username, var mappedGroups) = mapped;
            groups.AddRange(mappedGroups);
        }
        else if (record.AuthenticationMode == "CONFIG_MAP" && record.BootstrapClusterCreatorAdminPermissions && EksService.IdentityArn(caller) == record.CreatorArn)
        {
            // In CONFIG_MAP mode the creator's admin rights are implicit (not an entry, not in aws-auth).
            username = caller.Kind == PrincipalKind.AssumedRole ? $"arn:aws:sts::{caller.AccountId}:assumed-role/{caller.RoleName}/{{{{SessionName}}}}" : caller.Arn;
            groups.Add("system:masters");
        }
        else
        {
            return null;
        }
        groups.Add("system:authenticated");
        var user = new UserInfo(
            Expand(username, caller, sessionName),
            $"aws-iam-authenticator:{caller.AccountId}:{caller.UserId}",
            groups.Distinct(StringComparer.Ordinal).ToList(),
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["arn"] = [caller.Arn],
                ["canonicalArn"] = [EksService.IdentityArn(caller)],
                ["sessionName"] = [sessionName],
                ["accessKeyId"] = [caller.AccessKeyId ?? ""],
                ["principalId"] = [caller.UserId],
            });
        if (grant is not null) grants.AddOrUpdate(user, grant);
        return user;
    }

    /// <summary>aws-iam-authenticator's templates: <c>{{SessionName}}</c> (with @ as -), <c>{{SessionNameRaw}}</c>, <c>{{AccountID}}</c>, <c>{{AccessKeyID}}</c>.</summary>
    private static string Expand(string template, Principal caller, string sessionName) => template
        .Replace("{{SessionNameRaw}}", sessionName, StringComparison.Ordinal)
        .Replace("{{SessionName}}", sessionName.Replace('@', '-'), StringComparison.Ordinal)
        .Replace("{{AccountID}}", caller.AccountId, StringComparison.Ordinal)
        .Replace("{{AccessKeyID}}", caller.AccessKeyId ?? "", StringComparison.Ordinal);
}
