using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Admission.PodSecurity;

/// <summary>
/// A namespace's Pod Security policy from its labels <c>pod-security.kubernetes.io/{enforce,audit,warn}[-version]</c>
/// (pod-security-admission api.PolicyToEvaluate): an unlabelled mode takes the configured default, except warn, which
/// follows an explicitly labelled enforce level (and its version) when warn itself is unlabelled.
/// </summary>
public sealed record PodSecurityPolicy(LevelVersion Enforce, LevelVersion Audit, LevelVersion Warn)
{
    /// <summary>The label prefix of every Pod Security label.</summary>
    public const string LabelPrefix = "pod-security.kubernetes.io/";

    /// <summary>The three modes, in the order their labels are read and reported.</summary>
    public static readonly string[] Modes = ["enforce", "audit", "warn"];

    /// <summary>True when no mode checks anything.</summary>
    public bool FullyPrivileged => Enforce.Level == PodSecurityLevel.Privileged && Audit.Level == PodSecurityLevel.Privileged && Warn.Level == PodSecurityLevel.Privileged;

    /// <summary>
    /// The policy <paramref name="labels"/> give over <paramref name="defaults"/>, and a 422-style error per bad label
    /// (field, bad value, message). A bad level evaluates as restricted, a bad version as latest, as the real admission
    /// does for a namespace that somehow carries one.
    /// </summary>
    public static (PodSecurityPolicy Policy, List<(string Field, string Value, string Message)> Errors) FromLabels(JsonObject? labels, PodSecurityPolicy defaults)
    {
        var errors = new List<(string, string, string)>();
        LevelVersion Read(string mode, LevelVersion fallback)
        {
            var level = fallback.Level;
            var minor = fallback.Minor;
            if (PodView.Text(labels?[LabelPrefix + mode]) is { } levelText)
            {
                if (LevelVersion.ParseLevel(levelText) is { } parsed)
                {
                    level = parsed;
                }
                else
                {
                    level = PodSecurityLevel.Restricted;
                    errors.Add(($"metadata.labels[{LabelPrefix}{mode}]", levelText, "must be one of privileged, baseline, restricted"));
                }
            }
            if (PodView.Text(labels?[LabelPrefix + mode + "-version"]) is { } versionText)
            {
                if (LevelVersion.TryParseVersion(versionText, out var parsed))
                {
                    minor = parsed;
                }
                else
                {
                    minor = null;
                    errors.Add(($"metadata.labels[{LabelPrefix}{mode}-version]", versionText, "must be 'latest' or 'v1.x'"));
                }
            }
            return new LevelVersion(level, minor);
        }
        var enforce = Read("enforce", defaults.Enforce);
        var audit = Read("audit", defaults.Audit);
        var warnDefault = defaults.Warn;
        if (labels?[LabelPrefix + "enforce"] is not null && labels[LabelPrefix + "warn"] is null && enforce.Level > defaults.Warn.Level)
        {
            warnDefault = labels[LabelPrefix + "warn-version"] is null ? enforce : warnDefault with { Level = enforce.Level };
        }
        var warn = Read("warn", warnDefault);
        return (new PodSecurityPolicy(enforce, audit, warn), errors);
    }
}
