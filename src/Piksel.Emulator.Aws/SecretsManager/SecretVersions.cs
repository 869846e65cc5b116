namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// How staging labels pick a secret's versions: a label is on one version at most; a new AWSCURRENT turns the old one
/// into AWSPREVIOUS; versions without labels are deprecated and only a bounded number of them is kept.
/// </summary>
internal static class SecretVersions
{
    public const string Current = "AWSCURRENT";
    public const string Previous = "AWSPREVIOUS";
    private const int MaxDeprecatedVersions = 100;

    /// <summary>Adds a version: its labels leave every other version; a new AWSCURRENT turns the old one into AWSPREVIOUS.</summary>
    public static SecretRecord Add(SecretRecord current, SecretVersionRecord version, DateTimeOffset now)
    {
        var labels = version.Stages.ToHashSet(StringComparer.Ordinal);
        var oldCurrent = current.Versions.FirstOrDefault(v => v.Stages.Contains(Current))?.VersionId;
        var versions = current.Versions.Select(v =>
        {
            var stages = v.Stages.Where(s => !labels.Contains(s));
            if (labels.Contains(Current))
                stages = v.VersionId == oldCurrent ? [.. stages.Where(s => s != Previous), Previous] : stages.Where(s => s != Previous);
            return v with { Stages = [.. stages] };
        }).ToList();
        versions.Add(version);
        return current with { Versions = Prune(versions), LastChangedDate = now };
    }

    /// <summary>
    /// UpdateSecretVersionStage: moves <paramref name="stage"/> to <paramref name="moveTo"/> and/or removes it from
    /// <paramref name="removeFrom"/>, with AWS's checks that the caller names where the label is now.
    /// </summary>
    public static SecretRecord MoveStage(SecretRecord current, string stage, string? removeFrom, string? moveTo, DateTimeOffset now)
    {
        var holder = current.Versions.FirstOrDefault(v => v.Stages.Contains(stage));
        if (moveTo is not null && current.Versions.All(v => v.VersionId != moveTo)) throw SecretsManagerErrors.VersionNotFound(moveTo);
        if (removeFrom is not null && holder?.VersionId != removeFrom)
            throw SecretsManagerErrors.InvalidParameter($"The staging label {stage} is not attached to version {removeFrom}, so you can't remove it.");
        if (holder is not null && moveTo is not null && holder.VersionId != moveTo && removeFrom != holder.VersionId)
        {
            throw SecretsManagerErrors.InvalidParameter(
                $"The staging label {stage} is currently attached to version {holder.VersionId}, so you must explicitly reference that version in RemoveFromVersionId.");
        }

        if (moveTo is null && stage == Current)
            throw SecretsManagerErrors.InvalidParameter("You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.");

        var versions = current.Versions.Select(v => v with
        {
            Stages = v.VersionId == moveTo ? [.. v.Stages.Where(s => s != stage), stage] : [.. v.Stages.Where(s => s != stage)],
        }).ToList();
        // Moving AWSCURRENT makes the version that had it AWSPREVIOUS, as Secrets Manager does on rotation.
        if (stage == Current && holder is not null && holder.VersionId != moveTo)
        {
            versions = [.. versions.Select(v => v with
            {
                Stages = v.VersionId == holder.VersionId ? [.. v.Stages.Where(s => s != Previous), Previous] : [.. v.Stages.Where(s => s != Previous)],
            })];
        }

        return current with { Versions = Prune(versions), LastChangedDate = now };
    }

    // Versions without labels are deprecated; AWS keeps a bounded number of them.
    private static List<SecretVersionRecord> Prune(List<SecretVersionRecord> versions)
    {
        var deprecated = versions.Where(v => v.Stages.Count == 0).OrderBy(v => v.CreatedDate).ToList();
        if (deprecated.Count <= MaxDeprecatedVersions) return versions;
        var drop = deprecated.Take(deprecated.Count - MaxDeprecatedVersions).Select(v => v.VersionId).ToHashSet(StringComparer.Ordinal);
        return [.. versions.Where(v => !drop.Contains(v.VersionId))];
    }
}
