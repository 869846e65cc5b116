using Piksel.Platform.Aws.Ec2;
using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Registers every AWS resource handler with a provider's registry.</summary>
public static class AwsResourceHandlers
{
    /// <summary>
    /// Adds the handlers of IamRole, IamOidcProvider, SecretsManagerSecret, KmsKey, S3Bucket, S3Object, the EC2 network
    /// (Ec2Vpc, Ec2Subnet, Ec2InternetGateway, Ec2ElasticIp, Ec2NatGateway, Ec2RouteTable, Ec2VpcEndpoint, Ec2SecurityGroup), EksCluster,
    /// EksAccessEntry, EksAddon and EksFargateProfile, all reaching AWS through <paramref name="context"/>; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddAwsHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context) =>
        registry.AddAwsHandlersButEks(context).AddEksHandlers(context);

    /// <summary>
    /// Adds every AWS resource handler of <see cref="AddAwsHandlers"/> but the EKS ones, for providers whose cluster is
    /// not an EKS cluster and whose EKS kinds are recorded by the harness; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddAwsHandlersButEks(this ResourceHandlerRegistry registry, AwsHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new IamRoleHandler(context))
            .Add(new IamOidcProviderHandler(context))
            .Add(new SecretsManagerSecretHandler(context))
            .Add(new KmsKeyHandler(context))
            .Add(new S3BucketHandler(context))
            .Add(new S3ObjectHandler(context))
            .Add(new Ec2VpcHandler(context))
            .Add(new Ec2SubnetHandler(context))
            .Add(new Ec2InternetGatewayHandler(context))
            .Add(new Ec2ElasticIpHandler(context))
            .Add(new Ec2NatGatewayHandler(context))
            .Add(new Ec2RouteTableHandler(context))
            .Add(new Ec2VpcEndpointHandler(context))
            .Add(new Ec2SecurityGroupHandler(context));
    }

    /// <summary>Adds the handlers of EksCluster, EksAccessEntry, EksAddon and EksFargateProfile through the EKS API; returns the registry.</summary>
    public static ResourceHandlerRegistry AddEksHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new EksClusterHandler(context))
            .Add(new EksAccessEntryHandler(context))
            .Add(new EksAddonHandler(context))
            .Add(new EksFargateProfileHandler(context));
    }
}
