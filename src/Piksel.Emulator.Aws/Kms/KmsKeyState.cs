namespace Piksel.Emulator.Aws.Kms;

/// <summary>The lifecycle states of a KMS key that this emulator models (AWS's <c>KeyState</c> values).</summary>
public static class KmsKeyState
{
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PendingDeletion = "PendingDeletion";
}
