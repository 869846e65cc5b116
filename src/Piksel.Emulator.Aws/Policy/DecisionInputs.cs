namespace Piksel.Emulator.Aws.Policy;

/// <summary>A policy document with the name a person knows it by (inline policy name or managed policy ARN).</summary>
internal readonly record struct NamedPolicy(string Name, PolicyDocument Document);

/// <summary>
/// What a decision was made from, kept so the explanation can be worked out later, only when someone asks: the
/// documents are immutable snapshots, so the explanation describes the decision as it was made.
/// </summary>
internal sealed class DecisionInputs(PolicyRequest request, ResourcePolicyKind kind, PolicyDocument? resourcePolicy)
{
    private AuthorizationExplanation? explanation;

    public PolicyRequest Request { get; } = request;
    public ResourcePolicyKind Kind { get; } = kind;
    public PolicyDocument? ResourcePolicy { get; } = resourcePolicy;
    public IReadOnlyList<NamedPolicy> Identity { get; set; } = [];
    public NamedPolicy? Boundary { get; set; }
    public IReadOnlyList<NamedPolicy> Session { get; set; } = [];

    /// <summary>The part of the evaluation that decided.</summary>
    public string DecidedBy { get; set; } = "";

    /// <summary>The explanation of <paramref name="result"/>, computed once (a benign race computes the same value twice).</summary>
    public AuthorizationExplanation Explain(AuthorizationResult result) => explanation ??= DecisionExplainer.Explain(result, this);
}
