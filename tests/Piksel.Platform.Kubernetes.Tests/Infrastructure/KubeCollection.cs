namespace Piksel.Platform.Kubernetes.Tests.Infrastructure;

/// <summary>The handler tests that share one API server, <see cref="KubeFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class KubeCollection : ICollectionFixture<KubeFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "platform-kube";
}
