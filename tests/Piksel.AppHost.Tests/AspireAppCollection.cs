namespace Piksel.AppHost.Tests;

/// <summary>The tests that share one AppHost started through Aspire.Hosting.Testing, <see cref="AspireAppFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AspireAppCollection : ICollectionFixture<AspireAppFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "aspire-app";
}
