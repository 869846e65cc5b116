using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.SecretsManager;
using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>
/// Makes a probe's call with a role's session and says how AWS answered. Whatever a wrongly allowed call made is
/// removed again with the environment's credentials, so a verification leaves nothing behind either way.
/// </summary>
internal sealed class ProbeRunner(VerificationContext context)
{
    private readonly ComputeProbeRunner compute = new(context);

    /// <summary>Makes <paramref name="probe"/>'s call with <paramref name="session"/>; null when AWS allowed it.</summary>
    public async Task<ProbeError?> RunAsync(AccessProbe probe, Credentials session, CancellationToken cancellationToken)
    {
        var credentials = new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
        try
        {
            await CallAsync(probe, credentials, cancellationToken);
            return null;
        }
        catch (AmazonServiceException e)
        {
            return new ProbeError(e.ErrorCode ?? e.StatusCode.ToString(), e.Message);
        }
        catch (AwsApiException e)
        {
            return new ProbeError(e.ErrorCode, e.ErrorMessage);
        }
    }

    private async Task CallAsync(AccessProbe probe, AWSCredentials credentials, CancellationToken cancellationToken)
    {
        switch (probe)
        {
            case S3PutObjectProbe put:
                {
                    using var s3 = new AmazonS3Client(credentials, context.SessionConfig<AmazonS3Config>());
                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = put.Bucket, Key = put.Key, ContentBody = "piksel verify\n" }, cancellationToken);
                    var admin = await context.AdminSdkClientAsync<AmazonS3Client, AmazonS3Config>(context.Settings.Account, (c, cfg) => new AmazonS3Client(c, cfg), cancellationToken);
                    await admin.DeleteObjectAsync(put.Bucket, put.Key, cancellationToken);
                    return;
                }

            case S3GetObjectProbe get:
                {
                    using var s3 = new AmazonS3Client(credentials, context.SessionConfig<AmazonS3Config>());
                    using var response = await s3.GetObjectAsync(get.Bucket, get.Key, cancellationToken);
                    return;
                }

            case S3ListBucketProbe list:
                {
                    using var s3 = new AmazonS3Client(credentials, context.SessionConfig<AmazonS3Config>());
                    await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = list.Bucket, MaxKeys = 1 }, cancellationToken);
                    return;
                }

            case SecretReadProbe read:
                {
                    using var secrets = new SecretsManagerClient(context.SessionOptions(credentials));
                    _ = await secrets.GetSecretValueAsync(read.SecretName, cancellationToken: cancellationToken);
                    return;
                }

            case SecretWriteProbe write:
                {
                    // The probe writes the value the secret already holds, so even a wrongly allowed write loses nothing.
                    var admin = await context.AdminClientAsync(context.Settings.Account, null, o => new SecretsManagerClient(o), cancellationToken);
                    var current = await admin.GetSecretValueAsync(write.SecretName, cancellationToken: cancellationToken);
                    using var secrets = new SecretsManagerClient(context.SessionOptions(credentials));
                    _ = await secrets.PutSecretValueAsync(write.SecretName, current.Value, cancellationToken: cancellationToken);
                    return;
                }

            case AssumeRoleProbe assume:
                {
                    using var sts = new AmazonSecurityTokenServiceClient(credentials, context.SessionConfig<AmazonSecurityTokenServiceConfig>());
                    await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = assume.RoleArn, RoleSessionName = "piksel-verify", ExternalId = assume.ExternalId, DurationSeconds = 900 }, cancellationToken);
                    return;
                }

            default:
                await compute.CallAsync(probe, credentials, cancellationToken);
                return;
        }
    }
}
