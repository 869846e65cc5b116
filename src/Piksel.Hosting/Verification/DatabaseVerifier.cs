using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using Npgsql;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;
using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Hosting.Verification;

/// <summary>
/// The database checks: every login role of the spec, with the username and password of its synchronised Kubernetes
/// Secret, opens its database at the instance's address; a read/write role creates a table and writes (rolled back); a
/// read-only role reads and is refused a write; no role opens another of the platform's databases; the master opens
/// every one; the in-cluster ExternalName Service points at the instance. Passwords are used, never shown.
/// </summary>
internal sealed class DatabaseVerifier(VerificationContext context)
{
    /// <summary>The report's area for every database check.</summary>
    public const string Area = "Database";

    /// <summary>The namespace whose Secrets hold the logins workloads use.</summary>
    public const string Namespace = "database";

    /// <summary>Why the checks connect to the instance's address rather than the name workloads use.</summary>
    public const string HostNote = "at the instance address (db-endpoint.database.svc.cluster.local resolves only in the cluster)";

    /// <summary>A login, a grant or a refusal tried: only a real PostgreSQL server proves it.</summary>
    private const ProviderCapabilities Logins = ProviderCapabilities.RealDatabase;

    /// <summary>The database checks of <paramref name="spec"/>, in the order the report shows them.</summary>
    public async Task<IReadOnlyList<CheckResult>> VerifyAsync(PlatformSpec spec, CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        var databases = spec.OfKind<PostgresDatabase>().ToList();
        foreach (var instance in spec.OfKind<PostgresRole>().GroupBy(r => r.Instance, StringComparer.Ordinal))
        {
            var endpoint = await context.Provider.Database.GetEndpointAsync(instance.Key, cancellationToken);
            results.Add(await CheckServiceAsync(spec, instance.Key, endpoint, cancellationToken));
            var others = databases.Where(d => d.Instance == instance.Key).Select(d => d.Name).ToList();
            var master = await MasterAsync(spec, instance.First(), endpoint, cancellationToken);
            foreach (var role in instance)
            {
                var subject = $"{Namespace}/{role.Name}";
                var login = endpoint is null ? null : await LoginAsync(spec, role.Name, endpoint, cancellationToken);
                var checks = new RoleChecks(login, master, role, others);
                results.Add(await Run(subject, $"logs in to {role.Database} {HostNote}", endpoint, login, checks.OpensAsync, cancellationToken));
                results.Add(role.Access == PostgresAccess.ReadWrite
                    ? await Run(subject, "creates a table and writes (rolled back)", endpoint, login, checks.WritesAsync, cancellationToken)
                    : await Run(subject, "reads a table of the master; a write is refused (42501)", endpoint, login, checks.ReadsOnlyAsync, cancellationToken));
                results.Add(await Run(subject, "cannot open another of the platform's databases (42501)", endpoint, login, checks.RefusedElsewhereAsync, cancellationToken));
            }

            results.Add(await Run($"{Namespace}/{MasterSecretName(spec, instance.First())}", $"the master opens every database {HostNote}", endpoint, master,
                async ct => await MasterOpensEveryAsync(master!, others, ct), cancellationToken));
        }

        return results;
    }

    /// <summary>
    /// The result of <paramref name="check"/>: skipped without a real database, failed when there is no endpoint or
    /// login, or when it throws.
    /// </summary>
    private async Task<CheckResult> Run(
        string subject, string check, DatabaseEndpoint? endpoint, DatabaseLogin? login, Func<CancellationToken, Task<string?>> run, CancellationToken cancellationToken)
    {
        if (context.SkipUnless(Logins, Area, subject, check) is { } skipped)
            return skipped;

        if (endpoint is null)
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, "the instance has no endpoint (not available)");

        if (login is null)
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, "no synchronised Secret with username and password");

        try
        {
            var wrong = await run(cancellationToken);
            return wrong is null
                ? new CheckResult(Area, subject, check, CheckOutcome.Passed, $"{login.Username}@{endpoint.Host}:{endpoint.Port}")
                : new CheckResult(Area, subject, check, CheckOutcome.Failed, wrong);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, DatabaseLogin.Describe(e));
        }
    }

    private static async Task<string?> MasterOpensEveryAsync(DatabaseLogin master, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        foreach (var database in databases)
        {
            try
            {
                await using var connection = await master.OpenAsync(database, cancellationToken);
            }
            catch (PostgresException e)
            {
                refused.Add($"{database}: {e.SqlState}");
            }
        }

        return refused.Count == 0 ? null : "refused by " + string.Join(", ", refused);
    }

    /// <summary>
    /// The ExternalName Service of the spec (the in-cluster name of the database) names the instance's address. Needs no
    /// capability: it compares what the cluster and the database strategy report.
    /// </summary>
    private async Task<CheckResult> CheckServiceAsync(PlatformSpec spec, string instance, DatabaseEndpoint? endpoint, CancellationToken cancellationToken)
    {
        var service = spec.OfKind<KubernetesService>().FirstOrDefault(s => s.Namespace == Namespace && s.Type == "ExternalName");
        var subject = service is null ? $"{Namespace}/?" : $"{service.Namespace}/{service.Name}";
        var check = $"ExternalName Service names the address of {instance}";
        if (service is null)
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, "the spec has no ExternalName Service in namespace database");

        if (endpoint is null)
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, "the instance has no endpoint (not available)");

        try
        {
            var actual = await context.Kube.CoreV1.ReadNamespacedServiceAsync(service.Name, service.Namespace, cancellationToken: cancellationToken);
            var name = actual.Spec?.ExternalName;
            return actual.Spec?.Type == "ExternalName" && string.Equals(name, endpoint.Host, StringComparison.OrdinalIgnoreCase)
                ? new CheckResult(Area, subject, check, CheckOutcome.Passed, name!)
                : new CheckResult(Area, subject, check, CheckOutcome.Failed, $"{actual.Spec?.Type} {name ?? "(no name)"}, not {endpoint.Host}");
        }
        catch (HttpOperationException e)
        {
            return new CheckResult(Area, subject, check, CheckOutcome.Failed, $"Service unreadable: {(int)e.Response.StatusCode}");
        }
    }

    /// <summary>The master's login from its synchronised Secret: the ExternalSecret of the namespace whose username is the master.</summary>
    private async Task<DatabaseLogin?> MasterAsync(PlatformSpec spec, PostgresRole anyRole, DatabaseEndpoint? endpoint, CancellationToken cancellationToken) =>
        endpoint is null || MasterSecretName(spec, anyRole) is not { } name ? null : await LoginAsync(spec, name, endpoint, cancellationToken);

    private static string? MasterSecretName(PlatformSpec spec, PostgresRole anyRole) =>
        spec.OfKind<ExternalSecret>()
            .Where(e => e.Namespace == Namespace && e.Keys.Any(k => k.SecretKey == "username" && k.Literal == anyRole.MasterUsername))
            .Select(e => e.Name)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>
    /// The username and password of the Kubernetes Secret the spec's ExternalSecret <paramref name="target"/> in
    /// <see cref="Namespace"/> makes; null when the spec has no such ExternalSecret or the Secret lacks either key.
    /// </summary>
    private async Task<DatabaseLogin?> LoginAsync(PlatformSpec spec, string target, DatabaseEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (!spec.OfKind<ExternalSecret>().Any(e => e.Namespace == Namespace && e.Name == target))
            return null;

        try
        {
            var secret = await context.Kube.CoreV1.ReadNamespacedSecretAsync(target, Namespace, cancellationToken: cancellationToken);
            return secret.Data is { } data && data.TryGetValue("username", out var user) && data.TryGetValue("password", out var password)
                ? new DatabaseLogin(endpoint, Encoding.UTF8.GetString(user), Encoding.UTF8.GetString(password))
                : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
