namespace Piksel.Emulator.Aws.Iam;

public static partial class AwsManagedPolicies
{
    // Filled in by the IAM feature with the real statements of the policies the platform uses.
    private static partial IEnumerable<AwsManagedPolicy> Load() => [];
}
