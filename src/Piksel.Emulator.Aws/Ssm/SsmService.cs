using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ssm;

/// <summary>
/// AWS Systems Manager Parameter Store (awsJson1.1, <c>X-Amz-Target: AmazonSSM.&lt;Op&gt;</c>, signing name <c>ssm</c>):
/// the account's String, StringList and SecureString parameters, and AWS's public parameters with the EKS-optimized
/// AMI ids Karpenter resolves. Reads are authorized on the parameter's ARN
/// (<c>arn:aws:ssm:&lt;region&gt;::parameter/aws/service/…</c> for public ones), GetParametersByPath on the path's.
/// </summary>
public sealed class SsmService : IAwsService
{
    private const string TargetPrefix = "AmazonSSM";

    /// <summary>The service over the shared state.</summary>
    public SsmService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parameters = new SsmParameters(state.Store);
        Operations = new OperationTable()
            .AddGroup(new ParameterReadOperations(parameters))
            .AddGroup(new ParameterWriteOperations(parameters))
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "ssm";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context) => JsonTarget.Resolve(context, Operations, TargetPrefix, "AWS Systems Manager");
}
