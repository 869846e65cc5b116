using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>How Secrets Manager reads its JSON members (values, tokens, labels, tags, pages) and answers an operation.</summary>
internal static class SecretsManagerParameters
{
    /// <summary>The request's JSON body.</summary>
    public static JsonObject Body(AwsRequestContext context) => JsonProtocol.ParseBody(context.Body.Span);

    /// <summary>Authorizes the operation's action on <paramref name="access"/>, then writes what <paramref name="run"/> answers.</summary>
    public static OperationCall Answer(AwsRequestContext context, Access access, Func<JsonObject> run) =>
        OperationCall.On(access, () => JsonProtocol.WriteAsync(context.Http, run()));

    /// <summary>SecretString or SecretBinary (not both), at most 64 KiB; null when the request has neither.</summary>
    public static SecretValue? Value(JsonObject body)
    {
        var text = body.OptionalString("SecretString");
        var binary = body.OptionalString("SecretBinary");
        if (text is not null && binary is not null)
            throw SecretsManagerErrors.InvalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        if (text is not null)
        {
            if (text.Length > 65536) throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536");
            return new SecretValue(Encoding.UTF8.GetBytes(text), false);
        }
        if (binary is null) return null;
        byte[] bytes;
        try { bytes = Convert.FromBase64String(binary); }
        catch (FormatException) { throw SecretsManagerErrors.InvalidParameter("SecretBinary must be base64."); }
        if (bytes.Length > 65536) throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536");
        return new SecretValue(bytes, true);
    }

    /// <summary>ClientRequestToken, 32 to 64 characters: the version id of the value the request makes.</summary>
    public static string? Token(JsonObject body)
    {
        var token = body.OptionalString("ClientRequestToken");
        if (token is not null && token.Length is < 32 or > 64)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length {(token.Length < 32 ? "greater than or equal to 32" : "less than or equal to 64")}");
        return token;
    }

    /// <summary>Description, at most 2048 characters.</summary>
    public static string? Description(JsonObject body)
    {
        var description = body.OptionalString("Description");
        if (description is { Length: > 2048 })
            throw SecretsManagerErrors.Validation("1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048");
        return description;
    }

    /// <summary>VersionStages: 1 to 20 distinct labels of 1 to 256 characters.</summary>
    public static List<string> Labels(JsonArray array)
    {
        var labels = array.Select(n => JsonProtocol.Text(n) ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (labels.Count is 0 or > 20 || labels.Any(l => l.Length is 0 or > 256))
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value at 'versionStages' failed to satisfy constraint: Member must have length between 1 and 20 labels of 1 to 256 characters (got {labels.Count.ToString(CultureInfo.InvariantCulture)})");
        return labels;
    }

    /// <summary>Merges the request's <c>Tags</c> into <paramref name="existing"/> (same key: new value, original position).</summary>
    public static List<SecretTag> Tags(JsonObject body, IReadOnlyList<SecretTag> existing)
    {
        var tags = existing.ToList();
        foreach (var tag in body.ObjectList("Tags"))
        {
            var key = tag.OptionalString("Key") ?? throw SecretsManagerErrors.InvalidParameter("A tag must have a Key.");
            var value = tag.OptionalString("Value") ?? "";
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw SecretsManagerErrors.InvalidParameter("Invalid tag key: keys beginning with aws: are reserved for AWS use.");
            if (key.Length is 0 or > 128 || value.Length > 256)
                throw SecretsManagerErrors.Validation("1 validation error detected: a tag key must be 1 to 128 characters and a tag value at most 256.");
            var at = tags.FindIndex(t => t.Key == key);
            if (at >= 0) tags[at] = new SecretTag(key, value); else tags.Add(new SecretTag(key, value));
        }
        if (tags.Count > 50) throw SecretsManagerErrors.InvalidParameter("A secret can have at most 50 tags.");
        return tags;
    }

    /// <summary>MaxResults, 1 to 100 (default 100).</summary>
    public static int MaxResults(JsonObject body)
    {
        // Checked as the 64-bit number it was sent as: a cast first would fold 4294967297 into 1.
        var maxResults = body.OptionalLong("MaxResults") ?? 100;
        if (maxResults is < 1 or > 100)
            throw SecretsManagerErrors.Validation($"1 validation error detected: Value '{maxResults.ToString(CultureInfo.InvariantCulture)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        return (int)maxResults;
    }

    /// <summary>The NextToken of a page that ends at <paramref name="offset"/>.</summary>
    public static string PageToken(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Where the page a NextToken asks for starts (0 without one); InvalidParameterException for a token this emulator did not make.</summary>
    public static int PageOffset(string? token)
    {
        if (token is null) return 0;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text[7..], CultureInfo.InvariantCulture, out var offset) && offset >= 0) return offset;
        }
        catch (FormatException) { }
        throw SecretsManagerErrors.InvalidParameter("Invalid NextToken.");
    }
}
