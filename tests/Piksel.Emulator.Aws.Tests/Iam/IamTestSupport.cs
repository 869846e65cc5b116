using Amazon.Runtime;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Iam;

/// <summary>IamClients against the shared emulator, unique names and the documents the IAM tests use.</summary>
internal static class IamTestSupport
{
    public const string TrustEc2 = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    public const string AllowListRoles = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}""";

    public static IamClient Client(EmulatorFixture fixture, AWSCredentials? credentials = null) =>
        new(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = credentials ?? fixture.RootCredentials });

    /// <summary>A name unique to this run, starting with <paramref name="prefix"/>.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 33)];

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<AwsApiException> Fails(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AwsApiException>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }
}
