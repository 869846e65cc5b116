namespace Piksel.Emulator.Aws.Iam;

/// <summary>An AWS or customer managed policy as the API shows it.</summary>
internal sealed record PolicyView(string Arn, string Name, string Path, string PolicyId, string DefaultVersionId, string? Description,
    DateTimeOffset CreateDate, DateTimeOffset UpdateDate, IReadOnlyList<Tag> Tags, IReadOnlyList<PolicyVersionRecord> Versions, bool AwsManaged)
{
    /// <summary>A customer managed policy.</summary>
    public static PolicyView Of(ManagedPolicyRecord p) =>
        new(p.Arn, p.PolicyName, p.Path, p.PolicyId, p.DefaultVersionId, p.Description, p.CreateDate, p.UpdateDate, p.Tags, p.Versions, false);

    /// <summary>An AWS managed policy: one version, the default, and no tags.</summary>
    public static PolicyView Of(AwsManagedPolicy p) =>
        new(p.Arn, p.Name, p.Path, p.PolicyId, p.VersionId, p.Description, p.CreateDate, p.UpdateDate, [],
            [new PolicyVersionRecord(p.VersionId, p.Document, true, p.UpdateDate)], true);
}
