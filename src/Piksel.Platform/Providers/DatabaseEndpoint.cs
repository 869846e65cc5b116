namespace Piksel.Platform.Providers;

/// <summary>Host and port of a database instance.</summary>
public sealed record DatabaseEndpoint(string Host, int Port);
