using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Piksel.Emulator.Aws.Ec2;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.SecretsManager;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// What a DB instance needs from other services, checked as RDS checks it for the caller: security groups of EC2 in
/// the subnet group's VPC, a KMS key the caller may grant RDS and describe, and the Secrets Manager secret RDS makes
/// when it manages the master password.
/// </summary>
internal sealed class InstanceDependencies(EmulatorState state, SecretsStore secrets)
{
    private readonly Table<Ec2.Network.SecurityGroupRecord> securityGroups = state.Store.Table<Ec2.Network.SecurityGroupRecord>("ec2.security-groups");
    private readonly KmsKeys kms = new(state);
    private readonly SecretEncryption encryption = new(new KmsKeys(state));

    /// <summary>Checks that each group exists in <paramref name="vpcId"/>; InvalidParameterCombination / InvalidVPCNetworkStateFault otherwise.</summary>
    public IReadOnlyList<string> SecurityGroups(AwsRequestContext context, IReadOnlyList<string> ids, string vpcId)
    {
        foreach (var id in ids)
        {
            var group = securityGroups.Find(Ec2Store.Row(context.AccountId, context.Region, id))
                ?? throw RdsErrors.InvalidParameterValue($"Invalid security group , groupId= {RdsParameters.Printable(id)}, groupName=.");
            if (group.VpcId != vpcId)
                throw RdsErrors.InvalidParameterCombination($"The DB instance and EC2 security group are in different VPCs. The DB instance is in {vpcId} and the EC2 security group is in {group.VpcId}");
        }
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The ARN of the key that encrypts the storage: the named key (it must live, be enabled, and the caller must be
    /// allowed kms:CreateGrant and kms:DescribeKey on it through RDS), else the account's <c>aws/rds</c> key.
    /// </summary>
    public string StorageKey(AwsRequestContext context, string? keyId)
    {
        if (keyId is null) return kms.EnsureManagedKey(context.AccountId, context.Region, "rds").Arn;
        KmsKeyRecord key;
        try { key = kms.Resolve(context, keyId); }
        catch (Protocol.AwsServiceException) { throw RdsErrors.KmsKeyNotAccessible(keyId); }
        if (!key.Enabled) throw RdsErrors.KmsKeyNotAccessible(key.Arn);
        foreach (var action in new[] { "kms:CreateGrant", "kms:DescribeKey" })
        {
            var access = KmsKeys.AccessTo(context, key, viaService: "rds");
            if (!context.Check(action, access.Resource, access.ResourcePolicy, access.ResourceAccount, access.ContextKeys).Allowed)
                throw RdsErrors.KmsKeyNotAccessible(key.Arn);
        }
        return key.Arn;
    }

    /// <summary>The ARN a managed master secret will have: <c>rds!db-&lt;uuid&gt;</c> and six random characters.</summary>
    public static string NewSecretArn(AwsRequestContext context) => SecretsStore.NewArn(context, $"rds!db-{Guid.NewGuid()}");

    /// <summary>
    /// Makes the secret RDS manages for the master user (<c>{"username","password"}</c> under the account's
    /// <c>aws/secretsmanager</c> key) and returns the password it generated and the key's ARN.
    /// </summary>
    public (string Password, string KmsKeyArn) CreateMasterSecret(AwsRequestContext context, string arn, string username, string instanceArn)
    {
        // RDS generates a password its engine accepts: no characters the master password rules forbid.
        var password = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%^&*()_+-=[]{}|;:,.<>?~", 28);
        var name = arn.Split(':')[6];
        name = name[..name.LastIndexOf('-')];
        var now = context.Time.GetUtcNow();
        var secret = new SecretRecord
        {
            Account = context.AccountId,
            Region = context.Region,
            Name = name,
            Arn = arn,
            Description = $"Secret associated with primary RDS DB instance: {instanceArn}",
            CreatedDate = now,
            LastChangedDate = now,
            Tags = [new SecretTag("aws:rds:primaryDBInstanceArn", instanceArn)],
        };
        var value = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = username, ["password"] = password });
        var version = encryption.Seal(context, secret, Guid.NewGuid().ToString(), new SecretValue(Encoding.UTF8.GetBytes(value), false), [SecretVersions.Current], now);
        secret = secret with { Versions = [version] };
        secrets.Secrets.Put(SecretsStore.Row(secret), secret);
        return (password, version.KmsKeyArn);
    }
}
