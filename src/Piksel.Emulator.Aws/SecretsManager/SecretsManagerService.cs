using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>Secrets Manager (awsJson1.1).</summary>
public sealed class SecretsManagerService(EmulatorState state) : IAwsService
{
    private readonly EmulatorState state = state;

    /// <inheritdoc />
    public string SigningName => "secretsmanager";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        _ = state;
        throw new AwsServiceException("InvalidAction", "Not implemented yet.");
    }
}
