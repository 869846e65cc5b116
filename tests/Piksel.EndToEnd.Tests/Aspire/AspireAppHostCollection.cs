namespace Piksel.EndToEnd.Tests.Aspire;

/// <summary>The tests that share one AppHost started through Aspire.Hosting.Testing, <see cref="AspireAppHostFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class AspireAppHostCollection : ICollectionFixture<AspireAppHostFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "aspire-apphost";
}
