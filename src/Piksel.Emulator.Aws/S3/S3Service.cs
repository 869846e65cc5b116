using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.S3;

/// <summary>S3 (restXml).</summary>
public sealed class S3Service(EmulatorState state) : IAwsService
{
    private readonly EmulatorState state = state;

    /// <inheritdoc />
    public string SigningName => "s3";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.RestXml;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        _ = state;
        throw new AwsServiceException("InvalidAction", "Not implemented yet.");
    }
}
