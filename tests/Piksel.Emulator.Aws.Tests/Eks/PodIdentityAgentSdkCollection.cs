namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>Tests that set process-wide AWS environment variables: run with nothing else beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PodIdentityAgentSdkCollection
{
    public const string Name = "pod-identity-agent-sdk";
}
