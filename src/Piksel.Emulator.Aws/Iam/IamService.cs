using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Iam;

/// <summary>IAM (awsQuery).</summary>
public sealed class IamService(EmulatorState state) : IAwsService
{
    private readonly EmulatorState state = state;

    /// <inheritdoc />
    public string SigningName => "iam";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Query;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        _ = state;
        throw new AwsServiceException("InvalidAction", "Not implemented yet.");
    }
}
