using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.S3;

/// <summary>
/// What <see cref="S3Access"/> reads beside the policy engine, carried in <see cref="Access.Subject"/>: the bucket
/// (its owner, policy, ACL, Block Public Access and payer) and the object's canned ACL. <paramref name="OwnerOnly"/>
/// marks the bucket-policy operations, which the owning account's root may always run and other accounts never.
/// </summary>
internal sealed record S3Subject(S3Bucket Bucket, string? ObjectAcl = null, bool OwnerOnly = false)
{
    public static string BucketArn(string bucket) => $"arn:aws:s3:::{bucket}";

    public static string ObjectArn(string bucket, string key) => $"arn:aws:s3:::{bucket}/{key}";

    /// <summary>An action on <paramref name="bucket"/> itself, with the bucket policy as resource policy and the owner as resource account.</summary>
    public static Access OnBucket(S3Bucket bucket, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null) =>
        For(bucket, BucketArn(bucket.Name), new S3Subject(bucket), keys);

    /// <summary>An action on the object <paramref name="key"/> in <paramref name="bucket"/>; <paramref name="objectAcl"/> lets a public-read object be read.</summary>
    public static Access OnObject(S3Bucket bucket, string key, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys = null, string? objectAcl = null) =>
        For(bucket, ObjectArn(bucket.Name, key), new S3Subject(bucket, objectAcl), keys);

    /// <summary>A bucket-policy operation on <paramref name="bucket"/> (see <see cref="OwnerOnly"/>).</summary>
    public static Access OnBucketPolicy(S3Bucket bucket) => For(bucket, BucketArn(bucket.Name), new S3Subject(bucket, OwnerOnly: true), null);

    private static Access For(S3Bucket bucket, string resource, S3Subject subject, IReadOnlyDictionary<string, IReadOnlyList<string>>? keys) =>
        new(resource)
        {
            ResourcePolicy = bucket.Policy is null ? null : new ResourcePolicy(bucket.Policy),
            ResourceAccount = bucket.OwnerAccount,
            ContextKeys = keys,
            Subject = subject,
        };
}
