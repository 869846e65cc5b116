namespace Piksel.Emulator.Kubernetes;

/// <summary>Serves a subresource (<c>serviceaccounts/token</c>) or a create-only kind (<c>tokenreviews</c>).</summary>
public delegate Task ResourceHandler(ApiContext context);
