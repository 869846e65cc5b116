namespace Piksel.Platform.Definition;

/// <summary>The buckets as other areas refer to them (the identity area's policies and probes).</summary>
/// <param name="PublicData">The platform's public-data bucket.</param>
/// <param name="Artifacts">The Argo artifacts bucket.</param>
/// <param name="Terria">The Terria bucket.</param>
/// <param name="ReadOnly">The read-only buckets: the public-data bucket and the public datasets.</param>
/// <param name="SampleObject">An object the environment puts in a public dataset (local only), or null.</param>
internal sealed record PlatformBuckets(
    string PublicData,
    string Artifacts,
    string Terria,
    IReadOnlyList<string> ReadOnly,
    (string Bucket, string Key)? SampleObject);
