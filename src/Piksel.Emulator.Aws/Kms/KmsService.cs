using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// KMS (awsJson1.1, <c>X-Amz-Target: TrentService.&lt;Op&gt;</c>): symmetric keys with real AES-256-GCM under
/// per-key material, key policies, aliases, tags and the key lifecycle (disable, scheduled deletion). Every operation
/// on a key is authorized on the key's ARN with its key policy as the resource policy.
/// </summary>
public sealed class KmsService : IAwsService
{
    private const string TargetPrefix = "TrentService";

    /// <summary>The service over the shared state.</summary>
    public KmsService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var keys = new KmsKeys(state);
        Operations = new OperationTable()
            .AddGroup(new KeyOperations(keys))
            .AddGroup(new KeyPolicyOperations(keys))
            .AddGroup(new AliasOperations(keys))
            .AddGroup(new CryptoOperations(keys))
            .AddGroup(new RotationOperations(keys))
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "kms";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context) => JsonTarget.Resolve(context, Operations, TargetPrefix, "AWS KMS");
}
