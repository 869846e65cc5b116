using Piksel.Emulator.Aws;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Definition;
using Piksel.Platform.Engine;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Tests.Infrastructure;

/// <summary>One in-process emulator (port 0) shared by the handler tests; tests isolate by unique names.</summary>
public sealed class HandlerFixture : IAsyncLifetime
{
    public const string Account = "000000000000";

    public AwsEmulator Emulator { get; private set; } = null!;

    public AwsHandlerContext Context { get; private set; } = null!;

    public TestAwsAccess Access { get; private set; } = null!;

    /// <summary>Two private subnets in two zones, for the clusters the tests make.</summary>
    public ClusterNetwork Network { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 });
        Access = new TestAwsAccess(Emulator.Endpoint);
        Context = new AwsHandlerContext(Access, [Account]);
        Network = new ClusterNetwork(Access);
    }

    public async ValueTask DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>A unique name for a test's resource.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>The platform's tags for a throwaway environment.</summary>
    public static IReadOnlyDictionary<string, string> Tags(string environment) => PikselTags.For(environment);
}

/// <summary>The emulator's endpoint with the default account's root keys.</summary>
public sealed class TestAwsAccess(Uri endpoint) : IAwsAccess
{
    public Uri? ServiceUrl => endpoint;

    public string Region => "us-east-1";

    public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
        accountId == HandlerFixture.Account
            ? ValueTask.FromResult(new AwsCredentials("test", new SensitiveString("test")))
            : throw new InvalidOperationException($"No credentials for {accountId}.");
}

/// <summary>A provider with the AWS handlers only.</summary>
public sealed class TestProvider(HandlerFixture fixture, ResourceHandlerRegistry handlers) : IPlatformProvider
{
    public ProviderKind Kind => ProviderKind.Embedded;

    public ProviderCapabilities Capabilities => ProviderCapabilities.None;

    public IAwsAccess Aws => fixture.Access;

    public IClusterStrategy Cluster => throw new NotSupportedException();

    public IDatabaseStrategy Database => throw new NotSupportedException();

    public ResourceHandlerRegistry Handlers => handlers;
}

[CollectionDefinition(Name)]
public sealed class HandlerCollection : ICollectionFixture<HandlerFixture>
{
    public const string Name = "aws-handlers";
}

/// <summary>Compares records the way the planner does: attribute by attribute.</summary>
public static class Attributes
{
    public static void Equal(PlatformResource expected, PlatformResource actual) =>
        Assert.Equal(
            ResourceAttributes.Of(expected).Where(a => !a.Flags.HasFlag(AttributeFlags.CreateOnly)).Select(a => $"{a.Path}={a.Value}"),
            ResourceAttributes.Of(actual).Where(a => !a.Flags.HasFlag(AttributeFlags.CreateOnly)).Select(a => $"{a.Path}={a.Value}"));

    public static bool AreEqual(PlatformResource expected, PlatformResource actual) =>
        ResourceAttributes.Of(expected).Where(a => !a.Flags.HasFlag(AttributeFlags.CreateOnly)).Select(a => $"{a.Path}={a.Value}")
            .SequenceEqual(ResourceAttributes.Of(actual).Where(a => !a.Flags.HasFlag(AttributeFlags.CreateOnly)).Select(a => $"{a.Path}={a.Value}"));
}
