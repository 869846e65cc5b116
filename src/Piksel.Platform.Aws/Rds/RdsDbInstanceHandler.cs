using System.Globalization;
using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using InstanceSpec = Piksel.Platform.Spec.Aws.RdsDbInstance;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// RDS DB instances. Apply creates the instance with the master password read from its secret, or modifies in place
/// what RDS lets change (class, storage growth, storage type, major version, parameter group, security groups,
/// deletion protection, backups, public access, the master password), then waits until it is <c>available</c> with an
/// endpoint. Read checks the master can log in with the secret's current value (<see cref="InstanceSpec.MasterPassword"/>).
/// Delete honours <see cref="InstanceSpec.SkipFinalSnapshot"/> and deletion protection (RDS refuses) and waits until
/// the instance is gone, so its subnet and security groups can go after it. Outputs <c>arn</c>, <c>address</c>,
/// <c>port</c>, <c>resourceId</c>.
/// </summary>
public sealed class RdsDbInstanceHandler : RdsResourceHandler<InstanceSpec>
{
    private static readonly string[] Absent = ["DBInstanceNotFound", "DBInstanceNotFoundFault"];
    private readonly MasterLogin login;

    /// <summary>A handler reaching RDS through <paramref name="context"/> and the servers through <paramref name="database"/>.</summary>
    public RdsDbInstanceHandler(AwsHandlerContext context, IDatabaseStrategy database)
        : base(context) => login = new MasterLogin(context, database);

    /// <summary>The clock final snapshot names are stamped with. Default: the system's.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    protected override string Noun => "DB instance";

    /// <inheritdoc />
    protected override async Task<Observed<InstanceSpec>?> ReadAsync(RdsClient client, InstanceSpec desired, CancellationToken cancellationToken)
    {
        if (await DescribeAsync(client, desired.Name, cancellationToken) is not { Status: not "deleting" } instance)
        {
            return null;
        }

        var matches = await MasterPasswordWorksAsync(desired, instance, cancellationToken);
        return Observe(desired, instance, await client.ListTagsForResourceAsync(instance.Arn, cancellationToken), matches);
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(RdsClient client, InstanceSpec desired, CancellationToken cancellationToken)
    {
        var instance = await DescribeAsync(client, desired.Name, cancellationToken);
        if (instance is { Status: "deleting" })
        {
            throw new RetryableResourceException($"DB instance {desired.Name} is still being deleted.");
        }

        if (instance is null)
        {
            var password = await login.PasswordAsync(desired.Account, desired.Region, desired.MasterPasswordSecretArn, cancellationToken);
            try
            {
                await client.CreateDbInstanceAsync(CreateSettings(desired, password), cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "DBInstanceAlreadyExists", "DBInstanceAlreadyExistsFault"))
            {
                // Created by an earlier attempt; wait for it below.
            }
        }
        else
        {
            instance = await WaitAvailableAsync(client, desired.Name, cancellationToken);
            await ModifyAsync(client, desired, instance, cancellationToken);
            await ConvergeTagsAsync(client, instance.Arn, await client.ListTagsForResourceAsync(instance.Arn, cancellationToken), desired.Tags, cancellationToken);
        }

        return Outputs(await WaitAvailableAsync(client, desired.Name, cancellationToken));
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(RdsClient client, Observed<InstanceSpec> actual, CancellationToken cancellationToken)
    {
        var state = actual.State;
        var snapshot = state.SkipFinalSnapshot
            ? null
            : state.FinalSnapshotIdentifier ?? $"{state.Name}-final-{Clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}";
        try
        {
            await client.DeleteDbInstanceAsync(state.Name, state.SkipFinalSnapshot, snapshot, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, Absent))
        {
            return;
        }
        catch (Exception e) when (AwsErrors.Is(e, "InvalidDBInstanceState", "InvalidDBInstanceStateFault"))
        {
            // Already deleting (an earlier attempt), or busy: wait for it to go, or try again.
            if (await DescribeAsync(client, state.Name, cancellationToken) is { Status: not "deleting" })
            {
                throw new RetryableResourceException($"DB instance {state.Name} cannot be deleted in its current state ({e.Message}).", e);
            }
        }

        await WaitAsync<object>(async () =>
            await DescribeAsync(client, state.Name, cancellationToken) is { } still ? (null, still.Status) : (new object(), "deleted"),
            $"DB instance {state.Name} is still being deleted", cancellationToken);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(RdsClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var instance in await client.DescribeDbInstancesAsync(cancellationToken))
        {
            if (instance.Status == "deleting")
            {
                continue;
            }

            // What the listing cannot know (the secret) stays empty; an orphan is deleted with a final snapshot, RDS's default.
            var stub = new InstanceSpec { Name = instance.Identifier, Account = account, MasterUsername = instance.MasterUsername ?? "", MasterPasswordSecretArn = "" };
            yield return new Listed(stub, instance.Tags, async () =>
                Observe(stub, instance, await client.ListTagsForResourceAsync(instance.Arn, cancellationToken), matches: true));
        }
    }

    private async Task<bool> MasterPasswordWorksAsync(InstanceSpec desired, DbInstance instance, CancellationToken cancellationToken)
    {
        // Only an available instance can be asked; a change RDS is still applying counts as done.
        if (instance.Status != "available" || instance.MasterPasswordPending || !Resolved(desired.MasterPasswordSecretArn) || desired.MasterPasswordSecretArn.Length == 0)
        {
            return true;
        }

        var password = await login.PasswordAsync(desired.Account, desired.Region, desired.MasterPasswordSecretArn, cancellationToken);
        return await login.WorksAsync(desired.Name, instance.MasterUsername ?? desired.MasterUsername, instance.DatabaseName, password, cancellationToken);
    }

    private async Task ModifyAsync(RdsClient client, InstanceSpec desired, DbInstance instance, CancellationToken cancellationToken)
    {
        var current = Observe(desired, instance, desired.Tags, await MasterPasswordWorksAsync(desired, instance, cancellationToken)).State;
        var change = new DbInstanceSettings { Identifier = desired.Name };
        var changed = false;
        var majorUpgrade = false;
        if (current.InstanceClass != desired.InstanceClass) (change, changed) = (change with { InstanceClass = desired.InstanceClass }, true);
        if (desired.AllocatedStorage > current.AllocatedStorage) (change, changed) = (change with { AllocatedStorage = desired.AllocatedStorage }, true);
        if (current.StorageType != desired.StorageType) (change, changed) = (change with { StorageType = desired.StorageType }, true);
        if (current.EngineVersion != desired.EngineVersion) (change, changed, majorUpgrade) = (change with { EngineVersion = desired.EngineVersion }, true, true);
        if (current.ParameterGroupName != desired.ParameterGroupName && desired.ParameterGroupName is not null) (change, changed) = (change with { ParameterGroupName = desired.ParameterGroupName }, true);
        if (!current.VpcSecurityGroupIds.SequenceEqual(desired.VpcSecurityGroupIds) && desired.VpcSecurityGroupIds.Count > 0) (change, changed) = (change with { VpcSecurityGroupIds = desired.VpcSecurityGroupIds }, true);
        if (current.DeletionProtection != desired.DeletionProtection) (change, changed) = (change with { DeletionProtection = desired.DeletionProtection }, true);
        if (current.BackupRetentionPeriod != desired.BackupRetentionPeriod) (change, changed) = (change with { BackupRetentionPeriod = desired.BackupRetentionPeriod }, true);
        if (current.PubliclyAccessible != desired.PubliclyAccessible) (change, changed) = (change with { PubliclyAccessible = desired.PubliclyAccessible }, true);
        if (current.MasterPassword != InstanceSpec.PasswordMatchesSecret)
        {
            var password = await login.PasswordAsync(desired.Account, desired.Region, desired.MasterPasswordSecretArn, cancellationToken);
            (change, changed) = (change with { MasterUserPassword = password }, true);
        }

        if (!changed)
        {
            return;
        }

        try
        {
            await client.ModifyDbInstanceAsync(change, majorUpgrade, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "InvalidDBInstanceState", "InvalidDBInstanceStateFault"))
        {
            throw new RetryableResourceException($"DB instance {desired.Name} cannot be modified in its current state ({e.Message}).", e);
        }
    }

    private Task<DbInstance> WaitAvailableAsync(RdsClient client, string identifier, CancellationToken cancellationToken) =>
        WaitAsync(async () =>
        {
            var instance = await DescribeAsync(client, identifier, cancellationToken)
                ?? throw new RetryableResourceException($"DB instance {identifier} not yet visible after creation.");
            if (instance.Status is "failed" or "incompatible-parameters" or "incompatible-network" or "storage-full" or "deleting")
            {
                throw new InvalidOperationException($"DB instance {identifier} is {instance.Status}: RDS cannot bring it to available on its own.");
            }

            return (instance is { Status: "available", Address: not null } ? instance : null, instance.Status);
        }, $"DB instance {identifier} is not available yet", cancellationToken);

    private static Task<DbInstance?> DescribeAsync(RdsClient rds, string identifier, CancellationToken cancellationToken) =>
        OrNullAsync(() => rds.DescribeDbInstanceAsync(identifier, cancellationToken), Absent);

    private static DbInstanceSettings CreateSettings(InstanceSpec desired, SensitiveString password) => new()
    {
        Identifier = desired.Name,
        Engine = desired.Engine,
        EngineVersion = desired.EngineVersion,
        InstanceClass = desired.InstanceClass,
        AllocatedStorage = desired.AllocatedStorage,
        StorageType = desired.StorageType,
        StorageEncrypted = desired.StorageEncrypted,
        KmsKeyId = desired.KmsKeyId,
        MasterUsername = desired.MasterUsername,
        MasterUserPassword = password,
        DatabaseName = desired.DatabaseName,
        DbSubnetGroupName = desired.DbSubnetGroupName,
        ParameterGroupName = desired.ParameterGroupName,
        VpcSecurityGroupIds = desired.VpcSecurityGroupIds.Count > 0 ? desired.VpcSecurityGroupIds : null,
        Port = desired.Port,
        DeletionProtection = desired.DeletionProtection,
        BackupRetentionPeriod = desired.BackupRetentionPeriod,
        PubliclyAccessible = desired.PubliclyAccessible,
        Tags = desired.Tags,
    };

    /// <summary>The major of a full engine version (<c>16.9</c> → <c>16</c>).</summary>
    internal static string? Major(string? version) => version?.Split('.')[0];

    private static Dictionary<string, string> Outputs(DbInstance instance)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { [AwsResource.ArnOutput] = instance.Arn };
        if (instance.Address is { } address) outputs[InstanceSpec.AddressOutput] = address;
        if (instance.Port is { } port) outputs[InstanceSpec.PortOutput] = port.ToString(CultureInfo.InvariantCulture);
        if (instance.ResourceId is { } id) outputs[InstanceSpec.ResourceIdOutput] = id;
        return outputs;
    }

    private static Observed<InstanceSpec> Observe(InstanceSpec desired, DbInstance instance, IReadOnlyDictionary<string, string> tags, bool matches) => new(
        desired with
        {
            Engine = instance.Engine,

            // Compared by major only, and not at all when the spec takes RDS's default.
            EngineVersion = desired.EngineVersion is null ? null : Major(instance.EngineVersion),
            InstanceClass = instance.InstanceClass ?? desired.InstanceClass,
            AllocatedStorage = instance.AllocatedStorage,
            StorageType = instance.StorageType ?? desired.StorageType,
            StorageEncrypted = instance.StorageEncrypted,
            KmsKeyId = desired.KmsKeyId is null ? null : instance.KmsKeyId,
            MasterUsername = instance.MasterUsername ?? desired.MasterUsername,
            MasterPassword = matches ? InstanceSpec.PasswordMatchesSecret : InstanceSpec.PasswordDiffersFromSecret,
            DatabaseName = instance.DatabaseName,
            DbSubnetGroupName = instance.DbSubnetGroupName,
            ParameterGroupName = desired.ParameterGroupName is null ? null : (instance.ParameterGroupNames.Count > 0 ? instance.ParameterGroupNames[0] : null),
            VpcSecurityGroupIds = desired.VpcSecurityGroupIds.Count == 0 ? [] : Canonical.SetLike(instance.VpcSecurityGroupIds, desired.VpcSecurityGroupIds),
            DeletionProtection = instance.DeletionProtection,
            BackupRetentionPeriod = instance.BackupRetentionPeriod,
            PubliclyAccessible = instance.PubliclyAccessible,
            Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal),
        },
        Outputs(instance));
}
