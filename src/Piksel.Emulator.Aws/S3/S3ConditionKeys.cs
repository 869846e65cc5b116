using Microsoft.AspNetCore.Http;

namespace Piksel.Emulator.Aws.S3;

/// <summary>The S3 condition keys an operation's request or its object sets, for the policy engine.</summary>
internal static class S3ConditionKeys
{
    private static readonly (string Header, string Key)[] WriteHeaders =
    [
        ("x-amz-acl", "s3:x-amz-acl"), ("x-amz-server-side-encryption", "s3:x-amz-server-side-encryption"),
        ("x-amz-server-side-encryption-aws-kms-key-id", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
        ("x-amz-storage-class", "s3:x-amz-storage-class"), ("x-amz-copy-source", "s3:x-amz-copy-source"),
        ("x-amz-metadata-directive", "s3:x-amz-metadata-directive"),
    ];

    /// <summary>Keys a write carries (s3:x-amz-acl, s3:x-amz-server-side-encryption, s3:RequestObjectTag/…).</summary>
    public static Dictionary<string, IReadOnlyList<string>> Write(HttpRequest request, IReadOnlyCollection<KeyValuePair<string, string>>? tags = null)
    {
        var keys = Empty();
        foreach (var (header, key) in WriteHeaders)
            if (request.Headers[header].ToString() is { Length: > 0 } value) keys[key] = [value];
        if (tags is { Count: > 0 })
        {
            keys["s3:RequestObjectTagKeys"] = tags.Select(t => t.Key).ToList();
            foreach (var (k, v) in tags) keys["s3:RequestObjectTag/" + k] = [v];
        }
        return keys;
    }

    /// <summary>Keys describing an existing object (s3:ExistingObjectTag/…); none when there is no object.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Existing(S3Object? existing)
    {
        var keys = Empty();
        if (existing is not null)
            foreach (var (k, v) in existing.Tags) keys["s3:ExistingObjectTag/" + k] = [v];
        return keys;
    }

    /// <summary>Keys a listing sets: s3:prefix, s3:delimiter and s3:max-keys, each only when the request gave it.</summary>
    public static Dictionary<string, IReadOnlyList<string>> List(string? prefix, string? delimiter = null, string? maxKeys = null)
    {
        var keys = Empty();
        if (prefix is not null) keys["s3:prefix"] = [prefix];
        if (delimiter is not null) keys["s3:delimiter"] = [delimiter];
        if (maxKeys is not null) keys["s3:max-keys"] = [maxKeys];
        return keys;
    }

    private static Dictionary<string, IReadOnlyList<string>> Empty() => new(StringComparer.OrdinalIgnoreCase);
}
