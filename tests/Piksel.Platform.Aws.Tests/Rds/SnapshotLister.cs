using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Tests.Infrastructure;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>DescribeDBSnapshots, which the platform's client does not need: the tests check a destroy's final snapshot with it.</summary>
internal sealed class SnapshotLister(TestAwsAccess access) : QueryApiClient(
    new AwsClientOptions { Region = access.Region, ServiceUrl = access.ServiceUrl, Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test") },
    "rds", "2014-10-31", "rds.us-east-1.amazonaws.com")
{
    /// <summary>The snapshots' identifiers.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await CallAsync("DescribeDBSnapshots", [], cancellationToken);
        return [.. (result.Element("DBSnapshots")?.Elements("DBSnapshot") ?? []).Select(s => s.Element("DBSnapshotIdentifier")?.Value ?? "")];
    }
}
