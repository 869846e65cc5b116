namespace Piksel.Emulator.Kubernetes;

/// <summary>A non-resource path served by prefix (<c>/openapi/</c>); an <paramref name="Anonymous"/> one is served without authentication.</summary>
public sealed record NonResourcePath(string Prefix, NonResourceHandler Handler, bool Anonymous = false);
