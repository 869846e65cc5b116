namespace Piksel.Hosting.Verification;

/// <summary>How one check came out.</summary>
public enum CheckOutcome
{
    /// <summary>What the platform promises held.</summary>
    Passed,

    /// <summary>It did not: the detail says what was seen instead.</summary>
    Failed,

    /// <summary>The check cannot run on this provider; the detail says why.</summary>
    Skipped,
}
