using System.Net;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>Condition keys that tie a <c>"Principal": "*"</c> grant to known parties, which makes a policy non-public (S3's "public" rules).</summary>
    private static readonly string[] FixedValueConditionKeys =
    [
        "aws:SourceArn", "aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceIp",
        "aws:PrincipalOrgID", "aws:PrincipalAccount", "aws:PrincipalArn", "aws:userid", "aws:PrincipalOrgPaths",
        "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
    ];

    private S3Bucket RequireBucket(string name) =>
        buckets.Find(name) ?? throw new AwsServiceException("NoSuchBucket", "The specified bucket does not exist", HttpStatusCode.NotFound)
        {
            Details = new Dictionary<string, string> { ["BucketName"] = name },
        };

    private static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    private static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";

    /// <summary>
    /// Authorizes <paramref name="action"/> on the bucket (or on <paramref name="key"/> in it) with the bucket policy as the
    /// resource policy and the bucket owner as the resource account; then applies what S3 adds on top: Block Public Access
    /// (RestrictPublicBuckets, IgnorePublicAcls), canned ACLs where ACLs are enabled, and Requester Pays.
    /// </summary>
    private void Authorize(AwsRequestContext context, S3Bucket bucket, string action, string? key = null,
        Dictionary<string, IReadOnlyList<string>>? conditionKeys = null, string? objectAcl = null)
    {
        var resource = key is null ? BucketArn(bucket.Name) : ObjectArn(bucket.Name, key);
        var keys = conditionKeys ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        AddRequestKeys(context, keys);
        var caller = context.Caller;
        var outsider = caller.Kind == PrincipalKind.Anonymous || caller.AccountId != bucket.OwnerAccount;
        var block = bucket.PublicAccessBlock;
        if (outsider && block?.RestrictPublicBuckets == true && IsPublicPolicy(bucket.Policy))
            throw AccessDenied(context, action, resource);

        var policy = bucket.Policy is null ? null : new ResourcePolicy(bucket.Policy);
        var result = context.Check(action, resource, policy, bucket.OwnerAccount, keys);
        if (!result.Allowed && (result.ExplicitDeny || !AclGrants(caller, bucket, action, objectAcl)))
            throw new AwsServiceException("AccessDenied", result.Message.Length > 0 ? result.Message : "Access Denied", HttpStatusCode.Forbidden);

        // Requester Pays: anyone but the owner must acknowledge the charge; anonymous requests are never allowed.
        if (bucket.Payer == "Requester" && outsider &&
            (caller.Kind == PrincipalKind.Anonymous || !string.Equals(context.Http.Request.Headers["x-amz-request-payer"], "requester", StringComparison.OrdinalIgnoreCase)))
            throw AccessDenied(context, action, resource);
    }

    private static AwsServiceException AccessDenied(AwsRequestContext context, string action, string resource) =>
        new("AccessDenied", context.Caller.Kind == PrincipalKind.Anonymous
            ? "Access Denied"
            : $"User: {context.Caller.Arn} is not authorized to perform: {action} on resource: \"{resource}\"", HttpStatusCode.Forbidden);

    /// <summary>Keys S3 sets on every request (s3:authType, s3:signatureversion, s3:x-amz-content-sha256, s3:TlsVersion).</summary>
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
    internal static bool IsPublicPolicy(string? policy)
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
