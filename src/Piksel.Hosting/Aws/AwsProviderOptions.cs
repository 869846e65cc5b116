using Amazon.Runtime;

namespace Piksel.Hosting.Aws;

/// <summary>How the <c>aws</c> provider finds its credentials and endpoints.</summary>
public sealed record AwsProviderOptions
{
    /// <summary>
    /// The shared config/credentials profile (<c>--profile</c>). Default null: the standard chain as the AWS CLI walks it
    /// (environment variables, <c>AWS_PROFILE</c> or <c>default</c>, SSO, web identity, container and instance metadata).
    /// </summary>
    public string? Profile { get; init; }

    /// <summary>
    /// Where <c>AWS_ENDPOINT_URL</c> and <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> are read. Default:
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>; tests give their own so they never change the process's.
    /// </summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The credentials to start from. Default null: the standard chain for <see cref="Profile"/>.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>How long an assumed hub session lasts (15 min to 1 h, AWS's role-chaining limit). Default: 1 hour.</summary>
    public TimeSpan HubSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Clock for the hub session's expiry. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
