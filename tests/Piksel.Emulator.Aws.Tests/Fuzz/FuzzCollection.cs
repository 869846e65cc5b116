using Piksel.Emulator.Aws.Tests.Infrastructure;

namespace Piksel.Emulator.Aws.Tests.Fuzz;

/// <summary>
/// The fuzz tests' own emulator: what they create (roles, buckets, secrets with mutated names) stays out of the shared
/// one, and they run beside the other collections rather than in their queue.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "aws-fuzz";
}
