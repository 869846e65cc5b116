using System.Globalization;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>How KMS reads its JSON requests and answers an operation, on a key or on the account.</summary>
internal static class KmsParameters
{
    /// <summary>The request's JSON body.</summary>
    public static JsonObject Body(AwsRequestContext context) => JsonProtocol.ParseBody(context.Body.Span);

    /// <summary>Authorizes the operation's action on <paramref name="access"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, Access access, Func<JsonObject> run) =>
        OperationCall.On(access, () => JsonProtocol.WriteAsync(context.Http, run()));

    /// <summary>
    /// Resolves <c>KeyId</c> (a missing key is NotFoundException before any authorization, as in AWS), authorizes the
    /// operation's action on the key under its key policy, then answers what <paramref name="run"/> makes of it.
    /// </summary>
    public static OperationCall OnKey(KmsKeys keys, AwsRequestContext context, JsonObject body, Func<KmsKeyRecord, JsonObject> run,
        IReadOnlyDictionary<string, string>? encryptionContext = null)
    {
        var key = keys.Resolve(context, body.RequiredString("KeyId"));
        return Answer(context, KmsKeys.AccessTo(context, key, encryptionContext), () => run(key));
    }

    /// <summary>Limit: 1 to 1000 when given.</summary>
    public static void CheckLimit(long? limit)
    {
        if (limit is < 1 or > 1000)
        {
            throw KmsErrors.Constraint(limit.Value.ToString(CultureInfo.InvariantCulture), "limit",
                limit < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1000");
        }
    }

    /// <summary>Marker: 1 to 1024 characters of <c>[\u0020-\u00FF]</c>, as KMS's model constrains it (null when absent).</summary>
    public static string? Marker(JsonObject body)
    {
        var marker = body.OptionalString("Marker");
        if (marker is null) return null;
        if (marker.Length is 0 or > 1024)
            throw KmsErrors.Constraint(marker, "marker", marker.Length == 0 ? "Member must have length greater than or equal to 1" : "Member must have length less than or equal to 1024");
        if (marker.Any(c => c is < '\u0020' or > '\u00FF'))
            throw KmsErrors.Constraint(marker, "marker", @"Member must satisfy regular expression pattern: [\u0020-\u00FF]*");
        return marker;
    }

    /// <summary>A key policy: at most 32 KiB and IAM's resource-policy grammar (MalformedPolicyDocumentException otherwise).</summary>
    public static string ValidPolicy(string policy)
    {
        if (policy.Length > 32768) throw KmsErrors.Constraint("...", "policy", "Member must have length less than or equal to 32768");
        try { PolicyDocument.Parse(policy, PolicyUsage.Resource); }
        catch (PolicyParseException e) { throw KmsErrors.MalformedPolicy(e.Message); }
        return policy;
    }
}
