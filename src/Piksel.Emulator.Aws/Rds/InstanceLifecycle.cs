using System.Collections.Concurrent;
using Piksel.Emulator.Aws.SecretsManager;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>
/// The server work behind instance status: each phase's work on <see cref="IDatabaseServers"/> runs in the background
/// (RDS answers CreateDBInstance at once with <c>creating</c>), and its end is written to the instance's record. A server
/// that cannot be made or started leaves the instance <c>failed</c> with the reason as an event. Dispose waits for the
/// work in flight, then stops every server.
/// </summary>
internal sealed class InstanceLifecycle(RdsStore store, IDatabaseServers servers, TimeProvider time, RdsOptions options, SecretsStore secrets) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, byte> running = new();
    private readonly CancellationTokenSource stopping = new();

    public IDatabaseServers Servers => servers;

    public RdsOptions Options => options;

    /// <summary>The instance as it stands now, a finished phase written down.</summary>
    public DbInstanceRecord Current(DbInstanceRecord instance)
    {
        if (InstanceStates.Settled(instance, time.GetUtcNow(), options) is null) return instance;
        return store.Instances.Update(Key(instance), current =>
            current is null ? null : InstanceStates.Settled(current, time.GetUtcNow(), options) ?? current) ?? instance;
    }

    /// <summary>The status to report now.</summary>
    public string StatusOf(DbInstanceRecord instance) => InstanceStates.Of(instance, time.GetUtcNow(), options);

    /// <summary>Makes the server; the instance is available once it answers and has backed up.</summary>
    public void Create(DbInstanceRecord instance, string password) => Run(instance, "create the database server", async ct =>
    {
        var endpoint = await servers.CreateAsync(new DatabaseServerRequest(instance.ServerKey, EngineCatalog.Major(instance.EngineVersion),
            instance.MasterUsername, password, instance.DbName), ct);
        Settle(instance, endpoint, options.CreatingMinimum, instance.CreatedAt);
        store.AddEvent(instance, "DB instance created", time.GetUtcNow());
    });

    /// <summary>Sets the master password on the running server (ModifyDBInstance).</summary>
    public void SetPassword(DbInstanceRecord instance, string password, DateTimeOffset began) => Run(instance, "apply the new master password", async ct =>
    {
        await servers.SetMasterPasswordAsync(instance.ServerKey, instance.MasterUsername, password, ct);
        Settle(instance, null, options.Transition, began);
        store.AddEvent(instance, "The master password for the DB instance has been reset", time.GetUtcNow());
    });

    /// <summary>Starts the server again (StartDBInstance, RebootDBInstance after its stop, a restart of the emulator).</summary>
    public void Start(DbInstanceRecord instance, DateTimeOffset began) => Run(instance, "start the database server", async ct =>
    {
        var endpoint = await servers.StartAsync(instance.ServerKey, ct);
        Settle(instance, endpoint, options.Transition, began);
    });

    /// <summary>Stops the server, keeping its data (StopDBInstance).</summary>
    public void Stop(DbInstanceRecord instance, DateTimeOffset began) => Run(instance, "stop the database server", async ct =>
    {
        await servers.StopAsync(instance.ServerKey, ct);
        Settle(instance, null, options.Transition, began);
    });

    /// <summary>Stops and starts the server (RebootDBInstance).</summary>
    public void Reboot(DbInstanceRecord instance, DateTimeOffset began) => Run(instance, "reboot the database server", async ct =>
    {
        await servers.StopAsync(instance.ServerKey, ct);
        var endpoint = await servers.StartAsync(instance.ServerKey, ct);
        Settle(instance, endpoint, options.Transition, began);
    });

    /// <summary>Removes the server and its data, then the instance and the secret RDS managed for it.</summary>
    public void Delete(DbInstanceRecord instance) => Track(Task.Run(async () =>
    {
        try
        {
            await servers.DeleteAsync(instance.ServerKey, stopping.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The instance goes either way, as RDS's does; what was left behind is said in an event.
            store.AddEvent(instance, $"The database server's data could not be removed: {e.GetType().Name}", time.GetUtcNow());
        }
        catch (OperationCanceledException)
        {
            return; // The emulator stopped: the instance stays deleting and the deletion resumes at the next start.
        }

        store.Instances.Remove(Key(instance));
        if (instance.MasterSecretArn is { } arn)
        {
            foreach (var secret in secrets.Secrets.Values.Where(s => s.Arn == arn).ToList()) secrets.Secrets.Remove(SecretsStore.Row(secret));
        }
    }));

    /// <summary>Resumes the work of every instance kept in state (the emulator restarted).</summary>
    public void Resume()
    {
        var now = time.GetUtcNow();
        foreach (var instance in store.Instances.Values.ToList())
        {
            switch (instance.Status)
            {
                case "deleting":
                    Delete(instance);
                    break;
                case "stopped" or "failed":
                    break;
                case "stopping":
                    Stop(instance, now);
                    break;
                case "creating" when instance.SettlesAt is null:
                    // The server was being made when the emulator stopped: its password is gone with the process.
                    Fail(instance, "The DB instance could not be created because the emulator stopped while its server was being made.");
                    break;
                default:
                    Start(instance, now);
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try { await Task.WhenAll(running.Keys); }
        catch (Exception e) when (e is OperationCanceledException or DatabaseServerUnavailableException) { }
        await servers.DisposeAsync();
        stopping.Dispose();
    }

    private void Run(DbInstanceRecord instance, string what, Func<CancellationToken, Task> work) => Track(Task.Run(async () =>
    {
        try
        {
            await work(stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped with the emulator; resumed at its next start.
        }
        catch (Exception e)
        {
            // The reason, never the request: a DatabaseServerUnavailableException says what to install; others name their type.
            Fail(instance, e is DatabaseServerUnavailableException ? $"Could not {what}: {e.Message}" : $"Could not {what} ({e.GetType().Name}).");
        }
    }));

    private void Track(Task task)
    {
        running.TryAdd(task, 0);
        _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private void Settle(DbInstanceRecord instance, DatabaseServerEndpoint? endpoint, TimeSpan minimum, DateTimeOffset began)
    {
        var now = time.GetUtcNow();
        var settles = began + minimum > now ? began + minimum : now;
        store.Instances.Update(Key(instance), current => current is null || current.Status == "deleting" ? current : current with
        {
            SettlesAt = settles,
            EndpointHost = endpoint?.Host ?? current.EndpointHost,
            EndpointPort = endpoint?.Port ?? current.EndpointPort,
        });
    }

    private void Fail(DbInstanceRecord instance, string reason)
    {
        var updated = store.Instances.Update(Key(instance), current => current is null || current.Status == "deleting" ? current : current with
        {
            Status = "failed",
            SettlesAt = null,
            PasswordPending = false,
        });
        if (updated?.Status == "failed") store.AddEvent(updated, reason, time.GetUtcNow());
    }

    private static string Key(DbInstanceRecord instance) => RdsStore.Row(instance.Account, instance.Region, instance.Identifier);
}
