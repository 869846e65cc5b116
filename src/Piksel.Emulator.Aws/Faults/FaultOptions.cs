namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// Faults the emulator starts with. Off by default; the admin endpoint (<c>/_localstack/chaos/faults</c> and
/// <c>/effects</c>) changes them while it runs. Nothing of them is kept across a restart.
/// </summary>
public sealed record FaultOptions
{
    /// <summary>No faults: every call is served as it comes.</summary>
    public static FaultOptions None { get; } = new();

    /// <summary>Rules, in evaluation order. Default: none.</summary>
    public IReadOnlyList<FaultRule> Rules { get; init; } = [];

    /// <summary>Latency added to every AWS call. Default: none.</summary>
    public FaultEffects Effects { get; init; } = FaultEffects.None;

    /// <summary>Seed of the generator <see cref="FaultRule.Probability"/> draws from. Default null: a new sequence each start.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// How long an IAM change takes to reach STS, the authorizer and other services, on the emulator's clock (AWS takes
    /// seconds). Default zero: at once. An <see cref="IamPropagationFault"/> rule with a longer delay wins while it is set.
    /// </summary>
    public TimeSpan IamPropagationDelay { get; init; } = TimeSpan.Zero;

    /// <summary>True when any fault is set.</summary>
    public bool Active => Rules.Count > 0 || Effects.Latency > 0 || IamPropagationDelay > TimeSpan.Zero;

    /// <summary>Checks every rule and value, naming the first that is wrong.</summary>
    public void Validate()
    {
        foreach (var rule in Rules) FaultRuleReader.Check(rule);
        FaultRuleReader.Check(Effects);
        if (IamPropagationDelay < TimeSpan.Zero || IamPropagationDelay > TimeSpan.FromHours(1))
            throw new ArgumentException($"FaultOptions.IamPropagationDelay must be 0 to 1 hour; got {IamPropagationDelay}.");
    }
}
