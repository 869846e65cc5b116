using Amazon.Runtime;
using Piksel.Emulator.Aws.EksAuth;
using static Piksel.Emulator.Aws.Tests.Eks.EksTestKit;

namespace Piksel.Emulator.Aws.Tests.Eks;

/// <summary>
/// The AWS SDK's own container credential provider against the local agent, configured as the Pod Identity webhook
/// configures a pod (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). Those are process-wide
/// variables, so this runs alone (<see cref="PodIdentityAgentSdkCollection"/>) and restores them.
/// </summary>
[Collection(PodIdentityAgentSdkCollection.Name)]
public sealed class PodIdentityAgentSdkTests
{
    private static readonly string[] Variables =
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_CONTAINER_AUTHORIZATION_TOKEN"];

    [Fact]
    public async Task The_sdks_container_credential_provider_gets_the_roles_session_from_the_agent()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0 }, cancellationToken: Ct);
        var pods = await PodIdentityAgentTests.PodIdentityPodsAsync(emulator);
        // The SDK only talks plain HTTP to loopback or the link-local agent address.
        var uri = new UriBuilder(emulator.Endpoint) { Host = "127.0.0.1", Path = PodIdentityAgentEndpoint.CredentialsPath }.Uri;
        var directory = Directory.CreateTempSubdirectory("pod-identity-");
        var tokenFile = Path.Combine(directory.FullName, "eks-pod-identity-token");
        await File.WriteAllTextAsync(tokenFile, pods.Reader.Token, Ct);
        var saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", null);
            Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", null);
            Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri.ToString());
            Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile);
            var provider = new GenericContainerCredentials();
            var credentials = await provider.GetCredentialsAsync();
            Assert.StartsWith("ASIA", credentials.AccessKey, StringComparison.Ordinal);
            await PodIdentityAgentTests.AssertRoleSessionAsync(emulator, pods, provider, credentials.AccessKey);
        }
        finally
        {
            foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
            directory.Delete(recursive: true);
        }
    }
}
