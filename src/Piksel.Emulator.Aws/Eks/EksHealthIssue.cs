namespace Piksel.Emulator.Aws.Eks;

/// <summary>One health issue of an add-on: its code (InsufficientNumberOfReplicas, ConfigurationConflict…) and message.</summary>
public sealed record EksHealthIssue(string Code, string Message);
