using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>Controllers write through the same path as clients: the authorizer and admission see them under their own identities.</summary>
public sealed class ControllerClientTests
{
    private static readonly UserInfo Identity = UserInfo.ServiceAccount("kube-system", "test-controller");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A server with <paramref name="configure"/>'s parts and an idle controller whose client the test drives.</summary>
    private static async Task<(KubeApiServer Server, IControllerClient Client)> StartAsync(Func<KubeApiServerBuilder, KubeApiServerBuilder> configure)
    {
        IControllerClient? client = null;
        // The test's controller is bound to cluster-admin, as an operator's chart binds its controller to what it needs.
        var builder = Auth.Rbac.RbacFeature.AddDefaultRbac(KubeApiServer.CreateBuilder(),
            () => [Auth.Rbac.RbacObjects.ClusterRoleBinding("test-controller", "cluster-admin", "ServiceAccount:kube-system:test-controller")]);
        var server = await configure(builder)
            .AddController(Identity, c =>
            {
                client = c.Client;
                return new Idle();
            })
            .StartAsync(cancellationToken: Ct);
        await server.SettleAsync(cancellationToken: Ct);
        return (server, client!);
    }

    private static JsonObject ConfigMap(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["k"] = "v" } };

    [Fact]
    public async Task Admission_sees_a_controllers_writes_under_its_identity_and_may_refuse_them()
    {
        var recorder = new Recorder();
        var (server, client) = await StartAsync(b => b.AddAdmission(_ => recorder));
        await using var _ = server;
        Assert.Same(Identity, client.User);

        var created = await client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("by-controller"), Ct);
        Assert.Equal("mutated", created.Labels["admitted"]);
        var updated = await client.UpdateAsync(created, o => o["data"]!["k"] = "w", cancellationToken: Ct);
        await client.DeleteAsync(updated, cancellationToken: Ct);
        Assert.Equal(
            [(AdmissionOperation.Create, "by-controller"), (AdmissionOperation.Update, "by-controller"), (AdmissionOperation.Delete, "by-controller")],
            recorder.Seen.Where(s => s.User == Identity.Name).Select(s => (s.Operation, s.Name)));

        var refused = await Assert.ThrowsAsync<StatusException>(() => client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("refused"), Ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Code);
        Assert.Contains("not for system:serviceaccount:kube-system:test-controller", refused.Message, StringComparison.Ordinal);
        Assert.Null(client.Get(BuiltInResources.ConfigMaps, "default", "refused"));
    }

    [Fact]
    public async Task The_built_in_controllers_write_through_admission_as_themselves()
    {
        var recorder = new Recorder();
        var (server, client) = await StartAsync(b => b.AddAdmission(_ => recorder));
        await using var _ = server;

        await client.CreateAsync(BuiltInResources.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "furnished" } }, Ct);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "nginx" }) },
        };
        await server.SettleAsync(cancellationToken: Ct);
        await client.CreateAsync(BuiltInResources.Pods, "furnished", pod, Ct);
        await server.SettleAsync(cancellationToken: Ct);

        var seen = recorder.Seen.ToList();
        Assert.Contains(new Write("system:serviceaccount:kube-system:namespace-controller", AdmissionOperation.Create, "serviceaccounts", "default", null), seen);
        Assert.Contains(new Write("system:kube-scheduler", AdmissionOperation.Update, "pods", "p", "binding"), seen);
        Assert.Contains(new Write("system:node:piksel-node-1", AdmissionOperation.Update, "pods", "p", "status"), seen);
        Assert.Equal("Running", client.Get(BuiltInResources.Pods, "furnished", "p")!.View["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_authorizer_is_asked_with_the_controllers_identity()
    {
        var asked = new ConcurrentQueue<RequestAttributes>();
        var (server, client) = await StartAsync(b => b.AddAuthorizer((_, inner) => new NoSecretsForControllers(inner, asked)));
        await using var _ = server;

        await client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("allowed"), Ct);
        // A create names no object, as a POST to the collection does not (RBAC resourceNames never match one).
        Assert.Contains(asked, a => a.User == Identity && a.Verb == "create" && a.Resource == "configmaps" && a.Namespace == "default" && a.Name is null);

        var secret = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s" } };
        var denied = await Assert.ThrowsAsync<StatusException>(() => client.CreateAsync(BuiltInResources.Secrets, "default", secret, Ct));
        Assert.Equal(HttpStatusCode.Forbidden, denied.Code);
        Assert.Equal("secrets is forbidden: User \"system:serviceaccount:kube-system:test-controller\" cannot create resource \"secrets\" in API group \"\" in the namespace \"default\": not for controllers", denied.Message);
        Assert.Null(client.Get(BuiltInResources.Secrets, "default", "s"));

        // The built-in controllers are asked about too, under their own names.
        Assert.Contains(asked, a => a.User.Name == "system:serviceaccount:kube-system:namespace-controller" && a.Verb == "create" && a.Resource == "namespaces");
    }

    [Fact]
    public async Task A_stale_write_is_409_and_finalizers_hold_a_deletion()
    {
        var (server, client) = await StartAsync(b => b);
        await using var _ = server;

        var read = await client.CreateAsync(BuiltInResources.ConfigMaps, "default", ConfigMap("held"), Ct);
        await client.UpdateAsync(read, o => o["metadata"]!["finalizers"] = new JsonArray("example.com/hold"), cancellationToken: Ct);
        var stale = await Assert.ThrowsAsync<StatusException>(() => client.UpdateAsync(read, o => o["data"]!["k"] = "stale", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, stale.Code);

        var current = client.Get(BuiltInResources.ConfigMaps, "default", "held")!;
        Assert.True(await client.DeleteAsync(current, cancellationToken: Ct));
        var marked = client.Get(BuiltInResources.ConfigMaps, "default", "held")!;
        Assert.True(marked.IsDeleting());
        var patched = await client.PatchAsync(BuiltInResources.ConfigMaps, "default", "held", new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, cancellationToken: Ct);
        Assert.Equal("held", patched.Name);
        Assert.Null(client.Get(BuiltInResources.ConfigMaps, "default", "held"));
        Assert.False(await client.DeleteAsync(marked, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_requested_token_authenticates_as_its_service_account()
    {
        var (server, client) = await StartAsync(b => b);
        await using var _ = server;

        var token = await client.RequestTokenAsync("default", "default", ["sts.amazonaws.com"], Ct);
        var checkedToken = await server.State.Context.Tokens.ValidateAsync(token, ["sts.amazonaws.com"]);
        Assert.Equal("system:serviceaccount:default:default", checkedToken.User?.Name);
        var missing = await Assert.ThrowsAsync<StatusException>(() => client.RequestTokenAsync("default", "nobody", [], Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.Code);
    }

    private sealed record Write(string User, AdmissionOperation Operation, string Resource, string Name, string? Subresource);

    /// <summary>Records every write; labels what it admits; refuses configmaps named "refused".</summary>
    private sealed class Recorder : IAdmissionPlugin
    {
        public ConcurrentQueue<Write> Seen { get; } = new();

        public bool Mutating => true;

        public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            Seen.Enqueue(new Write(request.User.Name, request.Operation, request.Type.Plural, request.Name, request.Subresource));
            if (request.Type == BuiltInResources.ConfigMaps && request.Name == "refused")
                throw new StatusException(HttpStatusCode.Forbidden, "Forbidden", $"configmaps \"refused\" is forbidden: not for {request.User.Name}");
            if (request.Type == BuiltInResources.ConfigMaps && request.Operation == AdmissionOperation.Create)
                request.Object["metadata"]!["labels"] = new JsonObject { ["admitted"] = "mutated" };
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NoSecretsForControllers(IRequestAuthorizer inner, ConcurrentQueue<RequestAttributes> asked) : IRequestAuthorizer
    {
        public string? Authorize(RequestAttributes attributes)
        {
            asked.Enqueue(attributes);
            return attributes.Resource == "secrets" && attributes.User == Identity ? "not for controllers" : inner.Authorize(attributes);
        }
    }

    private sealed class Idle : IController
    {
        public Task RunAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
