using System.Net;
using System.Text;
using System.Text.Json;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// Bucket policies: put (IAM's grammar plus S3's rules, refused when public under BlockPublicPolicy), get, delete, and
/// the policy status. Put, get and delete are owner-only (<see cref="S3Subject.OnBucketPolicy"/>).
/// </summary>
internal sealed class BucketPolicyOperations(S3Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutBucketPolicy", "s3:PutBucketPolicy", PutBucketPolicy)
        .Add("GetBucketPolicy", "s3:GetBucketPolicy", GetBucketPolicy)
        .Add("DeleteBucketPolicy", "s3:DeleteBucketPolicy", DeleteBucketPolicy)
        .Add("GetBucketPolicyStatus", "s3:GetBucketPolicyStatus", GetBucketPolicyStatus);

    private OperationCall PutBucketPolicy(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucketPolicy(bucket), () =>
        {
            var text = Encoding.UTF8.GetString(context.Body.Span).Trim();
            Validate(bucket.Name, text);
            if (bucket.PublicAccessBlock?.BlockPublicPolicy == true && S3Access.IsPublicPolicy(text))
            {
                throw new AwsServiceException("AccessDenied",
                    $"User: {context.Caller.Arn} is not authorized to perform: s3:PutBucketPolicy on resource: \"{S3Subject.BucketArn(bucket.Name)}\" because public policies are blocked by the BlockPublicPolicy block public access setting.",
                    HttpStatusCode.Forbidden);
            }

            store.UpdateBucket(bucket.Name, b => b with { Policy = text });
            return S3Xml.Status(context.Http, 204);
        });
    }

    private OperationCall GetBucketPolicy(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucketPolicy(bucket), () =>
        {
            var policy = bucket.Policy ?? throw NoSuchBucketPolicy(bucket.Name);
            var bytes = Encoding.UTF8.GetBytes(policy);
            var response = context.Http.Response;
            response.StatusCode = 200;
            response.ContentType = "application/json";
            response.ContentLength = bytes.Length;
            return response.Body.WriteAsync(bytes).AsTask();
        });
    }

    private OperationCall DeleteBucketPolicy(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucketPolicy(bucket), () =>
        {
            store.UpdateBucket(bucket.Name, b => b with { Policy = null });
            return S3Xml.Status(context.Http, 204);
        });
    }

    private OperationCall GetBucketPolicyStatus(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var policy = bucket.Policy ?? throw NoSuchBucketPolicy(bucket.Name);
            return S3Xml.WriteAsync(context.Http, "PolicyStatus", xml => xml.Element("IsPublic", XmlValues.Bool(S3Access.IsPublicPolicy(policy))));
        });
    }

    private static AwsServiceException NoSuchBucketPolicy(string bucket) =>
        S3Errors.NotConfigured("NoSuchBucketPolicy", "The bucket policy does not exist", bucket);

    /// <summary>IAM's grammar (through <see cref="PolicyDocument.Parse(string, PolicyUsage)"/>) plus S3's own rules: a Principal in every statement and resources in this bucket.</summary>
    private static void Validate(string bucket, string text)
    {
        if (!text.StartsWith('{')) throw MalformedPolicy("Policies must be valid JSON and the first byte must be '{'");
        try { PolicyDocument.Parse(text, PolicyUsage.Resource); }
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
                {
                    if (action != "*" && !action.StartsWith("s3:", StringComparison.OrdinalIgnoreCase) && !action.StartsWith("s3-object-lambda:", StringComparison.OrdinalIgnoreCase))
                        throw MalformedPolicy("Policy has invalid action");
                }

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
        // A glob, not a regular expression: "*a*a*a…b" against a long name would backtrack for ever.
        return Policy.Glob.Match(bucketPart, bucket, ignoreCase: false);
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
}
