namespace Piksel.Platform.Providers;

/// <summary>
/// Where the platform comes to be: how AWS is reached, how the cluster comes to be, where the database lives,
/// and the handlers that make each resource kind real. <c>Piksel.Hosting</c> assembles one per provider kind; the
/// engine sees only this contract, so a new provider slots in without touching it.
/// </summary>
public interface IPlatformProvider
{
    /// <summary>Which provider this is.</summary>
    ProviderKind Kind { get; }

    /// <summary>What this provider can prove; verification and the end-to-end suite skip the rest, naming what is missing.</summary>
    ProviderCapabilities Capabilities { get; }

    /// <summary>The AWS endpoint and credentials.</summary>
    IAwsAccess Aws { get; }

    /// <summary>How clusters come to be and are reached.</summary>
    IClusterStrategy Cluster { get; }

    /// <summary>Where the database lives.</summary>
    IDatabaseStrategy Database { get; }

    /// <summary>The resource handlers, by resource kind.</summary>
    ResourceHandlerRegistry Handlers { get; }
}
