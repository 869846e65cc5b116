using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>
/// CloudWatch Logs (awsJson1.1, <c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, signing name <c>logs</c>): log groups with
/// retention and tags, log streams, and events put and read back (durable). Every operation is authorized with the
/// real action name on the group's ARN (<c>arn:aws:logs:&lt;region&gt;:&lt;account&gt;:log-group:&lt;name&gt;:*</c>), a stream's
/// ARN for stream operations, or <c>log-group:*</c> for listing groups; denials are AccessDeniedException, HTTP 400.
/// </summary>
public sealed class LogsService : IAwsService
{
    private const string TargetPrefix = "Logs_20140328";

    /// <summary>The service over the shared state.</summary>
    public LogsService(EmulatorState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var store = new LogsStore(state.Store);
        Operations = new OperationTable()
            .AddGroup(new LogGroupOperations(store))
            .AddGroup(new LogStreamOperations(store))
            .AddGroup(new LogEventOperations(store))
            .Freeze();
    }

    /// <inheritdoc />
    public string SigningName => "logs";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public OperationTable Operations { get; }

    /// <inheritdoc />
    public AwsOperation Resolve(AwsRequestContext context) => JsonTarget.Resolve(context, Operations, TargetPrefix, "Amazon CloudWatch Logs");
}
