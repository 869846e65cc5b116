using Aspire.Hosting.ApplicationModel;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// A resource of the Piksel app model whose life the AppHost runs in its own process — the AWS emulator, a cluster's API
/// server, the database server, the platform and its groups — so Aspire shows its state, URLs, properties, console log
/// and commands, while the orchestrator starts nothing for it.
/// </summary>
public sealed class PikselResource(string name) : Resource(name), IResourceWithWaitSupport;
