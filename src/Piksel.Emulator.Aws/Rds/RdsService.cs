using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// RDS for PostgreSQL (awsQuery, 2014-10-31): DB subnet groups over EC2's subnets, parameter groups, DB instances backed
/// by real servers (<see cref="IDatabaseServers"/>), final snapshots (metadata), events and tags. Every operation is
/// authorized with its <c>rds:</c> action on the resource's ARN and RDS's condition keys. Instances are durable; at
/// start their servers are started again, at dispose stopped.
/// </summary>
public sealed class RdsService : IAwsService, IHostedAwsService
{
    private readonly InstanceLifecycle lifecycle;
    private readonly string? temporaryDirectory;

    /// <summary>The service over the shared state, placing subnet groups in <paramref name="subnets"/> and instances on <paramref name="servers"/>.</summary>
    public RdsService(EmulatorState state, ISubnetLookup subnets, IDatabaseServers servers, string? temporaryDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(servers);
        this.temporaryDirectory = temporaryDirectory;
        var store = new RdsStore(state.Store);
        var secrets = new SecretsManager.SecretsStore(state);
        var engines = new EngineCatalog(servers.EngineMajors);
        lifecycle = new InstanceLifecycle(store, servers, state.Time, state.Options.Rds, secrets);
        var dependencies = new InstanceDependencies(state, secrets);
        Operations = new OperationTable()
            .AddGroup(new SubnetGroupOperations(store, subnets))
            .AddGroup(new ParameterGroupOperations(store, engines))
            .AddGroup(new InstanceOperations(store, lifecycle, dependencies, engines))
            .AddGroup(new InstanceChangeOperations(store, lifecycle, dependencies))
            .AddGroup(new SnapshotOperations(store))
            .AddGroup(new CatalogueOperations(store, engines))
            .AddGroup(new RdsTagOperations(store))
            .Freeze();
    }

    /// <summary>The directory servers keep data in: under the data directory, else a temporary one removed at dispose.</summary>
    public static (string Directory, bool Temporary) DataDirectory(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Options.DataDirectory is { } dir
            ? (Piksel.Shared.PrivateFiles.EnsureOwnDirectory(Path.Combine(dir, "rds")), false)
            // Made by the servers when an instance is first created: an emulator that never serves one leaves nothing behind.
            : (Path.Combine(Path.GetTempPath(), "piksel-rds-" + Guid.NewGuid().ToString("N")), true);
    }

    /// <inheritdoc />
    public string SigningName => "rds";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public string XmlNamespace => RdsXml.Namespace;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var action = context.Query.Action;
        if (string.IsNullOrEmpty(action)) throw new AwsServiceException("MissingAction", "Missing Action");
        return Operations.Find(action) ?? throw RdsErrors.InvalidAction(RdsParameters.Printable(action));
    }

    /// <inheritdoc />
    public Task StartAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        lifecycle.Resume();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await lifecycle.DisposeAsync();
        if (temporaryDirectory is not null && Directory.Exists(temporaryDirectory))
        {
            try { Directory.Delete(temporaryDirectory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
