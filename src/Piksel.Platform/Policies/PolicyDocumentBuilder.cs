namespace Piksel.Platform.Policies;

/// <summary>
/// Builds a <see cref="PolicyDocument"/> statement by statement, checking each one as it is added, so no policy
/// is ever assembled by concatenating JSON text.
/// </summary>
/// <example><code>
/// var policy = new PolicyDocumentBuilder()
///     .Allow(s => s.Actions("s3:ListBucket").Resources(Arns.S3Bucket(partition, "b")))
///     .Build();
/// </code></example>
public sealed class PolicyDocumentBuilder
{
    private readonly List<PolicyStatement> statements = [];

    /// <summary>Adds an Allow statement configured by <paramref name="configure"/>.</summary>
    public PolicyDocumentBuilder Allow(Action<PolicyStatementBuilder> configure) => Add(PolicyEffect.Allow, configure);

    /// <summary>Adds a Deny statement configured by <paramref name="configure"/>.</summary>
    public PolicyDocumentBuilder Deny(Action<PolicyStatementBuilder> configure) => Add(PolicyEffect.Deny, configure);

    /// <summary>The document; at least one statement is required.</summary>
    public PolicyDocument Build() =>
        statements.Count == 0
            ? throw new InvalidOperationException("A policy document needs at least one statement.")
            : new PolicyDocument { Statements = statements.ToArray() };

    private PolicyDocumentBuilder Add(PolicyEffect effect, Action<PolicyStatementBuilder> configure)
    {
        var builder = new PolicyStatementBuilder(effect);
        configure(builder);
        statements.Add(builder.Build());
        return this;
    }
}
