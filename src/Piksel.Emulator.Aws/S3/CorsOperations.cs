using System.Globalization;
using System.Net;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>A bucket's CORS configuration (put, get, delete) and the preflight (OPTIONS) requests it answers.</summary>
internal sealed class CorsOperations(S3Store store) : IOperationGroup
{
    /// <summary>The preflight's name: S3's API reference calls it "OPTIONS object".</summary>
    public const string Preflight = "OptionsObject";

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutBucketCors", "s3:PutBucketCORS", PutBucketCors)
        .Add("GetBucketCors", "s3:GetBucketCORS", GetBucketCors)
        .Add("DeleteBucketCors", "s3:PutBucketCORS", DeleteBucketCors)
        .Add(AwsOperation.Unchecked(Preflight,
            "a browser sends CORS preflights without credentials; S3 answers them from the bucket's CORS rules, not IAM", OptionsObject));

    private OperationCall PutBucketCors(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var doc = S3Xml.Parse(context.Body, "CORSConfiguration");
            var elements = doc.Children("CORSRule").ToList();
            if (elements.Count is 0 or > 100) throw S3Xml.MalformedXml();
            foreach (var rule in S3CorsRule.Parse(elements))
            {
                if (rule.Origins.Count == 0 || rule.Methods.Count == 0) throw S3Xml.MalformedXml();
                foreach (var method in rule.Methods)
                {
                    if (!S3CorsRule.AllowedMethods.Contains(method))
                        throw new AwsServiceException("InvalidRequest", $"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
                }

                foreach (var origin in rule.Origins.Concat(rule.Headers))
                {
                    if (origin.Count(c => c == '*') > 1)
                        throw new AwsServiceException("InvalidRequest", $"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
                }
            }
            store.UpdateBucket(bucket.Name, b => b with { CorsXml = S3Xml.Store(elements) });
            return S3Xml.Status(context.Http, 200);
        });
    }

    private OperationCall GetBucketCors(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            var stored = bucket.CorsXml ?? throw S3Errors.NotConfigured("NoSuchCORSConfiguration", "The CORS configuration does not exist", bucket.Name);
            return S3Xml.WriteAsync(context.Http, "CORSConfiguration", xml => xml.Raw(stored));
        });
    }

    private OperationCall DeleteBucketCors(AwsRequestContext context)
    {
        var bucket = store.RequestedBucket(context);
        return OperationCall.On(S3Subject.OnBucket(bucket), () =>
        {
            store.UpdateBucket(bucket.Name, b => b with { CorsXml = null });
            return S3Xml.Status(context.Http, 204);
        });
    }

    /// <summary>Answers a CORS preflight from the first rule that allows the origin, method and requested headers.</summary>
    private OperationCall OptionsObject(AwsRequestContext context)
    {
        var request = context.Http.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) throw new AwsServiceException("BadRequest", "Insufficient information. Origin request header needed.");
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (!S3CorsRule.AllowedMethods.Contains(method))
            throw new AwsServiceException("BadRequest", $"Invalid Access-Control-Request-Method: {(method.Length == 0 ? "null" : method)}");
        var bucket = store.RequestedBucket(context);
        var stored = bucket.CorsXml
            ?? throw new AwsServiceException("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", HttpStatusCode.Forbidden)
            { Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = "BUCKET" } };
        var requestedHeaders = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = S3CorsRule.Match(stored, origin, method, requestedHeaders)
            ?? throw new AwsServiceException("AccessForbidden",
                "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                HttpStatusCode.Forbidden)
            { Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = "OBJECT" } };
        return OperationCall.Unchecked(() =>
        {
            var response = context.Http.Response;
            rule.WriteHeaders(response, origin);
            response.Headers.AccessControlAllowMethods = string.Join(", ", rule.Methods);
            if (requestedHeaders.Length > 0) response.Headers.AccessControlAllowHeaders = string.Join(", ", requestedHeaders);
            if (rule.MaxAgeSeconds is { } age) response.Headers.AccessControlMaxAge = age.ToString(CultureInfo.InvariantCulture);
            return S3Xml.Status(context.Http, 200);
        });
    }
}
