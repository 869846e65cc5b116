namespace Piksel.EndToEnd.Tests.Infrastructure;

/// <summary>The tests that share one applied platform, <see cref="PlatformFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "platform";
}
