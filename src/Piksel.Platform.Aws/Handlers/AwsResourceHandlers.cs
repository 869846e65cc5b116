using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Registers every AWS resource handler with a provider's registry.</summary>
public static class AwsResourceHandlers
{
    /// <summary>
    /// Adds the handlers of IamRole, IamOidcProvider, IamInstanceProfile, SecretsManagerSecret, SqsQueue, EventBridgeRule, KmsKey, S3Bucket, S3Object, the EC2 network
    /// (Ec2Vpc, Ec2Subnet, Ec2InternetGateway, Ec2ElasticIp, Ec2NatGateway, Ec2RouteTable, Ec2VpcEndpoint, Ec2SecurityGroup), EksCluster,
    /// EksAccessEntry, EksAddon and EksFargateProfile, all reaching AWS through <paramref name="context"/>, waiting for slow
    /// states as long as <paramref name="waits"/> says (default: <see cref="AwsWaits"/>'s defaults); returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddAwsHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context, AwsWaits? waits = null) =>
        registry.AddAwsHandlersButEks(context, waits).AddEksHandlers(context, waits);

    /// <summary>
    /// Adds every AWS resource handler of <see cref="AddAwsHandlers"/> but the EKS ones, for providers whose cluster is
    /// not an EKS cluster and whose EKS kinds are recorded by the harness; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddAwsHandlersButEks(this ResourceHandlerRegistry registry, AwsHandlerContext context, AwsWaits? waits = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        waits ??= new AwsWaits();
        return registry
            .Add(new IamRoleHandler(context))
            .Add(new IamOidcProviderHandler(context))
            .Add(new IamInstanceProfileHandler(context))
            .Add(new SecretsManagerSecretHandler(context))
            .Add(new SqsQueueHandler(context))
            .Add(new EventBridgeRuleHandler(context))
            .Add(new KmsKeyHandler(context))
            .Add(new S3BucketHandler(context))
            .Add(new S3ObjectHandler(context))
            .Add(new Ec2VpcHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2SubnetHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2InternetGatewayHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2ElasticIpHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2NatGatewayHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2RouteTableHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2VpcEndpointHandler(context) { StateWait = waits.Ec2State })
            .Add(new Ec2SecurityGroupHandler(context) { StateWait = waits.Ec2State });
    }

    /// <summary>
    /// Adds the handlers of EksCluster, EksAccessEntry, EksAddon and EksFargateProfile through the EKS API, waiting as long
    /// as <paramref name="waits"/> says (default: <see cref="AwsWaits"/>'s defaults); returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddEksHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context, AwsWaits? waits = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        waits ??= new AwsWaits();
        return registry
            .Add(new EksClusterHandler(context) { ActiveWait = waits.Cluster })
            .Add(new EksAccessEntryHandler(context))
            .Add(new EksAddonHandler(context) { ActiveWait = waits.Addon })
            .Add(new EksFargateProfileHandler(context) { ActiveWait = waits.FargateProfile });
    }
}
