using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Rest;
using Piksel.Emulator.Kubernetes.Security;

namespace Piksel.Emulator.Kubernetes;

/// <summary>
/// An embedded Kubernetes API server: HTTPS (HTTP/1.1 and HTTP/2) with its own CA, REST and watch for the built-in
/// kinds, service-account tokens from an EKS-style OIDC issuer, admission and controllers. Start with
/// <see cref="StartAsync(KubeApiServerOptions?, ILoggerFactory?, CancellationToken)"/>, or give it parts first through
/// <see cref="CreateBuilder"/>; dispose to stop.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> controllers = [];

    private KubeApiServer(WebApplication app, ApiServerState state, Uri endpoint)
    {
        this.app = app;
        State = state;
        Endpoint = endpoint;
    }

    /// <summary>The HTTPS endpoint, e.g. <c>https://127.0.0.1:6443/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The server's context (catalog, store, PKI) and its parts, fixed since it started.</summary>
    public ApiServerState State { get; }

    /// <summary>The service-account token issuer (EKS form by default).</summary>
    public string Issuer => State.Issuer;

    /// <summary>A kubeconfig for the admin (client certificate), ready for kubectl and KubernetesClient.</summary>
    public string Kubeconfig => Security.Kubeconfig.Render(State.Options.ClusterName, Endpoint, State.Certificates);

    /// <summary>A builder to give the server its authenticators, authorizers, admission plugins and controllers before it starts.</summary>
    public static KubeApiServerBuilder CreateBuilder(KubeApiServerOptions? options = null) => new(options);

    /// <summary>Starts a server with the built-in parts only and returns once it accepts requests.</summary>
    public static Task<KubeApiServer> StartAsync(KubeApiServerOptions? options = null, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        CreateBuilder(options).StartAsync(loggerFactory, cancellationToken);

    /// <summary>Makes the builder's parts, listens, then starts the controllers.</summary>
    internal static async Task<KubeApiServer> StartAsync(KubeApiServerBuilder parts, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var options = parts.Options;
        var context = new ServerContext(options, parts.StorageTransformer);
        try
        {
            var state = parts.Build(context);
            var logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger("Piksel.Emulator.Kubernetes");
            var rest = new RestHandler(state);

            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore();
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                // Bodies over the API's 3 MiB are refused (413) after they are read to here, so the client gets the answer.
                k.Limits.MaxRequestBodySize = 64L * 1024 * 1024;
                // Go writes header values as UTF-8 bytes (a Warning naming a field "ü"); Kestrel would refuse non-ASCII.
                k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
                // Go's server takes a request line and headers of up to 1 MiB (DefaultMaxHeaderBytes): long selectors are fine.
                k.Limits.MaxRequestLineSize = 1024 * 1024;
                k.Limits.MaxRequestHeadersTotalSize = 1024 * 1024;
                k.Limits.Http2.MaxRequestHeaderFieldSize = 1024 * 1024;
                k.Listen(IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port, l =>
                {
                    l.Protocols = HttpProtocols.Http1AndHttp2;
                    l.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = state.Certificates.Serving,
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        // Client certificates are checked against the cluster CA by the admin authenticator.
                        ClientCertificateValidation = (_, _, _) => true,
                    });
                });
            });
            builder.Services.AddRoutingCore();
            var app = builder.Build();
            app.Run(http => HandleAsync(http, state, rest, logger));
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var server = new KubeApiServer(app, state, new Uri($"https://{(options.Host == "0.0.0.0" ? "127.0.0.1" : options.Host)}:{new Uri(address).Port}/"));
            server.StartControllers(logger);
            await server.WaitForSystemNamespacesAsync(cancellationToken);
            return server;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns once the namespaces every cluster has exist, as kube-apiserver reports ready only after its bootstrap
    /// controller made them: a client's first write into <c>default</c> must not race the namespace controller. Bounded,
    /// so a server whose controller cannot start still returns (its writes then get the real 404).
    /// </summary>
    private async Task WaitForSystemNamespacesAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (Controllers.NamespaceController.SystemNamespaces.All(ns => State.Store.Get(Api.BuiltInResources.Namespaces, "", ns) is not null)) return;
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private void StartControllers(ILogger logger)
    {
        foreach (var controller in State.Controllers)
        {
            controllers.Add(Task.Run(async () =>
            {
                try { await controller.RunAsync(stopping.Token); }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
                catch (Exception e) { logger.LogError(e, "controller {Controller} stopped", controller.GetType().Name); }
            }));
        }
    }

    private static async Task HandleAsync(HttpContext http, ApiServerState state, RestHandler rest, ILogger logger)
    {
        using var span = KubeTelemetry.Source.StartActivity("k8s.request", ActivityKind.Server);
        span?.SetTag(KubeTelemetry.ClusterTag, state.Options.ClusterName);
        var authorizing = false;
        try
        {
            var path = http.Request.Path.Value ?? "/";
            if (TryBuiltInPath(http, state, path, out var builtIn))
            {
                await builtIn;
                return;
            }
            var anonymous = state.NonResourcePaths.Values.FirstOrDefault(p => p.Anonymous && path.StartsWith(p.Prefix, StringComparison.Ordinal));
            if (anonymous is not null)
            {
                await anonymous.Handler(http, null);
                return;
            }

            var user = Impersonation.Apply(http, await AuthenticateAsync(http, state), state.Authorizer);
            span?.SetTag("k8s.user", user.Name);
            var handler = state.NonResourcePaths.Values
                .Where(p => path.StartsWith(p.Prefix, StringComparison.Ordinal))
                .OrderByDescending(p => p.Prefix.Length)
                .Select(p => p.Handler)
                .FirstOrDefault();
            var request = ApiRequest.Parse(http.Request.Method, path, http.Request.Query, state.Catalog);
            if (request is null)
            {
                // Non-resource paths (discovery, OpenAPI) are authorized as the lower-cased method on the path, unknown ones too.
                state.Authorizer.DemandPath(user, http.Request.Method.ToLowerInvariant(), path);
                if (handler is not null) { await handler(http, user); return; }
                throw new StatusException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
            }
            if (span is not null)
            {
                span.DisplayName = $"{request.Verb} {request.Type.GroupResource}{(request.Subresource is null ? "" : "/" + request.Subresource)}";
                span.SetTag("k8s.verb", request.Verb);
                span.SetTag("k8s.resource", request.Type.GroupResource);
                span.SetTag("k8s.subresource", request.Subresource);
                span.SetTag("k8s.namespace", request.Namespace);
                span.SetTag("k8s.name", request.Name);
            }
            authorizing = true;
            state.Authorizer.Demand(user, request.Verb, request.Type, request.Subresource, request.Namespace, request.Name);
            authorizing = false;
            span?.SetTag("k8s.authorization.decision", "allow");
            await rest.HandleAsync(new ApiContext(http, user, request, state));
        }
        catch (StatusException e)
        {
            if (authorizing && e.Code == HttpStatusCode.Forbidden) span?.SetTag("k8s.authorization.decision", "deny");
            span?.SetTag("k8s.status.reason", e.Reason);
            await ApiResponses.WriteStatusAsync(http, e);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            // The request itself is malformed or over Kestrel's limits (a broken chunked body, a body past 64 MiB).
            var status = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestBody.TooLarge()
                : StatusException.BadRequest("the request could not be read: " + e.Message);
            await ApiResponses.WriteStatusAsync(http, status);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
            await ApiResponses.WriteStatusAsync(http, new StatusException(HttpStatusCode.InternalServerError, "InternalError", $"Internal error occurred: {e.Message}"));
        }
        finally
        {
            if (span is not null)
            {
                span.SetTag("http.response.status_code", http.Response.StatusCode);
                if (http.Response.Headers.Warning.Count > 0) span.SetTag("k8s.warnings", string.Join("; ", http.Response.Headers.Warning.ToArray()));
                if (http.Response.StatusCode >= 500) span.SetStatus(ActivityStatusCode.Error);
            }
        }
    }

    private static async Task<UserInfo> AuthenticateAsync(HttpContext http, ApiServerState state)
    {
        foreach (var authenticator in state.Authenticators)
            if (await authenticator.AuthenticateAsync(http, http.RequestAborted) is { } user) return user;
        throw StatusException.Unauthorized();
    }

    private static bool TryBuiltInPath(HttpContext http, ApiServerState state, string path, out Task task)
    {
        task = path switch
        {
            "/healthz" or "/livez" or "/readyz" => Text(http, "ok"),
            "/version" => ApiResponses.WriteJsonAsync(http, VersionInfo(state.Options.KubernetesVersion)),
            _ => null!,
        };
        return task is not null;
    }

    private static Task Text(HttpContext http, string text)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text);
    }

    /// <summary>/version as an EKS control plane reports it.</summary>
    public static JsonObject VersionInfo(string version)
    {
        var minor = version.Split('.')[1];
        return new JsonObject
        {
            ["major"] = "1",
            ["minor"] = minor + "+",
            ["emulationMajor"] = "1",
            ["emulationMinor"] = minor,
            ["gitVersion"] = $"v{version}.0-eks-piksel",
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.24.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    /// <summary>Writes the admin kubeconfig to <paramref name="path"/>.</summary>
    public void WriteKubeconfig(string path) => Security.Kubeconfig.Write(path, State.Options.ClusterName, Endpoint, State.Certificates);

    /// <summary>Stops controllers, then the server, then closes storage.</summary>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(controllers);
        await app.StopAsync();
        await app.DisposeAsync();
        // Nothing may write into the data directory once stopped (a deleted EKS cluster's directory is removed next).
        await State.DrainBackgroundAsync();
        State.Dispose();
        stopping.Dispose();
    }
}
