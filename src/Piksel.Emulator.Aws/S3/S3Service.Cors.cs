using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

public sealed partial class S3Service
{
    private static readonly string[] CorsMethods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    /// <summary>One CORS rule as S3 evaluates it.</summary>
    private sealed record CorsRule(IReadOnlyList<string> Origins, IReadOnlyList<string> Methods, IReadOnlyList<string> Headers,
        IReadOnlyList<string> ExposeHeaders, int? MaxAgeSeconds);

    private static List<CorsRule> ParseCorsRules(IEnumerable<XElement> elements) =>
        elements.Select(rule => new CorsRule(
            rule.Children("AllowedOrigin").Select(e => e.Value).ToList(),
            rule.Children("AllowedMethod").Select(e => e.Value).ToList(),
            rule.Children("AllowedHeader").Select(e => e.Value).ToList(),
            rule.Children("ExposeHeader").Select(e => e.Value).ToList(),
            int.TryParse(rule.ChildValue("MaxAgeSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var age) ? age : null)).ToList();

    private Task PutBucketCorsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketCORS");
        var doc = S3Xml.Parse(context.Body, "CORSConfiguration");
        var elements = doc.Children("CORSRule").ToList();
        if (elements.Count is 0 or > 100) throw S3Xml.MalformedXml();
        foreach (var rule in ParseCorsRules(elements))
        {
            if (rule.Origins.Count == 0 || rule.Methods.Count == 0) throw S3Xml.MalformedXml();
            foreach (var method in rule.Methods)
                if (!CorsMethods.Contains(method))
                    throw new AwsServiceException("InvalidRequest", $"Found unsupported HTTP method in CORS config. Unsupported method is {method}");
            foreach (var origin in rule.Origins.Concat(rule.Headers))
                if (origin.Count(c => c == '*') > 1)
                    throw new AwsServiceException("InvalidRequest", $"AllowedOrigin \"{origin}\" can not have more than one wildcard.");
        }
        UpdateBucket(name, b => b with { CorsXml = S3Xml.Store(elements) });
        return NoContent(context, 200);
    }

    private Task GetBucketCorsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:GetBucketCORS");
        var stored = bucket.CorsXml ?? throw NoSuchCors(name);
        return S3Xml.WriteAsync(context.Http, "CORSConfiguration", xml => xml.Raw(stored));
    }

    private static AwsServiceException NoSuchCors(string name) =>
        new("NoSuchCORSConfiguration", "The CORS configuration does not exist", HttpStatusCode.NotFound) { Details = new Dictionary<string, string> { ["BucketName"] = name } };

    private Task DeleteBucketCorsAsync(AwsRequestContext context, string name)
    {
        var bucket = RequireBucket(name);
        Authorize(context, bucket, "s3:PutBucketCORS");
        UpdateBucket(name, b => b with { CorsXml = null });
        return NoContent(context);
    }

    /// <summary>Answers a CORS preflight (OPTIONS) from the first rule that allows the origin, method and requested headers; no signature needed.</summary>
    private Task PreflightAsync(AwsRequestContext context, string name)
    {
        var request = context.Http.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) throw new AwsServiceException("BadRequest", "Insufficient information. Origin request header needed.");
        var method = request.Headers.AccessControlRequestMethod.ToString();
        if (!CorsMethods.Contains(method)) throw new AwsServiceException("BadRequest", $"Invalid Access-Control-Request-Method: {(method.Length == 0 ? "null" : method)}");
        var bucket = RequireBucket(name);
        if (bucket.CorsXml is null)
            throw new AwsServiceException("AccessForbidden", "CORSResponse: CORS is not enabled for this bucket.", HttpStatusCode.Forbidden)
                { Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = "BUCKET" } };
        var requestedHeaders = request.Headers.AccessControlRequestHeaders.ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var rule = MatchCorsRule(bucket, origin, method, requestedHeaders)
            ?? throw new AwsServiceException("AccessForbidden",
                "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                HttpStatusCode.Forbidden) { Details = new Dictionary<string, string> { ["Method"] = method, ["ResourceType"] = "OBJECT" } };
        var response = context.Http.Response;
        WriteCorsHeaders(response, rule, origin);
        response.Headers.AccessControlAllowMethods = string.Join(", ", rule.Methods);
        if (requestedHeaders.Length > 0) response.Headers.AccessControlAllowHeaders = string.Join(", ", requestedHeaders);
        if (rule.MaxAgeSeconds is { } age) response.Headers.AccessControlMaxAge = age.ToString(CultureInfo.InvariantCulture);
        response.StatusCode = 200;
        return Task.CompletedTask;
    }

    /// <summary>On an ordinary request with an Origin, S3 adds the matching rule's Access-Control-* headers to the answer.</summary>
    private void AddCorsHeaders(AwsRequestContext context, string bucketName)
    {
        var origin = context.Http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || buckets.Find(bucketName) is not { CorsXml: not null } bucket) return;
        var method = context.Http.Request.Method.ToUpperInvariant();
        if (MatchCorsRule(bucket, origin, method, []) is { } rule)
        {
            WriteCorsHeaders(context.Http.Response, rule, origin);
            context.Http.Response.Headers.AccessControlAllowMethods = string.Join(", ", rule.Methods);
        }
    }

    private static void WriteCorsHeaders(HttpResponse response, CorsRule rule, string origin)
    {
        var any = rule.Origins.Contains("*");
        response.Headers.AccessControlAllowOrigin = any ? "*" : origin;
        if (!any) response.Headers.AccessControlAllowCredentials = "true";
        if (rule.ExposeHeaders.Count > 0) response.Headers.AccessControlExposeHeaders = string.Join(", ", rule.ExposeHeaders);
        response.Headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
    }

    private static CorsRule? MatchCorsRule(S3Bucket bucket, string origin, string method, IReadOnlyList<string> headers)
    {
        var wrapper = XElement.Parse($"<r xmlns=\"{Namespace}\">{bucket.CorsXml}</r>");
        return ParseCorsRules(wrapper.Children("CORSRule")).FirstOrDefault(rule =>
            rule.Origins.Any(o => Wildcard(o, origin, ignoreCase: false)) && rule.Methods.Contains(method)
            && headers.All(h => rule.Headers.Any(allowed => Wildcard(allowed, h, ignoreCase: true))));
    }

    private static bool Wildcard(string pattern, string value, bool ignoreCase)
    {
        if (pattern == "*") return true;
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.CultureInvariant);
    }
}
