using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes;

/// <summary>Serves a non-resource path (discovery, OpenAPI, OIDC discovery, health).</summary>
public delegate Task NonResourceHandler(HttpContext http, UserInfo? user);
