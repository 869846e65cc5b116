using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2;

/// <summary>EC2's tag rules: keys 1–128 characters not starting with <c>aws:</c>, values up to 256, no key twice, at most 50.</summary>
internal static class Ec2Tags
{
    /// <summary>The most tags one resource may carry.</summary>
    public const int MaxPerResource = 50;

    /// <summary>Refuses tags that break EC2's rules, with its sentences.</summary>
    public static void Validate(IReadOnlyList<Ec2Tag> tags)
    {
        if (tags.Count > MaxPerResource)
            throw new AwsServiceException("TagLimitExceeded", "The maximum number of Tags for a resource has been reached.");
        foreach (var tag in tags)
        {
            if (tag.Key.Length is 0 or > 128)
                throw Ec2Errors.InvalidParameterValue($"Tag key exceeds the maximum length of 128 characters or is empty: '{tag.Key}'");
            if (tag.Value.Length > 256)
                throw Ec2Errors.InvalidParameterValue($"Tag value exceeds the maximum length of 256 characters for key '{tag.Key}'");
            if (tag.Key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                throw Ec2Errors.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
        }
        if (tags.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            throw Ec2Errors.InvalidParameterValue($"Duplicate tag key '{duplicate.Key}' specified.");
    }

    /// <summary>The condition keys the request's tags bring (aws:RequestTag/…, aws:TagKeys).</summary>
    public static Dictionary<string, IReadOnlyList<string>> RequestKeys(IEnumerable<Ec2Tag> tags) =>
        Policy.RequestTagKeys.Of(tags.Select(t => KeyValuePair.Create(t.Key, t.Value)));
}
