using Amazon.Runtime;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Settings;

namespace Piksel.Testing;

/// <summary>
/// What an environment's real accounts already hold before the <c>aws</c> provider first runs, made in an emulator
/// impersonating them: the hub's deployer role (trusting the environment's account with its ExternalId), the
/// environment's deployer IAM user whose keys the provider uses (roles may not be assumed by root credentials, in AWS
/// as in the emulator), and, when the platform does not make it, the admin role its access entry maps (an SSO role in
/// real accounts).
/// </summary>
internal static class ImpersonatedAccounts
{
    /// <summary>The deployer IAM user's name.</summary>
    public const string DeployerUser = "piksel-deployer";

    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    /// <summary>
    /// Makes what <paramref name="settings"/>' accounts hold at <paramref name="endpoint"/>, as each account's root
    /// (<paramref name="rootKeys"/>), and returns the deployer's access key.
    /// </summary>
    public static async Task<BasicAWSCredentials> PrepareAsync(
        Uri endpoint, EnvironmentSettings settings, Func<string, BasicAWSCredentials> rootKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rootKeys);
        if (settings.HubAccount != settings.Account)
        {
            await CreateHubDeployerAsync(endpoint, settings, rootKeys(settings.HubAccount), cancellationToken);
        }

        using var iam = Iam(endpoint, rootKeys(settings.Account));
        await iam.CreateUserAsync(new CreateUserRequest { UserName = DeployerUser }, cancellationToken);
        await iam.PutUserPolicyAsync(DeployerUser, "deploy", AllowAll, cancellationToken);
        if (!settings.CreateAdminRole)
        {
            await iam.CreateRoleAsync(
                new CreateRoleRequest { RoleName = RoleName(settings.AdminRoleArn), AssumeRolePolicyDocument = Trust(settings.Account, condition: "") },
                cancellationToken);
        }

        var key = await iam.CreateAccessKeyAsync(DeployerUser, cancellationToken);
        return new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey);
    }

    private static async Task CreateHubDeployerAsync(Uri endpoint, EnvironmentSettings settings, BasicAWSCredentials hubRoot, CancellationToken cancellationToken)
    {
        var roleArn = settings.HubRoleArn
            ?? throw new InvalidOperationException($"env/{settings.Name}.json names no hubRoleArn: the hub's deployer role cannot be made.");
        var condition = settings.HubExternalId is { } externalId
            ? ",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":" + System.Text.Json.JsonSerializer.Serialize(externalId) + "}}"
            : "";
        using var iam = Iam(endpoint, hubRoot);
        var name = RoleName(roleArn);
        await iam.CreateRoleAsync(new CreateRoleRequest { RoleName = name, AssumeRolePolicyDocument = Trust(settings.Account, condition) }, cancellationToken);
        await iam.PutRolePolicyAsync(name, "deploy", AllowAll, cancellationToken);
    }

    private static string Trust(string account, string condition) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
        + ":root\"},\"Action\":\"sts:AssumeRole\"" + condition + "}]}";

    private static string RoleName(string roleArn) => roleArn[(roleArn.LastIndexOf('/') + 1)..];

    private static IamClient Iam(Uri endpoint, AWSCredentials credentials) =>
        new(new AwsClientOptions { ServiceUrl = endpoint, Credentials = credentials });
}
