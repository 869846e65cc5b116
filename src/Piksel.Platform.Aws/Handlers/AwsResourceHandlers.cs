using Piksel.Platform.Providers;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>Registers every AWS resource handler with a provider's registry.</summary>
public static class AwsResourceHandlers
{
    /// <summary>
    /// Adds the handlers of IamRole, IamOidcProvider, SecretsManagerSecret, KmsKey, S3Bucket, S3Object, EksCluster and
    /// EksAccessEntry, all reaching AWS through <paramref name="context"/>; returns the registry.
    /// </summary>
    public static ResourceHandlerRegistry AddAwsHandlers(this ResourceHandlerRegistry registry, AwsHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(new IamRoleHandler(context))
            .Add(new IamOidcProviderHandler(context))
            .Add(new SecretsManagerSecretHandler(context))
            .Add(new KmsKeyHandler(context))
            .Add(new S3BucketHandler(context))
            .Add(new S3ObjectHandler(context))
            .Add(new EksClusterHandler(context))
            .Add(new EksAccessEntryHandler(context));
    }
}
