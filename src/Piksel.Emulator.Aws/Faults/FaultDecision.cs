using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>What the fault rules do to one call.</summary>
/// <param name="Latency">Time to wait before answering.</param>
/// <param name="Error">The error to answer instead of running the operation; null lets it run.</param>
internal sealed record FaultDecision(TimeSpan Latency, AwsServiceException? Error);
