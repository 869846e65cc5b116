using Piksel.Platform.Engine;
using Piksel.Platform.Settings;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>Settings and engines the tests share.</summary>
internal static class Fixtures
{
    public static EnvironmentSettings Load(string name) => EnvironmentSettingsLoader.Load(RepoPaths.EnvDirectory, name);

    /// <summary>An engine that retries without waiting.</summary>
    public static PlatformEngine Engine(int parallelism = 4, int retries = 3) =>
        new(new EngineOptions { MaxParallelism = parallelism, MaxRetryAttempts = retries, RetryDelay = TimeSpan.Zero, MaxRetryDelay = TimeSpan.Zero, RetryJitter = false });
}
