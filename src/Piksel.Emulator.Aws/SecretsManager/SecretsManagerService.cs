using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// Secrets Manager (awsJson1.1, <c>X-Amz-Target: secretsmanager.&lt;Op&gt;</c>): versioned secrets with staging labels,
/// values encrypted under KMS keys (read back through KMS with the caller's own kms:Decrypt rights), scheduled
/// deletion on the injected clock, tags, resource policies and GetRandomPassword.
/// </summary>
public sealed class SecretsManagerService : IAwsService
{
    private const string TargetPrefix = "secretsmanager";

    /// <summary>The service over the shared state.</summary>
    public SecretsManagerService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new SecretsStore(state);
        var encryption = new SecretEncryption(new KmsKeys(state));
        Operations = new OperationTable()
            .AddGroup(new SecretCatalogOperations(store, encryption))
            .AddGroup(new SecretValueOperations(store, encryption))
            .AddGroup(new SecretPolicyOperations(store))
            .AddGroup(new RandomPasswordOperations())
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "secretsmanager";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context) => JsonTarget.Resolve(context, Operations, TargetPrefix, "AWS Secrets Manager");
}
