using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>The platform KMS key: it encrypts the cluster's Kubernetes Secrets and the platform's secrets. Output <c>kms.keyArn</c>.</summary>
internal sealed class PlatformKeyDefinition : IDefinitionArea
{
    private readonly KmsKey key;

    /// <summary>The key of the environment of <paramref name="context"/>.</summary>
    public PlatformKeyDefinition(DefinitionContext context)
    {
        var settings = context.Settings;
        key = new KmsKey
        {
            Name = $"piksel-{settings.Name}",
            Account = settings.Account,
            Region = settings.Region,
            Alias = context.Names.KmsAlias,
            Description = $"Piksel {settings.Name}: Kubernetes Secrets and platform secrets",
            KeyPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Sid("EnableIamPolicies")
                    .Principal(PolicyPrincipal.Aws(Arns.AccountRoot(context.Partition, settings.Account)))
                    .Actions("kms:*")
                    .Resources("*"))
                .Build(),
            Tags = context.Tags,
        };
    }

    /// <summary>The key's ARN, known once it exists.</summary>
    public OutputRef Arn => key.Arn;

    /// <inheritdoc />
    public IReadOnlyList<PlatformResource> Resources => [key];

    /// <inheritdoc />
    public IReadOnlyList<PlatformOutput> Outputs => [new("kms.keyArn", key.Arn.Token)];
}
