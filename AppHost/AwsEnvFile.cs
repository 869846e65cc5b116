using Piksel.Platform.Providers;

namespace Piksel.AppHost;

/// <summary>
/// <c>.piksel/&lt;env&gt;/aws.env</c>: the exports a shell sources to reach a running environment's AWS endpoint (endpoint,
/// region and the root keys the emulator holds for the environment's account); later commands read the endpoint back.
/// </summary>
internal static class AwsEnvFile
{
    private const string EndpointPrefix = "export AWS_ENDPOINT_URL=";

    /// <summary>The file's path under <paramref name="root"/>.</summary>
    public static string PathIn(string root) => Path.Combine(root, "aws.env");

    /// <summary>Writes the file under <paramref name="root"/>, owner-only from the moment it exists (it holds a secret key).</summary>
    public static Task WriteAsync(string root, string endpoint, string region, AwsCredentials keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return PrivateFiles.WriteAllTextAsync(PathIn(root), $"""
            {EndpointPrefix}{endpoint}
            export AWS_REGION={region}
            export AWS_DEFAULT_REGION={region}
            export AWS_ACCESS_KEY_ID={keys.AccessKeyId}
            export AWS_SECRET_ACCESS_KEY={keys.SecretAccessKey.Reveal()}

            """, cancellationToken);
    }

    /// <summary>The AWS endpoint a running <c>up</c> wrote under <paramref name="root"/>, or null.</summary>
    public static Uri? ReadEndpoint(string root)
    {
        var path = PathIn(root);
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(EndpointPrefix, StringComparison.Ordinal));
        return line is not null && Uri.TryCreate(line[EndpointPrefix.Length..].Trim(), UriKind.Absolute, out var uri) ? uri : null;
    }
}
