namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>What the cluster's add-on manager reports back to the EKS API: installed, or the health issue that stops it.</summary>
public sealed record AddonReport(string AddonName, bool Installed, string? IssueCode, string? IssueMessage);
