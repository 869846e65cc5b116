using System.Text.Json.Nodes;
using Piksel.Platform.Naming;
using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The public-data, Argo artifacts and Terria buckets, and the public datasets the read-only roles may read. Real
/// environments read AWS's open-data buckets; the local environment gets public-read copies with a few sample objects
/// in a third account. Outputs <c>buckets.&lt;purpose&gt;</c>.
/// </summary>
internal sealed class StorageDefinition : IDefinitionArea
{
    /// <summary>The public dataset buckets of PLATFORM.md.</summary>
    public static IReadOnlyList<string> PublicDatasets { get; } = ["usgs-landsat", "copernicus-dem-30m", "e84-earth-search-sentinel-data"];

    private const string ReadmeKey = "README.txt";

    private readonly DefinitionContext context;
    private readonly List<PlatformResource> resources = [];

    /// <summary>The buckets of <paramref name="context"/>'s environment.</summary>
    public StorageDefinition(DefinitionContext context)
    {
        this.context = context;
        var names = context.Names;
        var settings = context.Settings;
        resources.Add(PublicReadBucket(names.PublicDataBucket, settings.Account) with
        {
            Cors = [new S3CorsRule(["GET", "HEAD"], ["*"], ["*"], 3000)],
            Lifecycle = [new S3LifecycleRule("abort-incomplete-uploads", null, 7)],
        });

        foreach (var bucket in new[] { names.ArtifactsBucket, names.TerriaBucket })
        {
            resources.Add(new S3Bucket
            {
                Name = bucket,
                Account = settings.Account,
                Region = settings.Region,
                BlockPublicAccess = S3BlockPublicAccess.All,
                Encryption = S3Encryption.S3Managed,
                Lifecycle = [new S3LifecycleRule("expire-after-60-days", 60, null)],
                Tags = context.Tags,
            });
        }

        if (settings.PublicDatasetsAccount is { } account)
        {
            AddPublicDatasets(account);
        }

        Buckets = new PlatformBuckets(
            names.PublicDataBucket,
            names.ArtifactsBucket,
            names.TerriaBucket,
            [names.PublicDataBucket, .. PublicDatasets],
            settings.PublicDatasetsAccount is null ? null : (PublicDatasets[0], ReadmeKey));
    }

    /// <summary>The buckets as other areas refer to them.</summary>
    public PlatformBuckets Buckets { get; }

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => resources;

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs =>
        PikselNames.BucketPurposes.Select(purpose => new PlatformOutput($"buckets.{purpose}", context.Names.Bucket(purpose))).ToArray();

    /// <summary>Public-read copies of the public datasets in <paramref name="account"/>, each with a few sample objects.</summary>
    private void AddPublicDatasets(string account)
    {
        foreach (var dataset in PublicDatasets)
        {
            var bucket = PublicReadBucket(dataset, account);
            resources.Add(bucket);
            foreach (var (key, contentType, content) in SampleObjects(dataset))
            {
                resources.Add(new S3Object
                {
                    Name = $"{dataset}/{key}",
                    Account = account,
                    Region = context.Settings.Region,
                    Bucket = dataset,
                    ObjectKey = key,
                    ContentType = contentType,
                    Content = content,
                    Tags = context.Tags,
                    DependsOn = [bucket.Id],
                });
            }
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
        Region = context.Settings.Region,
        BlockPublicAccess = S3BlockPublicAccess.None,
        Encryption = S3Encryption.S3Managed,
        Policy = new PolicyDocumentBuilder()
            .Allow(s => s.Sid("PublicReadObjects").Principal(PolicyPrincipal.Anyone).Actions("s3:GetObject").Resources(Arns.S3Objects(context.Partition, name)))
            .Allow(s => s.Sid("PublicListBucket").Principal(PolicyPrincipal.Anyone).Actions("s3:ListBucket", "s3:GetBucketLocation").Resources(Arns.S3Bucket(context.Partition, name)))
            .Build(),
        Tags = context.Tags,
    };

    private static IEnumerable<(string Key, string ContentType, string Content)> SampleObjects(string dataset)
    {
        yield return (ReadmeKey, "text/plain", $"Local sample of the public dataset s3://{dataset}, made by piksel-platform. Not real data.\n");
        var catalog = new JsonObject
        {
            ["type"] = "Catalog",
            ["stac_version"] = "1.0.0",
            ["id"] = dataset,
            ["description"] = $"Local sample of {dataset}",
            ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = $"s3://{dataset}/catalog.json" }),
        };
        yield return ("catalog.json", "application/json", catalog.ToJsonString());
    }
}
