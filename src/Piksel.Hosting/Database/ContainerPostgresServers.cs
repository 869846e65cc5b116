using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Rds.Servers;
using Testcontainers.PostgreSql;

namespace Piksel.Hosting.Database;

/// <summary>
/// RDS instances' servers as the official <c>postgres:&lt;major&gt;</c> image through Testcontainers, for machines with
/// Docker but no PostgreSQL, or to run the engine version real accounts run. The data directory is bind-mounted from
/// <c>&lt;root&gt;/&lt;key&gt;/data</c>, so a server is kept across restarts like a local one; the master role, database
/// and <c>rds_superuser</c> are made as <see cref="LocalPostgresServers"/> makes them.
/// </summary>
public sealed partial class ContainerPostgresServers : IDatabaseServers
{
    private const string BootstrapRole = "rdsadmin";
    private const string ContainerData = "/piksel/data";

    private readonly string root;
    private readonly Uri dockerEndpoint;
    private readonly ConcurrentDictionary<string, PostgreSqlContainer> running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Servers kept under <paramref name="root"/>, run by the Docker daemon at <paramref name="dockerEndpoint"/>.</summary>
    /// <param name="root">The directory holding one directory per server.</param>
    /// <param name="engineMajors">The image tags offered; <c>16</c> and <c>17</c> by default.</param>
    /// <param name="dockerEndpoint">The daemon; by default <c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c>.</param>
    public ContainerPostgresServers(string root, IReadOnlyList<string>? engineMajors = null, Uri? dockerEndpoint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        this.root = Path.GetFullPath(root);
        EngineMajors = engineMajors ?? ["16", "17"];
        this.dockerEndpoint = dockerEndpoint ?? DockerDaemon.DefaultEndpoint;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> EngineMajors { get; }

    /// <inheritdoc />
    public void EnsureAvailable()
    {
        if (!DockerDaemon.Answers(dockerEndpoint))
        {
            throw new DatabaseServerUnavailableException(
                $"No Docker daemon is reachable at {dockerEndpoint}: start Docker (or point DOCKER_HOST at a running daemon), " +
                "or use the machine's PostgreSQL instead of containers.");
        }
    }

    /// <inheritdoc />
    public async Task<DatabaseServerEndpoint> CreateAsync(DatabaseServerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!EngineMajors.Contains(request.EngineMajor))
        {
            throw new ArgumentException($"PostgreSQL {request.EngineMajor} is not offered; these servers run {string.Join(", ", EngineMajors)}.", nameof(request));
        }
        EnsureAvailable();
        var directory = Directory(request.Key);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (System.IO.Directory.Exists(directory)) throw new InvalidOperationException($"A database server {request.Key} already exists.");
            CreatePrivateDirectory(root);
            CreatePrivateDirectory(directory);
            CreatePrivateDirectory(Path.Combine(directory, "data"));
            try
            {
                var bootstrapPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
                await WritePrivateAsync(Path.Combine(directory, "bootstrap"), bootstrapPassword, cancellationToken);
                await WritePrivateAsync(Path.Combine(directory, "major"), request.EngineMajor, cancellationToken);
                var container = await StartContainerAsync(request.Key, request.EngineMajor, bootstrapPassword, cancellationToken);
                await using var bootstrap = new NpgsqlConnection(container.GetConnectionString());
                await bootstrap.OpenAsync(cancellationToken);
                await RdsMasterSetup.ApplyAsync(bootstrap, request, cancellationToken);
                return Endpoint(container);
            }
            catch
            {
                await StopCoreAsync(request.Key);
                System.IO.Directory.Delete(directory, recursive: true);
                throw;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<DatabaseServerEndpoint> StartAsync(string key, CancellationToken cancellationToken)
    {
        var directory = Directory(key);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (running.TryGetValue(key, out var existing)) return Endpoint(existing);
            if (!File.Exists(Path.Combine(directory, "bootstrap"))) throw new InvalidOperationException($"There is no database server {key} to start.");
            EnsureAvailable();
            var major = (await File.ReadAllTextAsync(Path.Combine(directory, "major"), cancellationToken)).Trim();
            var password = (await File.ReadAllTextAsync(Path.Combine(directory, "bootstrap"), cancellationToken)).Trim();
            return Endpoint(await StartContainerAsync(key, major, password, cancellationToken));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task SetMasterPasswordAsync(string key, string username, string password, CancellationToken cancellationToken)
    {
        Directory(key);
        if (!running.TryGetValue(key, out var container)) throw new InvalidOperationException($"The database server {key} is not running.");
        await using var bootstrap = new NpgsqlConnection(container.GetConnectionString());
        await bootstrap.OpenAsync(cancellationToken);
        await RdsMasterSetup.SetPasswordAsync(bootstrap, username, password, cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(string key, CancellationToken cancellationToken)
    {
        Directory(key);
        await StopCoreAsync(key);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var directory = Directory(key);
        await StopCoreAsync(key);
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
    }

    /// <summary>Stops and removes every container this instance started; their data stay on the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(running.Keys.Select(StopCoreAsync));
        gate.Dispose();
    }

    private async Task<PostgreSqlContainer> StartContainerAsync(string key, string major, string bootstrapPassword, CancellationToken cancellationToken)
    {
        var builder = new PostgreSqlBuilder($"postgres:{major}")
            .WithDockerEndpoint(dockerEndpoint)
            .WithUsername(BootstrapRole)
            .WithPassword(bootstrapPassword)
            .WithDatabase("postgres")
            .WithEnvironment("PGDATA", ContainerData)
            // The image makes a superuser from these at its first start only; later starts find PG_VERSION and keep the data.
            .WithEnvironment("POSTGRES_INITDB_ARGS", "--auth=scram-sha-256 --encoding=UTF8 --locale=C")
            .WithBindMount(Path.Combine(Directory(key), "data"), ContainerData)
            .WithLabel("piksel.rds.server", key);
        if (CurrentUser() is { } user && user != "0:0")
        {
            // Files in the bind mount must stay the harness user's own, so an unprivileged harness can delete them.
            builder = builder.WithCreateParameterModifier(parameters => parameters.User = user);
        }
        var container = builder.Build();
        await container.StartAsync(cancellationToken);
        running[key] = container;
        return container;
    }

    private async Task StopCoreAsync(string key)
    {
        if (running.TryRemove(key, out var container)) await container.DisposeAsync();
    }

    private static DatabaseServerEndpoint Endpoint(PostgreSqlContainer container) =>
        new(container.Hostname, container.GetMappedPublicPort(PostgreSqlBuilder.PostgreSqlPort));

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(path);
        else System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static async Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static string? CurrentUser()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/proc/self/status")) return null;
        var ids = File.ReadLines("/proc/self/status")
            .Where(line => line.StartsWith("Uid:", StringComparison.Ordinal) || line.StartsWith("Gid:", StringComparison.Ordinal))
            .Select(line => line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1])
            .ToList();
        return ids.Count == 2 ? string.Create(CultureInfo.InvariantCulture, $"{ids[0]}:{ids[1]}") : null;
    }

    private string Directory(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!KeyPattern().IsMatch(key)) throw new ArgumentException($"'{key}' is not a database server key (letters, digits, '.', '_', '-'; at most 200).", nameof(key));
        return Path.Combine(root, key);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex KeyPattern();
}
