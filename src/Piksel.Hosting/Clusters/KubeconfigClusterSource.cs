using System.Text;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using k8s.Models;
using Piksel.Platform.Kubernetes.Clients;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Hosting.Clusters;

/// <summary>
/// A cluster the user already runs (kind, k3d, a shared dev cluster), named by a kubeconfig context and reached through
/// KubernetesClient, which reads the context's certificates, token or exec plugin as kubectl does. The harness's own
/// requests carry a bearer token: the context's own when it has one (a token, an exec plugin), else — a context that
/// authenticates with a client certificate — a token of the service account <c>kube-system/piksel-harness</c>, bound
/// to <c>cluster-admin</c> and asked for through the TokenRequest API, as <c>argocd cluster add</c> makes its
/// <c>argocd-manager</c>; it is renewed a minute before it expires.
/// </summary>
public sealed class KubeconfigClusterSource : IClusterSource, IDisposable
{
    /// <summary>The service account (in <c>kube-system</c>) whose token the harness uses on a client-certificate context.</summary>
    public const string HarnessServiceAccount = "piksel-harness";

    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly KubernetesClientConfiguration config;
    private readonly User user;
    private readonly k8s.Kubernetes client;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim renewing = new(1, 1);
    private (SensitiveString Token, DateTimeOffset ExpiresAt)? harnessToken;

    private KubeconfigClusterSource(string path, string context, KubernetesClientConfiguration config, User user, TimeProvider time)
    {
        Path = path;
        Context = context;
        this.config = config;
        this.user = user;
        this.time = time;
        client = new k8s.Kubernetes(config);
    }

    /// <summary>The kubeconfig file read.</summary>
    public string Path { get; }

    /// <summary>The context used.</summary>
    public string Context { get; }

    /// <summary>
    /// The source of <paramref name="context"/> (default: the file's current context) in the kubeconfig at
    /// <paramref name="path"/> (default: the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>); throws
    /// <see cref="ClusterSourceException"/> when the file is missing or unreadable or the context is not in it (listing those that are).
    /// </summary>
    public static KubeconfigClusterSource Open(string? path, string? context, TimeProvider? time = null)
    {
        var file = DefaultPath(path);
        if (!File.Exists(file))
        {
            throw new ClusterSourceException($"The kubeconfig {file} does not exist; give --kubeconfig PATH or set KUBECONFIG.");
        }

        K8SConfiguration kubeconfig;
        try
        {
            kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(file));
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
        {
            throw new ClusterSourceException($"The kubeconfig {file} cannot be read: {e.Message}", e);
        }

        var contexts = kubeconfig.Contexts?.Select(c => c.Name).ToList() ?? [];
        var name = context ?? kubeconfig.CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new ClusterSourceException($"The kubeconfig {file} has no current context; give --context NAME (it has: {List(contexts)}).");
        }

        if (kubeconfig.Contexts?.FirstOrDefault(c => c.Name == name) is not { } found)
        {
            throw new ClusterSourceException($"The kubeconfig {file} has no context '{name}'; it has: {List(contexts)}.");
        }

        var user = kubeconfig.Users?.FirstOrDefault(u => u.Name == found.ContextDetails?.User)?.UserCredentials ?? new UserCredentials();
        try
        {
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(file, name);
            return new KubeconfigClusterSource(file, name, config, new User(found.ContextDetails?.User ?? name, user), time ?? TimeProvider.System);
        }
        catch (KubeConfigException e)
        {
            throw new ClusterSourceException($"Context '{name}' of the kubeconfig {file} cannot be used: {e.Message}", e);
        }
    }

    /// <summary>The kubeconfig path used when none is given: the first file of <c>$KUBECONFIG</c>, else <c>~/.kube/config</c>.</summary>
    public static string DefaultPath(string? path) =>
        System.IO.Path.GetFullPath(path
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config"));

    /// <inheritdoc />
    public async ValueTask<KubernetesConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var ca = CertificateAuthorityData();
        // Proves the context works before the harness relies on it: its own credential, and the token it will use.
        await TokenAsync(cancellationToken);
        return new KubernetesConnection(new Uri(config.Host), ca, TokenAsync);
    }

    /// <inheritdoc />
    public ValueTask<ClusterKubeconfig> GetKubeconfigAsync(string clusterName, CancellationToken cancellationToken)
    {
        var credentials = user.Credentials;
        KubeconfigCredential credential = credentials switch
        {
            { ClientCertificateData: { Length: > 0 } cert, ClientKeyData: { Length: > 0 } key } => new ClientCertificateCredential(cert, new SensitiveString(key)),
            { ClientCertificate: { Length: > 0 } certFile, ClientKey: { Length: > 0 } keyFile } =>
                new ClientCertificateCredential(Base64File(certFile), new SensitiveString(Base64File(keyFile))),
            { ExternalExecution: { } exec } => new ExecCredential(
                exec.Command,
                exec.Arguments?.ToList() ?? [],
                exec.EnvironmentVariables?.Select(v => KeyValuePair.Create(v.GetValueOrDefault("name", ""), v.GetValueOrDefault("value", ""))).ToList() ?? []),
            _ => throw new ClusterSourceException(
                $"Context '{Context}' of {Path} authenticates with a token or a login; a Piksel kubeconfig carries a client certificate or an exec plugin. Use the kubeconfig you have."),
        };
        return ValueTask.FromResult(new ClusterKubeconfig(clusterName, new Uri(config.Host), CertificateAuthorityData(), user.Name, credential));
    }

    /// <inheritdoc />
    public async ValueTask<Uri> GetIssuerAsync(CancellationToken cancellationToken)
    {
        string discovery;
        try
        {
            discovery = await client.WellKnown.GetServiceAccountIssuerOpenIDConfigurationAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or HttpOperationException)
        {
            throw new ClusterSourceException($"The API server of context '{Context}' ({config.Host}) does not serve its service-account issuer's discovery document: {e.Message}", e);
        }

        using var document = JsonDocument.Parse(discovery);
        return document.RootElement.TryGetProperty("issuer", out var issuer) && Uri.TryCreate(issuer.GetString(), UriKind.Absolute, out var uri)
            ? uri
            : throw new ClusterSourceException($"The API server of context '{Context}' answers a discovery document without an issuer.");
    }

    /// <summary>Disposes the client.</summary>
    public void Dispose()
    {
        client.Dispose();
        renewing.Dispose();
    }

    private string CertificateAuthorityData()
    {
        if (config.SslCaCerts is not { Count: > 0 } authorities)
        {
            throw new ClusterSourceException(
                $"Context '{Context}' of {Path} names no certificate-authority; the harness trusts only the cluster's own CA.");
        }

        var pem = string.Concat(authorities.Select(c => c.ExportCertificatePem() + "\n"));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));
    }

    private async ValueTask<SensitiveString> TokenAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(config.AccessToken))
        {
            return new SensitiveString(config.AccessToken);
        }

        if (config.TokenProvider is { } provider)
        {
            return new SensitiveString((await provider.GetAuthenticationHeaderAsync(cancellationToken)).Parameter ?? string.Empty);
        }

        await renewing.WaitAsync(cancellationToken);
        try
        {
            if (harnessToken is { } kept && time.GetUtcNow() < kept.ExpiresAt - RenewBefore)
            {
                return kept.Token;
            }

            var fresh = await HarnessTokenAsync(cancellationToken);
            harnessToken = fresh;
            return fresh.Token;
        }
        finally
        {
            renewing.Release();
        }
    }

    private async Task<(SensitiveString Token, DateTimeOffset ExpiresAt)> HarnessTokenAsync(CancellationToken cancellationToken)
    {
        const string ns = "kube-system";
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = HarnessServiceAccount };
        try
        {
            await IgnoringConflictAsync(() => client.CoreV1.CreateNamespacedServiceAccountAsync(
                new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = HarnessServiceAccount, Labels = labels } }, ns, cancellationToken: cancellationToken));
            await IgnoringConflictAsync(() => client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = HarnessServiceAccount, Labels = labels },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = HarnessServiceAccount, NamespaceProperty = ns }],
            }, cancellationToken: cancellationToken));
            var issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(
                new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = (long)TokenLifetime.TotalSeconds } },
                HarnessServiceAccount, ns, cancellationToken: cancellationToken);
            var expires = issued.Status?.ExpirationTimestamp is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : time.GetUtcNow() + TokenLifetime;
            return (new SensitiveString(issued.Status?.Token ?? throw new ClusterSourceException($"The API server of context '{Context}' issued an empty token.")), expires);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterSourceException($"The API server of context '{Context}' ({config.Host}) does not answer: {e.Message}", e);
        }
        catch (HttpOperationException e)
        {
            throw new ClusterSourceException(
                $"Context '{Context}' ({config.Host}) cannot make the harness's service account {ns}/{HarnessServiceAccount} and its token ({(int)e.Response.StatusCode} {e.Response.ReasonPhrase}); the context needs cluster-admin.", e);
        }
    }

    private static async Task IgnoringConflictAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Made by an earlier run: the harness's account persists with the cluster.
        }
    }

    private string Base64File(string file) =>
        Convert.ToBase64String(File.ReadAllBytes(System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, file)));

    private static string List(List<string> names) => names.Count == 0 ? "no contexts" : string.Join(", ", names);

    private sealed record User(string Name, UserCredentials Credentials);
}
