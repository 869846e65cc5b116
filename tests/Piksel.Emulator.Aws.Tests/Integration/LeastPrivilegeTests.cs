using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Emulator.Aws.Tests.Infrastructure;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;

namespace Piksel.Emulator.Aws.Tests.Integration;

/// <summary>
/// Least privilege across services, entirely through the public APIs: IAM builds the identities, STS issues the
/// sessions, S3 enforces what the policies say. Fails the way AWS fails when a role is too narrow or a session
/// policy trims it.
/// </summary>
[Collection(EmulatorCollection.Name)]
public sealed class LeastPrivilegeTests(EmulatorFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_role_session_acts_with_the_roles_policies_cut_down_by_its_session_policy()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (allowed, other) = ($"lp-allowed-{id}", $"lp-other-{id}");
        using var rootS3 = new AmazonS3Client(fixture.RootCredentials, fixture.Config<AmazonS3Config>());
        foreach (var bucket in new[] { allowed, other })
        {
            await rootS3.PutBucketAsync(bucket, Ct);
            await rootS3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "data.txt", ContentBody = bucket }, Ct);
        }

        using var iam = new IamClient(new AwsClientOptions { ServiceUrl = new Uri(fixture.ServiceUrl), Credentials = fixture.RootCredentials });
        var user = $"lp-caller-{id}";
        await iam.CreateUserAsync(new CreateUserRequest { UserName = user }, Ct);
        await iam.PutUserPolicyAsync(user, "assume", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""", Ct);
        var key = await iam.CreateAccessKeyAsync(user, Ct);

        var role = await iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = $"lp-reader-{id}",
            AssumeRolePolicyDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""",
        }, Ct);
        await iam.PutRolePolicyAsync(role.RoleName, "read-both", $$"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::{{allowed}}/*","arn:aws:s3:::{{other}}/*"]}]}
            """, Ct);

        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), fixture.Config<AmazonSecurityTokenServiceConfig>());
        var full = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "full" }, Ct);
        var trimmed = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role.Arn,
            RoleSessionName = "trimmed",
            Policy = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{allowed}}/*"}]}""",
        }, Ct);

        using var fullS3 = new AmazonS3Client(full.Credentials, fixture.Config<AmazonS3Config>());
        using var trimmedS3 = new AmazonS3Client(trimmed.Credentials, fixture.Config<AmazonS3Config>());

        // The role may read both buckets; the trimmed session only the one its session policy names.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await fullS3.GetObjectAsync(other, "data.txt", Ct)).HttpStatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await trimmedS3.GetObjectAsync(allowed, "data.txt", Ct)).HttpStatusCode);
        var denied = await Assert.ThrowsAsync<AmazonS3Exception>(() => trimmedS3.GetObjectAsync(other, "data.txt", Ct));
        Assert.Equal("AccessDenied", denied.ErrorCode);

        // Neither may write: the role never allowed it.
        var write = await Assert.ThrowsAsync<AmazonS3Exception>(() =>
            fullS3.PutObjectAsync(new PutObjectRequest { BucketName = allowed, Key = "new.txt", ContentBody = "x" }, Ct));
        Assert.Equal("AccessDenied", write.ErrorCode);

        // The user itself may only assume roles: reading S3 directly is denied.
        using var userS3 = new AmazonS3Client(new BasicAWSCredentials(key.AccessKeyId, key.SecretAccessKey), fixture.Config<AmazonS3Config>());
        var direct = await Assert.ThrowsAsync<AmazonS3Exception>(() => userS3.GetObjectAsync(allowed, "data.txt", Ct));
        Assert.Equal("AccessDenied", direct.ErrorCode);

        // A permissions boundary cuts the role down for every session, even the untrimmed one.
        var boundary = await iam.CreatePolicyAsync(new CreatePolicyRequest
        {
            PolicyName = $"lp-boundary-{id}",
            PolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::{{allowed}}/*"}]}""",
        }, Ct);
        await iam.PutRolePermissionsBoundaryAsync(role.RoleName, boundary.Arn, Ct);
        var bounded = await Assert.ThrowsAsync<AmazonS3Exception>(() => fullS3.GetObjectAsync(other, "data.txt", Ct));
        Assert.Equal("AccessDenied", bounded.ErrorCode);
    }
}
