namespace Piksel.Emulator.Aws.S3;

/// <summary>One page of a listing: objects and rolled-up prefixes in key order.</summary>
internal sealed record S3Listing(List<S3Object> Contents, List<string> CommonPrefixes, bool IsTruncated, string? LastItem)
{
    /// <summary>Objects and common prefixes together, as S3 counts them against max-keys.</summary>
    public int Count => Contents.Count + CommonPrefixes.Count;

    /// <summary>
    /// Lists keys after <paramref name="marker"/> under <paramref name="prefix"/>, rolling keys that share a prefix up to
    /// <paramref name="delimiter"/> into one common prefix that counts as one entry against <paramref name="maxKeys"/>.
    /// </summary>
    public static S3Listing Page(S3Store store, string bucket, string prefix, string delimiter, string marker, int maxKeys)
    {
        var candidates = store.Objects.Values
            .Where(o => o.Bucket == bucket && o.Key.StartsWith(prefix, StringComparison.Ordinal) && S3KeyOrder.Instance.Compare(o.Key, marker) > 0)
            .OrderBy(o => o.Key, S3KeyOrder.Instance);
        var contents = new List<S3Object>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        foreach (var obj in candidates)
        {
            string? common = null;
            if (delimiter.Length > 0)
            {
                var at = obj.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0) common = obj.Key[..(at + delimiter.Length)];
            }
            if (common is not null && (common == last || S3KeyOrder.Instance.Compare(common, marker) <= 0)) continue;
            if (contents.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }
            if (common is not null) prefixes.Add(common);
            else contents.Add(obj);
            last = common ?? obj.Key;
        }
        return new S3Listing(contents, prefixes, truncated, last);
    }
}
