using Piksel.EndToEnd.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.EndToEnd.Tests.Database;

/// <summary>
/// What destroy must take of the database (the destroy test's own embedded provider, started on
/// <paramref name="dataDirectory"/>): the instance, so DescribeDBInstances answers DBInstanceNotFound, and the real
/// server's data directory (a PostgreSQL data directory holds <c>PG_VERSION</c>).
/// </summary>
internal sealed class DestroyedDatabase(RdsDbInstance instance, string dataDirectory)
{
    /// <summary>The spec's instance on a provider whose data lives in <paramref name="dataDirectory"/>.</summary>
    public static DestroyedDatabase Of(PlatformSpec spec, string dataDirectory) => new(spec.OfKind<RdsDbInstance>().Single(), dataDirectory);

    /// <summary>Before destroy: the instance is available and its server's data directory exists.</summary>
    public async Task AssertPresentAsync(IPlatformProvider provider, CancellationToken cancellationToken)
    {
        using var rds = await RdsAsync(provider, cancellationToken);
        Assert.Equal("available", (await rds.DescribeDbInstanceAsync(instance.Name, cancellationToken)).Status);
        Assert.NotEmpty(ServerFiles());
    }

    /// <summary>After destroy: DBInstanceNotFound, and no server data left on disk.</summary>
    public async Task AssertGoneAsync(IPlatformProvider provider, CancellationToken cancellationToken)
    {
        using var rds = await RdsAsync(provider, cancellationToken);
        var e = await Assert.ThrowsAsync<AwsApiException>(() => rds.DescribeDbInstanceAsync(instance.Name, cancellationToken));
        Assert.Equal("DBInstanceNotFound", e.ErrorCode);
        Assert.Empty(ServerFiles());
    }

    private string[] ServerFiles() =>
        Directory.Exists(dataDirectory) ? Directory.GetFiles(dataDirectory, "PG_VERSION", SearchOption.AllDirectories) : [];

    private async Task<RdsClient> RdsAsync(IPlatformProvider provider, CancellationToken cancellationToken) =>
        new(await provider.OptionsAsync(instance.Account, cancellationToken));
}
