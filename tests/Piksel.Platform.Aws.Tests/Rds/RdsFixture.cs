using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Aws.Tests.Infrastructure;

namespace Piksel.Platform.Aws.Tests.Rds;

/// <summary>
/// An emulator whose RDS instances run the machine's PostgreSQL (one server per instance, made on first use), a VPC
/// with two subnets in two zones, a DB subnet group over them and a KMS key, shared by the instance tests.
/// </summary>
public sealed class RdsFixture : IAsyncLifetime
{
    public AwsEmulator Emulator { get; private set; } = null!;

    public TestAwsAccess Access { get; private set; } = null!;

    public AwsHandlerContext Context { get; private set; } = null!;

    public RdsApiDatabaseStrategy Database { get; private set; } = null!;

    public string SubnetGroup { get; } = "db-tests";

    public string VpcId { get; private set; } = "";

    public string KeyArn { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions
        {
            Port = 0,
            Rds = new RdsOptions { Servers = directory => new LocalPostgresServers(directory), BackingUp = TimeSpan.Zero },
        });
        Access = new TestAwsAccess(Emulator.Endpoint);
        Context = new AwsHandlerContext(Access, [HandlerFixture.Account]);
        Database = new RdsApiDatabaseStrategy(Context, HandlerFixture.Account);
        var (vpcId, subnets) = await RdsClients.NetworkAsync(Access, 70, default);
        VpcId = vpcId;
        using var rds = RdsClients.Rds(Access);
        await rds.CreateDbSubnetGroupAsync(SubnetGroup, "tests", subnets, new Dictionary<string, string>());
        using var kms = new AmazonKeyManagementServiceClient(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
            AwsHandlerContext.SdkConfigFor<AmazonKeyManagementServiceConfig>(Access));
        KeyArn = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "rds tests" })).KeyMetadata.Arn;
    }

    public async ValueTask DisposeAsync()
    {
        Context.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A secret holding <paramref name="value"/>; its ARN.</summary>
    public async Task<string> SecretAsync(string name, string value, CancellationToken cancellationToken)
    {
        using var secrets = Secrets();
        return (await secrets.CreateSecretAsync(new CreateSecretRequest { Name = name, Value = SecretValue.FromString(value) }, cancellationToken)).Arn;
    }

    public SecretsManagerClient Secrets() => new(new AwsClientOptions
    {
        Region = Access.Region,
        ServiceUrl = Emulator.Endpoint,
        Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test"),
    });
}

[CollectionDefinition(Name)]
public sealed class RdsCollection : ICollectionFixture<RdsFixture>
{
    public const string Name = "rds-instances";
}
