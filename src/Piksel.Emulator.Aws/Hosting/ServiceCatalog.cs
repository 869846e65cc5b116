namespace Piksel.Emulator.Aws.Hosting;

/// <summary>The services behind the edge endpoint.</summary>
public static class ServiceCatalog
{
    /// <summary>One instance of every service over <paramref name="state"/>.</summary>
    public static IReadOnlyList<IAwsService> Create(EmulatorState state) =>
    [
        new Iam.IamService(state),
        new Sts.StsService(state),
        new SecretsManager.SecretsManagerService(state),
        new Kms.KmsService(state),
        new S3.S3Service(state),
        new Eks.EksService(state),
        new Ec2.Ec2Service(state),
        new Logs.LogsService(state),
    ];
}
