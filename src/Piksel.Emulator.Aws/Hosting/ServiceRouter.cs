using System.Net;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Hosting;

/// <summary>
/// Names the service a request is for, on one edge port, the way the request itself says it: its
/// <c>X-Amz-Target</c> (JSON services), the service of its SigV4 credential scope, then, unsigned, its query
/// <c>Action</c> (and <c>Version</c>), and S3 for the rest. Unsigned requests are routed by what they carry, never by
/// the missing Authorization header: AssumeRoleWithWebIdentity goes to STS (LocalStack once sent it to S3) and an
/// unsigned CloudWatch Logs call to Logs, which answers MissingAuthenticationTokenException as Logs does.
/// </summary>
internal sealed class ServiceRouter(IReadOnlyDictionary<string, IAwsService> bySigningName)
{
    /// <summary>The awsJson <c>X-Amz-Target</c> prefixes and the signing names of their services.</summary>
    private static readonly Dictionary<string, (string SigningName, string Title)> Targets = new(StringComparer.Ordinal)
    {
        ["secretsmanager"] = ("secretsmanager", "AWS Secrets Manager"),
        ["TrentService"] = ("kms", "AWS KMS"),
        ["Logs_20140328"] = ("logs", "Amazon CloudWatch Logs"),
        ["AmazonSSM"] = ("ssm", "AWS Systems Manager"),
        ["AmazonSQS"] = ("sqs", "Amazon SQS"),
        ["AWSEvents"] = ("events", "Amazon EventBridge"),
    };

    /// <summary>Query API versions of the services that speak awsQuery or ec2 (an unsigned call carries no scope).</summary>
    private static readonly Dictionary<string, string> QueryVersions = new(StringComparer.Ordinal)
    {
        ["2010-05-08"] = "iam",
        ["2011-06-15"] = "sts",
        ["2016-11-15"] = "ec2",
        ["2014-10-31"] = "rds",
        ["2012-11-05"] = "sqs",
    };

    private static readonly HashSet<string> UnsignedStsActions = new(["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML", "GetCallerIdentity", "AssumeRole"], StringComparer.Ordinal);

    /// <summary>The route of <paramref name="request"/> (whose credential scope names <paramref name="scopeService"/>, if signed).</summary>
    public ServiceRoute Route(HttpRequest request, string? scopeService, ReadOnlySpan<byte> body)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        if (target.Length > 0)
        {
            var dot = target.IndexOf('.', StringComparison.Ordinal);
            var prefix = dot < 0 ? target : target[..dot];
            if (Targets.TryGetValue(prefix, out var known) && bySigningName.TryGetValue(known.SigningName, out var byTarget)) return new(byTarget);
            return new(null, Unserved(known.Title ?? $"the service of X-Amz-Target '{target}'", target), AwsProtocol.Json11);
        }

        if (scopeService is not null)
        {
            if (bySigningName.TryGetValue(scopeService, out var byScope)) return new(byScope);
            return new(null, Unserved($"AWS service '{scopeService}' (operation {OperationOf(request, body)})", null), LooksJson(request) ? AwsProtocol.Json11 : AwsProtocol.Query);
        }

        var query = request.Query["Action"].ToString().Length > 0 || !request.HasFormContentType
            ? QueryParameters.Parse(request.QueryString.Value, [])
            : QueryParameters.Parse(request.QueryString.Value, body);
        var action = query.Action ?? "";
        if (UnsignedStsActions.Contains(action)) return new(bySigningName.GetValueOrDefault("sts"));
        if (action.Length > 0)
        {
            if (query.Get("Version") is { } version && QueryVersions.TryGetValue(version, out var byVersion) && bySigningName.TryGetValue(byVersion, out var versioned))
                return new(versioned);
            if (request.HasFormContentType && bySigningName.TryGetValue("iam", out var iam)) return new(iam);
        }

        return new(bySigningName.GetValueOrDefault("s3"));
    }

    /// <summary>What a request of an unserved service asks for: its query Action, else its method and path (REST), cut short.</summary>
    private static string OperationOf(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var query = request.HasFormContentType ? QueryParameters.Parse(request.QueryString.Value, body) : QueryParameters.Parse(request.QueryString.Value, []);
        var operation = query.Action is { Length: > 0 } action ? action : $"{request.Method} {request.Path}";
        operation = operation.Length > 128 ? operation[..128] + "…" : operation;
        return new string([.. operation.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    private static bool LooksJson(HttpRequest request) =>
        request.ContentType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static AwsServiceException Unserved(string what, string? target) =>
        new(target is null ? "InvalidAction" : "UnknownOperationException",
            target is null
                ? $"The emulator does not serve {what}."
                : $"The emulator does not serve {what}: X-Amz-Target '{target}' names no operation it knows.", HttpStatusCode.BadRequest);
}
