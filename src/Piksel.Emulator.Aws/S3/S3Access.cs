using System.Net;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// S3's authorization, run by the pipeline for every declared action: the policy engine with the bucket policy as the
/// resource policy and the bucket owner as the resource account, then what S3 adds on top: Block Public Access
/// (RestrictPublicBuckets, IgnorePublicAcls), canned ACLs where ACLs are enabled, and Requester Pays. Account-level
/// actions (CreateBucket, ListBuckets) carry no bucket and are the identity's alone; anonymous callers never have them.
/// </summary>
internal static class S3Access
{
    /// <summary>Condition keys that tie a <c>"Principal": "*"</c> grant to known parties, which makes a policy non-public (S3's "public" rules).</summary>
    private static readonly string[] FixedValueConditionKeys =
    [
        "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceIp",
        "aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:userid", "aws:PrincipalOrgPaths",
        "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
    ];

    /// <summary>Allows <paramref name="demand"/> or throws S3's AccessDenied (or, for a bucket-policy operation from another account, MethodNotAllowed).</summary>
    public static void Authorize(AwsRequestContext context, AccessDemand demand)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(demand);
        if (demand.Access.Subject is not S3Subject subject)
        {
            if (context.Caller.Kind == PrincipalKind.Anonymous) throw S3Errors.AccessDenied(context.Caller, demand.Action, demand.Access.Resource);
            context.Authorize(demand);
            return;
        }
        if (!subject.OwnerOnly)
        {
            AuthorizeOnBucket(context, demand, subject);
            return;
        }
        // Bucket-policy operations: the owning account's root may always run them, even where the policy denies (so an
        // owner cannot lock itself out); callers from other accounts get 405 even when a policy would allow them.
        var owner = subject.Bucket.OwnerAccount;
        if (context.Caller.Kind == PrincipalKind.Root && context.AccountId == owner) return;
        AuthorizeOnBucket(context, demand, subject);
        if (context.AccountId != owner) throw S3Errors.MethodNotAllowed(context.Http.Request.Method, "BUCKET");
    }

    private static void AuthorizeOnBucket(AwsRequestContext context, AccessDemand demand, S3Subject subject)
    {
        var (action, access) = (demand.Action, demand.Access);
        var bucket = subject.Bucket;
        var keys = access.ContextKeys is null
            ? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, IReadOnlyList<string>>(access.ContextKeys, StringComparer.OrdinalIgnoreCase);
        AddRequestKeys(context, keys);
        var caller = context.Caller;
        var outsider = caller.Kind == PrincipalKind.Anonymous || caller.AccountId != bucket.OwnerAccount;
        if (outsider && bucket.PublicAccessBlock?.RestrictPublicBuckets == true && IsPublicPolicy(bucket.Policy))
            throw S3Errors.AccessDenied(caller, action, access.Resource);

        var result = context.Check(action, access.Resource, access.ResourcePolicy, access.ResourceAccount, keys);
        if (!result.Allowed && (result.ExplicitDeny || !AclGrants(caller, bucket, action, subject.ObjectAcl)))
            throw new AwsServiceException("AccessDenied", result.Message.Length > 0 ? result.Message : "Access Denied", HttpStatusCode.Forbidden);

        // Requester Pays: anyone but the owner must acknowledge the charge; anonymous requests are never allowed.
        if (bucket.Payer == "Requester" && outsider &&
            (caller.Kind == PrincipalKind.Anonymous || !string.Equals(context.Http.Request.Headers["x-amz-request-payer"], "requester", StringComparison.OrdinalIgnoreCase)))
        {
            throw S3Errors.AccessDenied(caller, action, access.Resource);
        }
    }

    /// <summary>Keys S3 sets on every request (s3:authType, s3:signatureversion, s3:x-amz-content-sha256).</summary>
    private static void AddRequestKeys(AwsRequestContext context, Dictionary<string, IReadOnlyList<string>> keys)
    {
        var request = context.Http.Request;
        if (context.Caller.Kind != PrincipalKind.Anonymous)
        {
            keys.TryAdd("s3:authType", [request.Headers.Authorization.Count > 0 ? "REST-HEADER" : "REST-QUERY-STRING"]);
            keys.TryAdd("s3:signatureversion", ["AWS4-HMAC-SHA256"]);
        }
        if (request.Headers["x-amz-content-sha256"].ToString() is { Length: > 0 } sha) keys.TryAdd("s3:x-amz-content-sha256", [sha]);
    }

    /// <summary>Whether a canned ACL grants what the action needs; ACLs count only when ownership controls leave them enabled and Block Public Access does not ignore them.</summary>
    private static bool AclGrants(Principal caller, S3Bucket bucket, string action, string? objectAcl)
    {
        if (bucket.ObjectOwnership == "BucketOwnerEnforced" || bucket.PublicAccessBlock?.IgnorePublicAcls == true) return false;
        static bool Grants(string acl, Principal caller, bool write) => acl switch
        {
            "public-read" => !write,
            "public-read-write" => true,
            "authenticated-read" => !write && caller.Kind != PrincipalKind.Anonymous,
            _ => false,
        };
        return action switch
        {
            "s3:GetObject" => objectAcl is not null && Grants(objectAcl, caller, write: false),
            "s3:ListBucket" or "s3:ListBucketMultipartUploads" => Grants(bucket.Acl, caller, write: false),
            "s3:PutObject" or "s3:DeleteObject" => Grants(bucket.Acl, caller, write: true),
            _ => false,
        };
    }

    /// <summary>S3's "public" test: an Allow to every principal that no fixed-value condition narrows.</summary>
    public static bool IsPublicPolicy(string? policy)
    {
        if (policy is null) return false;
        try
        {
            using var doc = JsonDocument.Parse(policy);
            if (!doc.RootElement.TryGetProperty("Statement", out var statements)) return false;
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            foreach (var statement in list)
            {
                if (!statement.TryGetProperty("Effect", out var effect) || effect.GetString() != "Allow") continue;
                if (!statement.TryGetProperty("Principal", out var principal) || !NamesEveryone(principal)) continue;
                if (!statement.TryGetProperty("Condition", out var condition) || !HasFixedCondition(condition)) return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }

        static bool NamesEveryone(JsonElement principal) => principal.ValueKind switch
        {
            JsonValueKind.String => principal.GetString() == "*",
            JsonValueKind.Object => principal.TryGetProperty("AWS", out var aws) &&
                (aws.ValueKind == JsonValueKind.String ? aws.GetString() == "*" : aws.ValueKind == JsonValueKind.Array && aws.EnumerateArray().Any(a => a.GetString() == "*")),
            _ => false,
        };

        static bool HasFixedCondition(JsonElement condition) =>
            condition.ValueKind == JsonValueKind.Object && condition.EnumerateObject().Any(op => op.Value.ValueKind == JsonValueKind.Object &&
                op.Value.EnumerateObject().Any(k => FixedValueConditionKeys.Contains(k.Name, StringComparer.OrdinalIgnoreCase)));
    }
}
