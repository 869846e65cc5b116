namespace Piksel.Emulator.Kubernetes;

/// <summary>The server's parts that plug into <see cref="ApiServerState"/>: discovery, OpenAPI, tokens and OIDC, admission, controllers.</summary>
internal static class ServerFeatures
{
    /// <summary>Registers every feature (one line each).</summary>
    public static void Register(ApiServerState state)
    {
        Discovery.DiscoveryEndpoints.Register(state);
        Controllers.ControllerFeature.Register(state);
        Tokens.TokensFeature.Register(state);
    }
}
