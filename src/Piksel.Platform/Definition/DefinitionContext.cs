using Piksel.Platform.Naming;
using Piksel.Platform.Policies;
using Piksel.Platform.Settings;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Definition;

/// <summary>
/// What every area of the definition reads and none owns: the environment's settings, its names, tags and labels
/// (Terraform's variables and locals). Immutable; what one area needs from another travels as an explicit input.
/// </summary>
internal sealed class DefinitionContext(EnvironmentSettings settings)
{
    /// <summary>The environment's settings.</summary>
    public EnvironmentSettings Settings { get; } = settings;

    /// <summary>The environment's deterministic names.</summary>
    public PikselNames Names { get; } = settings.Names;

    /// <summary>The AWS partition of the environment's accounts.</summary>
    public string Partition => Settings.Partition;

    /// <summary>The tags of every AWS resource.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; } = PikselTags.For(settings.Name);

    /// <summary>The labels of every Kubernetes object.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; } = PikselTags.LabelsFor(settings.Name);

    /// <summary>An ARN of a role in the environment's account.</summary>
    public string RoleArn(string purpose) => Arns.IamRole(Partition, Settings.Account, Names.Role(purpose));

    /// <summary>A role in the environment's account with the platform's tags.</summary>
    public IamRole Role(string purpose, PolicyDocument trust) => new()
    {
        Name = Names.Role(purpose),
        Account = Settings.Account,
        TrustPolicy = trust,
        Tags = Tags,
    };
}
