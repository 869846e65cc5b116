namespace Piksel.Emulator.Aws.Hosting;

/// <summary>The services behind the edge endpoint.</summary>
public static class ServiceCatalog
{
    /// <summary>One instance of every service over <paramref name="state"/>.</summary>
    public static IReadOnlyList<IAwsService> Create(EmulatorState state)
    {
        // EventBridge delivers to SQS queues as the events service principal.
        var sqs = new Sqs.SqsService(state);
        var events = new Events.EventsService(state, sqs.Queues);
        // EC2 emits its instances' state changes on EventBridge (where Karpenter's rule routes them to its queue) and
        // hands instances the profiles IAM holds.
        var ec2 = new Ec2.Ec2Service(state, new Ec2.Instances.EventBridgeInstanceEvents(events.Bus), new Ec2.Instances.IamInstanceProfiles(state.Iam));
        // EKS places clusters in EC2's subnets and gives each a security group there.
        var eks = new Eks.EksService(state, ec2.Subnets, ec2.ClusterSecurityGroups);
        // RDS places instances in EC2's subnets and runs each on a real server (by default the machine's PostgreSQL) kept under the data directory.
        var (rdsDirectory, temporary) = Rds.RdsService.DataDirectory(state);
        var servers = state.Options.Rds.Servers?.Invoke(rdsDirectory) ?? new Rds.Servers.LocalPostgresServers(rdsDirectory, state.LoggerFactory);
        return
        [
            new Iam.IamService(state),
            new Sts.StsService(state),
            new SecretsManager.SecretsManagerService(state),
            new Kms.KmsService(state),
            new S3.S3Service(state),
            eks,
            new EksAuth.EksAuthService(state, eks),
            ec2,
            new Logs.LogsService(state),
            sqs,
            events,
            new Ssm.SsmService(state),
            new Rds.RdsService(state, ec2.Subnets, servers, temporary ? rdsDirectory : null),
        ];
    }
}
