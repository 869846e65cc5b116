using System.Reflection;
using Microsoft.AspNetCore.Http;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Auth;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests;

/// <summary>Authenticators, authorizers, admission plugins and controllers are given before start and fixed afterwards.</summary>
public sealed class KubeApiServerBuilderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Parts_cannot_be_added_once_the_server_has_started()
    {
        var builder = KubeApiServer.CreateBuilder();
        await using var server = await builder.StartAsync(cancellationToken: Ct);

        Assert.Throws<InvalidOperationException>(() => builder.AddAuthenticator(_ => new Nobody()));
        Assert.Throws<InvalidOperationException>(() => builder.AddAuthorizer((_, inner) => inner));
        Assert.Throws<InvalidOperationException>(() => builder.AddAdmission(_ => new NamespaceAdmission()));
        Assert.Throws<InvalidOperationException>(() => builder.AddController(UserInfo.ServiceAccount("kube-system", "late"), _ => new Idle()));
        Assert.Throws<InvalidOperationException>(() => builder.AddNonResourcePaths(_ => []));
        await Assert.ThrowsAsync<InvalidOperationException>(() => builder.StartAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task The_state_exposes_its_parts_read_only()
    {
        await using var server = await KubeApiServer.CreateBuilder()
            .AddAuthenticator(_ => new Nobody())
            .AddController(UserInfo.ServiceAccount("kube-system", "idle"), _ => new Idle())
            .StartAsync(cancellationToken: Ct);
        var state = server.State;

        // The built-in parts come first, then what was given, in order.
        Assert.IsType<AdminAuthenticator>(state.Authenticators[0]);
        Assert.IsType<Nobody>(state.Authenticators[^1]);
        Assert.IsType<Idle>(state.Controllers[^1]);
        Assert.Contains(state.Controllers, c => c is NamespaceController);

        Assert.Throws<NotSupportedException>(() => ((ICollection<IAuthenticator>)state.Authenticators).Add(new Nobody()));
        Assert.Throws<NotSupportedException>(() => ((ICollection<IController>)state.Controllers).Clear());
        Assert.Throws<NotSupportedException>(() => ((ICollection<IAdmissionPlugin>)state.Admission).Add(new NamespaceAdmission()));
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, NonResourcePath>)state.NonResourcePaths).Remove("/api"));
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, ResourceHandler>)state.Subresources).Clear());
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, ResourceHandler>)state.VirtualResources).Clear());

        // Nothing on the state can be set, and no collection on it is a mutable List or Dictionary.
        foreach (var property in typeof(ApiServerState).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Assert.True(property.SetMethod is null || !property.SetMethod.IsPublic, $"ApiServerState.{property.Name} is settable");
            var type = property.PropertyType;
            Assert.False(type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(Dictionary<,>)),
                $"ApiServerState.{property.Name} is a mutable {type.Name}");
        }
    }

    [Fact]
    public async Task Authorizers_wrap_the_chain_in_the_order_given()
    {
        var asked = new List<string>();
        await using var server = await KubeApiServer.CreateBuilder()
            .AddAuthorizer((_, inner) => new Named("first", inner, asked))
            .AddAuthorizer((_, inner) => new Named("second", inner, asked))
            .StartAsync(cancellationToken: Ct);

        Assert.Null(server.State.Authorizer.Authorize(new RequestAttributes(UserInfo.Admin(), "probe", "", "pods", null, "default", null)));
        Assert.Equal(["second", "first"], asked);
    }

    private sealed class Nobody : IAuthenticator
    {
        public ValueTask<UserInfo?> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken) => ValueTask.FromResult<UserInfo?>(null);
    }

    private sealed class Idle : IController
    {
        public Task RunAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class Named(string name, IRequestAuthorizer inner, List<string> asked) : IRequestAuthorizer
    {
        public string? Authorize(RequestAttributes attributes)
        {
            // The controllers ask too, for their own writes: only the probe counts.
            if (attributes.Verb == "probe") lock (asked) asked.Add(name);
            return inner.Authorize(attributes);
        }
    }
}
