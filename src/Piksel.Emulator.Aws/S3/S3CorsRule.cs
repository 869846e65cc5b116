using System.Globalization;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.S3;

/// <summary>One CORS rule of a bucket as S3 evaluates it: origins and headers may hold one <c>*</c> wildcard each.</summary>
internal sealed record S3CorsRule(IReadOnlyList<string> Origins, IReadOnlyList<string> Methods, IReadOnlyList<string> Headers,
    IReadOnlyList<string> ExposeHeaders, int? MaxAgeSeconds)
{
    /// <summary>The methods a CORS rule may allow.</summary>
    public static readonly IReadOnlyList<string> AllowedMethods = ["GET", "PUT", "POST", "DELETE", "HEAD"];

    /// <summary>Reads <c>CORSRule</c> elements.</summary>
    public static List<S3CorsRule> Parse(IEnumerable<XElement> elements) =>
        elements.Select(rule => new S3CorsRule(
            rule.Children("AllowedOrigin").Select(e => e.Value).ToList(),
            rule.Children("AllowedMethod").Select(e => e.Value).ToList(),
            rule.Children("AllowedHeader").Select(e => e.Value).ToList(),
            rule.Children("ExposeHeader").Select(e => e.Value).ToList(),
            int.TryParse(rule.ChildValue("MaxAgeSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var age) ? age : null)).ToList();

    /// <summary>The first of the stored rules (<see cref="S3Bucket.CorsXml"/>) that allows the origin, the method and every requested header.</summary>
    public static S3CorsRule? Match(string storedRules, string origin, string method, IReadOnlyList<string> headers)
    {
        var wrapper = XElement.Parse($"<r xmlns=\"{S3Service.Namespace}\">{storedRules}</r>");
        return Parse(wrapper.Children("CORSRule")).FirstOrDefault(rule =>
            rule.Origins.Any(o => Wildcard(o, origin, ignoreCase: false)) && rule.Methods.Contains(method)
            && headers.All(h => rule.Headers.Any(allowed => Wildcard(allowed, h, ignoreCase: true))));
    }

    /// <summary>Writes the Access-Control-Allow-Origin/-Credentials/-Expose-Headers and Vary headers this rule answers <paramref name="origin"/> with.</summary>
    public void WriteHeaders(HttpResponse response, string origin)
    {
        var any = Origins.Contains("*");
        response.Headers.AccessControlAllowOrigin = any ? "*" : origin;
        if (!any) response.Headers.AccessControlAllowCredentials = "true";
        if (ExposeHeaders.Count > 0) response.Headers.AccessControlExposeHeaders = string.Join(", ", ExposeHeaders);
        response.Headers.Vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
    }

    private static bool Wildcard(string pattern, string value, bool ignoreCase)
    {
        if (pattern == "*") return true;
        // Only '*' is a wildcard in CORS rules; matched as a glob, which cannot backtrack for ever as a regex can.
        var literal = pattern.Select(c => c == '?').ToArray();
        return Policy.Glob.Match(pattern, literal, 0, pattern.Length, value, 0, value.Length, ignoreCase);
    }
}
