using Piksel.Platform.Verification;

namespace Piksel.Hosting.Verification;

/// <summary>One cell of the RBAC matrix: the intent, and the API server's answer (or why there is none).</summary>
/// <param name="Expectation">What the definition intends.</param>
/// <param name="Allowed">The SubjectAccessReview's answer; null when it could not be asked.</param>
/// <param name="Error">Why it could not be asked.</param>
public sealed record AccessReviewCell(AccessReviewExpectation Expectation, bool? Allowed, string? Error = null)
{
    /// <summary>Whether the answer is the intended one.</summary>
    public bool AsIntended => Allowed == Expectation.Allowed;

    /// <summary>The cell in words.</summary>
    public string Describe() => Allowed is null
        ? $"{Expectation.Name}: not answered ({Error})"
        : $"{Expectation.Name}: {(Allowed.Value ? "yes" : "no")}, intended {(Expectation.Allowed ? "yes" : "no")}";
}
