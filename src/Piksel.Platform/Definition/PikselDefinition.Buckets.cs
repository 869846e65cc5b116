using Piksel.Platform.Policies;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>The public-data, Argo artifacts and Terria buckets.</summary>
internal sealed partial class PikselDefinition
{
    public void AddBuckets()
    {
        Builder.Add(PublicReadBucket(Names.PublicDataBucket, Settings.Account) with
        {
            Cors = [new S3CorsRule(["GET", "HEAD"], ["*"], ["*"], 3000)],
            Lifecycle = [new S3LifecycleRule("abort-incomplete-uploads", null, 7)],
        });

        foreach (var bucket in new[] { Names.ArtifactsBucket, Names.TerriaBucket })
        {
            Builder.Add(new S3Bucket
            {
                Name = bucket,
                Account = Settings.Account,
                Region = Settings.Region,
                BlockPublicAccess = S3BlockPublicAccess.All,
                Encryption = S3Encryption.S3Managed,
                Lifecycle = [new S3LifecycleRule("expire-after-60-days", 60, null)],
                Tags = Tags,
            });
        }
    }

    /// <summary>
    /// A bucket anyone may read: a policy granting <c>*</c> GetObject, ListBucket and GetBucketLocation, with Block
    /// Public Access off (it would otherwise refuse the policy). SSE-S3, so anonymous reads need no KMS grant.
    /// </summary>
    private S3Bucket PublicReadBucket(string name, string account) => new()
    {
        Name = name,
        Account = account,
        Region = Settings.Region,
        BlockPublicAccess = S3BlockPublicAccess.None,
        Encryption = S3Encryption.S3Managed,
        Policy = new PolicyDocumentBuilder()
            .Allow(s => s.Sid("PublicReadObjects").Principal(PolicyPrincipal.Anyone).Actions("s3:GetObject").Resources(Arns.S3Objects(Partition, name)))
            .Allow(s => s.Sid("PublicListBucket").Principal(PolicyPrincipal.Anyone).Actions("s3:ListBucket", "s3:GetBucketLocation").Resources(Arns.S3Bucket(Partition, name)))
            .Build(),
        Tags = Tags,
    };
}
