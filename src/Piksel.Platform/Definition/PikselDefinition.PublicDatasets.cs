using System.Text.Json.Nodes;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// The public datasets the read-only roles may read. Real environments read AWS's open-data buckets; the local
/// environment gets public-read copies with a few sample objects in a third account.
/// </summary>
internal sealed partial class PikselDefinition
{
    /// <summary>The public dataset buckets of PLATFORM.md.</summary>
    public static IReadOnlyList<string> PublicDatasets { get; } = ["usgs-landsat", "copernicus-dem-30m", "e84-earth-search-sentinel-data"];

    /// <summary>The read-only buckets: the platform's public-data bucket and the public datasets.</summary>
    public IReadOnlyList<string> ReadOnlyBuckets => [Names.PublicDataBucket, .. PublicDatasets];

    public void AddPublicDatasets()
    {
        if (Settings.PublicDatasetsAccount is not { } account)
        {
            return;
        }

        foreach (var dataset in PublicDatasets)
        {
            var bucket = Builder.Add(PublicReadBucket(dataset, account));
            foreach (var (key, contentType, content) in SampleObjects(dataset))
            {
                Builder.Add(new S3Object
                {
                    Name = $"{dataset}/{key}",
                    Account = account,
                    Region = Settings.Region,
                    Bucket = dataset,
                    ObjectKey = key,
                    ContentType = contentType,
                    Content = content,
                    Tags = Tags,
                    DependsOn = [bucket.Id],
                });
            }
        }
    }

    private static IEnumerable<(string Key, string ContentType, string Content)> SampleObjects(string dataset)
    {
        yield return ("README.txt", "text/plain", $"Local sample of the public dataset s3://{dataset}, made by piksel-platform. Not real data.\n");
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
