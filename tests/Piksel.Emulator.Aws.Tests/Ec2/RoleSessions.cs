using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Ec2;

/// <summary>
/// Session credentials of a fresh role in account 000000000000 with the given managed policies and inline policy,
/// assumed (as AWS requires) by an IAM user, not the root: the way an IRSA role's pod ends up calling AWS.
/// </summary>
internal static class RoleSessions
{
    public static async Task<AWSCredentials> AssumeAsync(EmulatorFixture fixture, string prefix, IReadOnlyList<string> managedPolicyArns,
        string? inlinePolicy, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        using var iam = new IamClient(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = fixture.RootCredentials });
        var user = $"{prefix}-caller-{id}";
        await iam.CreateUserAsync(new CreateUserRequest { UserName = user }, cancellationToken);
        await iam.PutUserPolicyAsync(user, "assume", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""", cancellationToken);
        var key = await iam.CreateAccessKeyAsync(user, cancellationToken);

        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = $"{prefix}-{id}",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""",
        }, cancellationToken);
        foreach (var arn in managedPolicyArns) await iam.AttachRolePolicyAsync(role.RoleName, arn, cancellationToken);
        if (inlinePolicy is not null) await iam.PutRolePolicyAsync(role.RoleName, "inline", inlinePolicy, cancellationToken);

        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey),
            fixture.Config<AmazonSecurityTokenServiceConfig>());
        var session = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "probe" }, cancellationToken);
        return session.Credentials;
    }
}
