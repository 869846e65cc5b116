namespace Piksel.Platform.Engine;

/// <summary>Exit codes of <c>plan --detailed-exitcode</c>, as Terraform uses them.</summary>
public static class DetailedExitCodes
{
    /// <summary>The plan succeeded and nothing would change.</summary>
    public const int NoChanges = 0;

    /// <summary>Planning failed.</summary>
    public const int Error = 1;

    /// <summary>The plan succeeded and something would change.</summary>
    public const int Changes = 2;
}
