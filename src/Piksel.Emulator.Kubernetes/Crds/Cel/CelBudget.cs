namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// The cost an evaluation may spend, as Kubernetes limits each rule (a per-call limit of 1,000,000): every node
/// evaluated, every iteration and every character a string function walks costs, so a hostile rule stops instead of
/// holding the server.
/// </summary>
internal sealed class CelBudget(long limit)
{
    /// <summary>Kubernetes' per-call cost limit for a CRD validation rule.</summary>
    public const long PerCallLimit = 1_000_000;

    private long remaining = limit;

    /// <summary>Spends <paramref name="cost"/>; throws once the budget is exhausted (never absorbed by &amp;&amp; or ||).</summary>
    public void Charge(long cost)
    {
        remaining -= Math.Max(cost, 0);
        if (remaining < 0)
        {
            throw new ValidationRuleException("operation cancelled: actual cost limit exceeded");
        }
    }
}
