namespace Piksel.Hosting.Verification;

/// <summary>How AWS refused a probe's call.</summary>
/// <param name="Code">The error code (<c>AccessDenied</c>, <c>UnauthorizedOperation</c>…).</param>
/// <param name="Message">AWS's message.</param>
internal sealed record ProbeError(string Code, string Message)
{
    /// <summary>The code alone: what the report prints.</summary>
    public override string ToString() => Code;
}
