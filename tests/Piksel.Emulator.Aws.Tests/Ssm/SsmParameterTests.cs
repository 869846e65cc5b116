using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Tests.Ec2;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Ssm;

namespace Piksel.Emulator.Aws.Tests.Ssm;

/// <summary>Parameter Store: AWS's public EKS-optimized AMI parameters, the account's own parameters, and who may read which.</summary>
[Collection(EmulatorCollection.Name)]
public sealed class SsmParameterTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SsmClient Ssm(Amazon.Runtime.AWSCredentials? credentials = null) =>
        new(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Region = "us-east-1", Credentials = credentials ?? fixture.RootCredentials, MaxAttempts = 1 });

    private static async Task<AwsApiException> Fails(Func<Task> call, string code)
    {
        var error = await Assert.ThrowsAsync<AwsApiException>(call);
        Assert.Equal(code, error.ErrorCode);
        return error;
    }

    [Fact]
    public async Task The_recommended_AL2023_image_of_each_variant_is_a_public_parameter()
    {
        using var ssm = Ssm();
        foreach (var (arch, variant) in new[] { ("x86_64", "standard"), ("x86_64", "nvidia"), ("arm64", "standard") })
        {
            var name = $"/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/{arch}/{variant}/recommended/image_id";
            var parameter = await ssm.GetParameterAsync(name, cancellationToken: Ct);
            Assert.Equal(EksOptimizedAmis.Find("1.33", arch, variant)!.ImageId, parameter.Value);
            Assert.Matches("^ami-[0-9a-f]{17}$", parameter.Value);
            Assert.Equal("arn:aws:ssm:us-east-1::parameter" + name, parameter.Arn);
        }
        var pinned = EksOptimizedAmis.Find("1.32", "x86_64", "nvidia")!;
        Assert.Equal("amazon-eks-node-al2023-x86_64-nvidia-1.32-v20260403", pinned.Name);
        Assert.Equal(pinned.ImageId, (await ssm.GetParameterAsync(pinned.ReleaseParameter, cancellationToken: Ct)).Value);
        Assert.NotEqual(pinned.ImageId, EksOptimizedAmis.Find("1.33", "x86_64", "nvidia")!.ImageId);

        var byPath = await ssm.GetParametersByPathAsync("/aws/service/eks/optimized-ami/1.33/amazon-linux-2023", recursive: true, Ct);
        Assert.Equal(6, byPath.Count);
        Assert.Empty(await ssm.GetParametersByPathAsync("/aws/service/eks/optimized-ami/1.33/amazon-linux-2023", recursive: false, Ct));
        var error = await Fails(() => ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.99/amazon-linux-2023/x86_64/standard/recommended/image_id", cancellationToken: Ct), "ParameterNotFound");
        Assert.StartsWith("Parameter /aws/service/eks/optimized-ami/1.99/", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_accounts_own_parameters_are_versioned_and_a_SecureString_shows_only_when_decrypted()
    {
        using var ssm = Ssm();
        var name = $"/test/{Guid.NewGuid():N}/db-password";
        Assert.Equal(1, await ssm.PutParameterAsync(name, "s3cret", "SecureString", cancellationToken: Ct));
        await Fails(() => ssm.PutParameterAsync(name, "again", "SecureString", cancellationToken: Ct), "ParameterAlreadyExists");
        Assert.Equal(2, await ssm.PutParameterAsync(name, "s3cret-2", "SecureString", overwrite: true, Ct));
        Assert.Equal("s3cret-2", (await ssm.GetParameterAsync(name, withDecryption: true, Ct)).Value);
        var hidden = await ssm.GetParameterAsync(name, cancellationToken: Ct);
        Assert.DoesNotContain("s3cret", hidden.Value, StringComparison.Ordinal);
        Assert.Equal(("SecureString", 2L), (hidden.Type, hidden.Version));

        var (found, invalid) = await ssm.GetParametersAsync([name, name + "-missing"], withDecryption: true, Ct);
        Assert.Equal("s3cret-2", Assert.Single(found).Value);
        Assert.Equal([name + "-missing"], invalid);

        await Fails(() => ssm.PutParameterAsync("/aws/service/mine", "x", cancellationToken: Ct), "ValidationException");
        await ssm.DeleteParameterAsync(name, Ct);
        await Fails(() => ssm.GetParameterAsync(name, cancellationToken: Ct), "ParameterNotFound");
        await Fails(() => ssm.DeleteParameterAsync(name, Ct), "ParameterNotFound");
    }

    [Fact]
    public async Task A_role_granted_the_public_AMI_parameters_reads_them_and_nothing_of_the_account()
    {
        using var root = Ssm();
        var own = $"/test/{Guid.NewGuid():N}/private";
        await root.PutParameterAsync(own, "mine", cancellationToken: Ct);
        var credentials = await RoleSessions.AssumeAsync(fixture, "ssm-ami-reader", [], """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:us-east-1::parameter/aws/service/*"}]}
            """, Ct);
        using var karpenter = Ssm(credentials);
        var ami = await karpenter.GetParameterAsync("/aws/service/eks/optimized-ami/1.33/amazon-linux-2023/x86_64/standard/recommended/image_id", cancellationToken: Ct);
        Assert.StartsWith("ami-", ami.Value, StringComparison.Ordinal);
        await Fails(() => karpenter.GetParameterAsync(own, cancellationToken: Ct), "AccessDeniedException");
        await Fails(() => karpenter.GetParametersByPathAsync("/aws/service/eks", true, Ct), "AccessDeniedException");
    }
}
