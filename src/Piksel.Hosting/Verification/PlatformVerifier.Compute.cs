using Amazon.Runtime;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>EC2 and CloudWatch Logs probes.</summary>
public sealed partial class PlatformVerifier
{
    private Task<ProbeError?> RunComputeProbeAsync(AccessProbe probe, AWSCredentials credentials, CancellationToken cancellationToken) =>
        Task.FromResult<ProbeError?>(new ProbeError("NotImplemented", $"{probe.Action}: not yet"));
}
