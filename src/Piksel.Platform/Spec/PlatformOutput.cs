namespace Piksel.Platform.Spec;

/// <summary>
/// A named value the platform publishes once applied (cluster endpoint, a role ARN per service account). The
/// value may hold <see cref="OutputRef"/> tokens, resolved from the handlers' outputs after apply.
/// </summary>
/// <param name="Name">Dotted name, e.g. <c>cluster.endpoint</c> or <c>roles.argo/argo-workflows-server</c>.</param>
/// <param name="Value">Literal text or a token.</param>
public sealed record PlatformOutput(string Name, string Value);
