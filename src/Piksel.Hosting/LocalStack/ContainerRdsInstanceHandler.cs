using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using InstanceSpec = Piksel.Platform.Spec.Aws.RdsDbInstance;

namespace Piksel.Hosting.LocalStack;

/// <summary>
/// DB instances as PostgreSQL containers (<see cref="IDatabaseServers"/>, e.g. <c>ContainerPostgresServers</c>) with the
/// record RDS would keep. The master user and database are made from the definition, the master password read from its
/// Secrets Manager secret (in LocalStack), so the Postgres handlers work unchanged; at every read the master must log
/// in with the secret's current value, else <see cref="InstanceSpec.PasswordDiffersFromSecret"/>, repaired by setting
/// it. Deletion protection refuses deletion as RDS does. Outputs <c>arn</c>, <c>address</c>, <c>port</c>, <c>resourceId</c>.
/// </summary>
internal sealed class ContainerRdsInstanceHandler(
    ContainerRdsRecords records, IDatabaseServers servers, AwsHandlerContext aws, string defaultRegion, string defaultMajor)
    : ContainerRdsHandler<InstanceSpec>(records, defaultRegion)
{
    /// <inheritdoc />
    public override async Task<Observed<InstanceSpec>?> ReadAsync(InstanceSpec desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (!Resolved(desired.MasterPasswordSecretArn, desired.DbSubnetGroupName, desired.ParameterGroupName)) return null;
        var all = await Records.ReadAsync(cancellationToken);
        if (!all.Instances.TryGetValue(KeyOf(desired), out var instance)) return null;
        var endpoint = await servers.StartAsync(instance.ServerKey, cancellationToken);
        var matches = desired.MasterPasswordSecretArn.Length == 0
            || await WorksAsync(endpoint, instance, await PasswordAsync(desired, cancellationToken), cancellationToken);
        return Observe(desired, instance, endpoint, matches);
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(InstanceSpec desired, Observed<InstanceSpec>? actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Engine != "postgres")
        {
            throw new ArgumentException($"DB instance {desired.Name}: the localstack provider runs engine 'postgres' only, not '{desired.Engine}'.", nameof(desired));
        }

        var major = desired.EngineVersion?.Split('.')[0] ?? defaultMajor;
        var key = RdsRecordSet.Key(desired.Account, desired.Name);
        var existing = (await Records.ReadAsync(cancellationToken)).Instances.GetValueOrDefault(key);
        var password = await PasswordAsync(desired, cancellationToken);
        DatabaseServerEndpoint endpoint;
        if (existing is null)
        {
            var serverKey = $"{desired.Account}-{desired.Region ?? DefaultRegion}-{desired.Name}";
            // An earlier attempt may have made the server and failed before recording it: start afresh.
            await servers.DeleteAsync(serverKey, cancellationToken);
            endpoint = await servers.CreateAsync(new DatabaseServerRequest(serverKey, major, desired.MasterUsername, password.Reveal(), desired.DatabaseName), cancellationToken);
            existing = new InstanceRecord
            {
                Account = desired.Account,
                Identifier = desired.Name,
                Arn = Arn(desired, "db"),
                ResourceId = $"db-{Convert.ToHexString(RandomNumberGenerator.GetBytes(13))}",
                ServerKey = serverKey,
                EngineMajor = major,
                MasterUsername = desired.MasterUsername,
                DatabaseName = desired.DatabaseName,
                StorageEncrypted = desired.StorageEncrypted,
                KmsKeyId = desired.KmsKeyId,
            };
        }
        else
        {
            if (existing.EngineMajor != major)
            {
                throw new InvalidOperationException(
                    $"DB instance {desired.Name} runs PostgreSQL {existing.EngineMajor}; the localstack provider's container servers cannot upgrade in place to {major} (replace the instance).");
            }

            endpoint = await servers.StartAsync(existing.ServerKey, cancellationToken);
            if (!await WorksAsync(endpoint, existing, password, cancellationToken))
            {
                await servers.SetMasterPasswordAsync(existing.ServerKey, existing.MasterUsername, password.Reveal(), cancellationToken);
            }
        }

        var record = existing with
        {
            InstanceClass = desired.InstanceClass,
            // RDS grows storage, never shrinks it.
            AllocatedStorage = Math.Max(existing.AllocatedStorage, desired.AllocatedStorage),
            StorageType = desired.StorageType,
            DbSubnetGroupName = desired.DbSubnetGroupName,
            ParameterGroupName = desired.ParameterGroupName,
            VpcSecurityGroupIds = [.. desired.VpcSecurityGroupIds],
            DeletionProtection = desired.DeletionProtection,
            BackupRetentionPeriod = desired.BackupRetentionPeriod,
            PubliclyAccessible = desired.PubliclyAccessible,
            Tags = new Dictionary<string, string>(desired.Tags, StringComparer.Ordinal),
        };
        await Records.UpdateAsync(all => (all with { Instances = all.Instances.SetItem(key, record) }, true), cancellationToken);
        return Outputs(record, endpoint);
    }

    /// <inheritdoc />
    public override async Task DeleteAsync(Observed<InstanceSpec> actual, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var key = KeyOf(actual.State);
        if ((await Records.ReadAsync(cancellationToken)).Instances.GetValueOrDefault(key) is not { } instance) return;
        if (instance.DeletionProtection)
        {
            // RDS: InvalidParameterCombination, "Cannot delete protected DB Instance, please disable deletion protection and try again."
            throw new InvalidOperationException($"DB instance {instance.Identifier}: Cannot delete protected DB Instance, please disable deletion protection and try again.");
        }

        await servers.DeleteAsync(instance.ServerKey, cancellationToken);
        await Records.UpdateAsync(all => (all with { Instances = all.Instances.Remove(key) }, true), cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<Observed<InstanceSpec>>> ListAsync(RdsRecordSet records, CancellationToken cancellationToken)
    {
        var listed = new List<Observed<InstanceSpec>>();
        foreach (var instance in records.Instances.Values)
        {
            // What the listing cannot know (the secret) stays empty, as with the RDS handler.
            var stub = new InstanceSpec { Name = instance.Identifier, Account = instance.Account, MasterUsername = instance.MasterUsername, MasterPasswordSecretArn = "" };
            listed.Add(Observe(stub, instance, await servers.StartAsync(instance.ServerKey, cancellationToken), matches: true));
        }

        return listed;
    }

    /// <summary>The instance as the engine compares it: what RDS would report, and whether the master logs in with the secret.</summary>
    internal static Observed<InstanceSpec> Observe(InstanceSpec desired, InstanceRecord instance, DatabaseServerEndpoint endpoint, bool matches) => new(
        desired with
        {
            Engine = instance.Engine,
            EngineVersion = desired.EngineVersion is null ? null : instance.EngineMajor,
            InstanceClass = instance.InstanceClass ?? desired.InstanceClass,
            AllocatedStorage = instance.AllocatedStorage,
            StorageType = instance.StorageType ?? desired.StorageType,
            StorageEncrypted = instance.StorageEncrypted,
            KmsKeyId = desired.KmsKeyId is null ? null : instance.KmsKeyId,
            MasterUsername = instance.MasterUsername,
            MasterPassword = matches ? InstanceSpec.PasswordMatchesSecret : InstanceSpec.PasswordDiffersFromSecret,
            DatabaseName = instance.DatabaseName,
            DbSubnetGroupName = instance.DbSubnetGroupName,
            ParameterGroupName = desired.ParameterGroupName is null ? null : instance.ParameterGroupName,
            VpcSecurityGroupIds = desired.VpcSecurityGroupIds.Count == 0 ? [] : SetLike(instance.VpcSecurityGroupIds, desired.VpcSecurityGroupIds),
            DeletionProtection = instance.DeletionProtection,
            BackupRetentionPeriod = instance.BackupRetentionPeriod,
            PubliclyAccessible = instance.PubliclyAccessible,
            Tags = instance.Tags,
        },
        Outputs(instance, endpoint));

    private static Dictionary<string, string> Outputs(InstanceRecord instance, DatabaseServerEndpoint endpoint) => new(StringComparer.Ordinal)
    {
        [AwsResource.ArnOutput] = instance.Arn,
        [InstanceSpec.AddressOutput] = endpoint.Host,
        [InstanceSpec.PortOutput] = endpoint.Port.ToString(CultureInfo.InvariantCulture),
        [InstanceSpec.ResourceIdOutput] = instance.ResourceId,
    };

    private async Task<SensitiveString> PasswordAsync(InstanceSpec desired, CancellationToken cancellationToken)
    {
        var secrets = await aws.ClientAsync(this, desired.Account, desired.Region, options => new SecretsManagerClient(options), cancellationToken);
        var entry = await AwsErrors.Guard($"Reading the master password secret of DB instance {desired.Name}",
            () => secrets.GetSecretValueAsync(desired.MasterPasswordSecretArn, cancellationToken: cancellationToken));
        return new SensitiveString(entry.Value.Reveal());
    }

    private static async Task<bool> WorksAsync(DatabaseServerEndpoint endpoint, InstanceRecord instance, SensitiveString password, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = instance.MasterUsername,
            Password = password.Reveal(),
            Database = instance.DatabaseName ?? "postgres",
            Timeout = 15,
            Pooling = false,
        };
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
    }
}
