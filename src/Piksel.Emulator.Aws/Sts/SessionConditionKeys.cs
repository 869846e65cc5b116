namespace Piksel.Emulator.Aws.Sts;

/// <summary>The condition keys every AssumeRole* request carries to the role's trust policy.</summary>
internal static class SessionConditionKeys
{
    /// <summary>The keys of a session request (names are case-insensitive in IAM).</summary>
    public static Dictionary<string, IReadOnlyList<string>> Of(string sessionName, IReadOnlyDictionary<string, string> tags,
        IReadOnlyList<string> transitiveTagKeys, string? sourceIdentity)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["sts:RoleSessionName"] = [sessionName],
        };
        foreach (var (key, value) in tags) keys[$"aws:RequestTag/{key}"] = [value];
        if (tags.Count > 0) keys["aws:TagKeys"] = [.. tags.Keys];
        if (transitiveTagKeys.Count > 0) keys["sts:TransitiveTagKeys"] = transitiveTagKeys;
        if (sourceIdentity is not null) keys["sts:SourceIdentity"] = [sourceIdentity];
        return keys;
    }
}
