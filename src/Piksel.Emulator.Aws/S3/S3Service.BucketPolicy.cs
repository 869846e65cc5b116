using System.Net;
using System.Text;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Identity;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    /// <summary>
    /// Bucket-policy operations: the root user of the owning account may always run them, even where the policy denies
    /// (so an owner cannot lock itself out); callers from other accounts get 405 even when a policy would allow them.
    /// </summary>
    private void AuthorizePolicyOperation(AwsRequestContext context, S3Bucket bucket, string action)
    {
        if (context.Caller.Kind == PrincipalKind.Root && context.AccountId == bucket.OwnerAccount) return;
        Authorize(context, bucket, action);
        if (context.AccountId != bucket.OwnerAccount) throw MethodNotAllowed(context.Http.Request.Method, "BUCKET");
    }

    private Task PutBucketPolicyAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        AuthorizePolicyOperation(context, bucket, "s3:PutBucketPolicy");
        var text = Encoding.UTF8.GetString(context.Body.Span).Trim();
        ValidateBucketPolicy(name, text);
        if (bucket.PublicAccessBlock?.BlockPublicPolicy == true && IsPublicPolicy(text))
            throw new AwsServiceException("AccessDenied",
                $"User: {context.Caller.Arn} is not authorized to perform: s3:PutBucketPolicy on resource: \"{BucketArn(name)}\" because public policies are blocked by the BlockPublicPolicy block public access setting.",
                HttpStatusCode.Forbidden);
        buckets.Update(name, current => current is null ? null : current with { Policy = text });
        context.Http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>IAM's grammar (through <see cref="PolicyDocument.Parse"/>) plus S3's own rules: a Principal in every statement and resources in this bucket.</summary>
    private static void ValidateBucketPolicy(string bucket, string text)
    {
        if (!text.StartsWith('{')) throw MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        try { PolicyDocument.Parse(text); }
        catch (PolicyParseException e) { throw MalformedPolicy(e.Message); }
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("Statement", out var statements)) throw MalformedPolicy("Missing required field Statement");
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            foreach (var statement in list)
            {
                if (!statement.TryGetProperty("Principal", out _) && !statement.TryGetProperty("NotPrincipal", out _))
                    throw MalformedPolicy("Missing required field Principal");
                foreach (var action in Strings(statement, "Action").Concat(Strings(statement, "NotAction")))
                    if (action != "*" && !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && !action.StartsWith("s3-object-lambda:", StringComparison.OrdinalIgnoreCase))
                        throw MalformedPolicy("Policy has invalid action");
                var resources = Strings(statement, "Resource").Concat(Strings(statement, "NotResource")).ToList();
                if (resources.Count == 0) throw MalformedPolicy("Missing required field Resource");
                foreach (var resource in resources)
                    if (!ResourceInBucket(bucket, resource)) throw MalformedPolicy("Policy has invalid resource");
            }
        }
        catch (JsonException)
        {
            throw MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        }
    }

    private static bool ResourceInBucket(string bucket, string resource)
    {
        const string prefix = "arn:aws:s3:::";
        if (!resource.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = resource[prefix.Length..];
        var bucketPart = rest.Split('/', 2)[0];
        if (!bucketPart.Contains('*', StringComparison.Ordinal) && !bucketPart.Contains('?', StringComparison.Ordinal)) return bucketPart == bucket;
        var pattern = "^" + System.Text.RegularExpressions.Regex.Escape(bucketPart).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return System.Text.RegularExpressions.Regex.IsMatch(bucket, pattern);
    }

    private static List<string> Strings(JsonElement statement, string property)
    {
        if (!statement.TryGetProperty(property, out var value)) return [];
        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList(),
            _ => throw MalformedPolicy($"Invalid {property} element"),
        };
    }

    private static AwsServiceException MalformedPolicy(string message) => new("MalformedPolicy", message);

    private Task GetBucketPolicyAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        AuthorizePolicyOperation(context, bucket, "s3:GetBucketPolicy");
        var policy = bucket.Policy ?? throw NoSuchBucketPolicy(name);
        var bytes = Encoding.UTF8.GetBytes(policy);
        context.Http.Response.StatusCode = 200;
        context.Http.Response.ContentType = "application/json";
        context.Http.Response.ContentLength = bytes.Length;
        return context.Http.Response.Body.WriteAsync(bytes).AsTask();
    }

    private static AwsServiceException NoSuchBucketPolicy(string name) =>
        new("NoSuchBucketPolicy", "The bucket policy does not exist", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = name } };

    private Task DeleteBucketPolicyAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        AuthorizePolicyOperation(context, bucket, "s3:DeleteBucketPolicy");
        buckets.Update(name, current => current is null ? null : current with { Policy = null });
        context.Http.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private Task GetBucketPolicyStatusAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketPolicyStatus");
        var policy = bucket.Policy ?? throw NoSuchBucketPolicy(name);
        return S3Xml.WriteAsync(context.Http, "PolicyStatus", xml => xml.Element("IsPublic", IsPublicPolicy(policy) ? "true" : "false"));
    }
}
