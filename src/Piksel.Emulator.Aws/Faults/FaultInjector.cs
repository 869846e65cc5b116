using System.Runtime.CompilerServices;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// The faults in force: LocalStack-style rules (matched by service, region and operation, fired by chance from a seeded
/// generator or on every N-th call), added latency, IAM's propagation delay and OIDC issuer outages. The pipeline asks it
/// about every call once the operation is known and before anything of the operation runs, so a faulted call changes
/// nothing. Rules live in memory only; the admin endpoint replaces, adds and removes them while the emulator runs.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly Random random;
    private readonly TimeProvider time;
    private readonly TimeSpan iamPropagationDelay;
    private RuleState[] rules;
    private FaultEffects effects;
    private long injected;

    /// <summary>Starts with <paramref name="options"/>' rules; latency is waited on <paramref name="time"/>.</summary>
    public FaultInjector(FaultOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        random = options.Seed is { } seed ? new Random(seed) : new Random();
        iamPropagationDelay = options.IamPropagationDelay;
        rules = [.. options.Rules.Select(r => new RuleState(r))];
        effects = options.Effects;
    }

    /// <summary>The rules in force, in evaluation order.</summary>
    public IReadOnlyList<FaultRule> Rules => [.. Volatile.Read(ref rules).Select(r => r.Rule)];

    /// <summary>The network effects in force.</summary>
    public FaultEffects Effects => Volatile.Read(ref effects);

    /// <summary>How many calls a rule has failed or delayed since the start.</summary>
    public long Injected => Interlocked.Read(ref injected);

    /// <summary>How long IAM changes take to propagate now: the option's delay, or a longer one an IAM propagation rule sets.</summary>
    public TimeSpan IamPropagationDelay
    {
        get
        {
            var delay = iamPropagationDelay;
            foreach (var state in Volatile.Read(ref rules))
            {
                if (state.Rule.IamPropagation is { } propagation && TimeSpan.FromMilliseconds(propagation.Delay) > delay)
                    delay = TimeSpan.FromMilliseconds(propagation.Delay);
            }

            return delay;
        }
    }

    /// <summary>True while an OIDC outage rule covers <paramref name="issuer"/>.</summary>
    public bool IsIssuerDown(string issuer) => Volatile.Read(ref rules).Any(r => r.Rule.OidcOutage?.Covers(issuer) == true);

    /// <summary>Puts <paramref name="next"/> in place of every rule (counts start again); returns the rules in force.</summary>
    public IReadOnlyList<FaultRule> Replace(IEnumerable<FaultRule> next) => Change(_ => Checked(next).Select(r => new RuleState(r)));

    /// <summary>Appends <paramref name="more"/> after the rules in force; returns the rules in force.</summary>
    public IReadOnlyList<FaultRule> Add(IEnumerable<FaultRule> more) => Change(current => current.Concat(Checked(more).Select(r => new RuleState(r))));

    /// <summary>Removes the rules equal to one of <paramref name="gone"/> (LocalStack wants the rule exactly as it was given); returns the rules in force.</summary>
    public IReadOnlyList<FaultRule> Remove(IEnumerable<FaultRule> gone)
    {
        var removed = gone.ToHashSet();
        return Change(current => current.Where(r => !removed.Contains(r.Rule)));
    }

    /// <summary>Sets the network effects; returns them.</summary>
    public FaultEffects SetEffects(FaultEffects next)
    {
        FaultRuleReader.Check(next);
        Volatile.Write(ref effects, next);
        return next;
    }

    /// <summary>
    /// Waits the latency in force and throws the error of the first rule that fires for this call of
    /// <paramref name="operation"/>; returns at once when no fault is set.
    /// </summary>
    public Task ApplyAsync(AwsRequestContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var latency = Volatile.Read(ref effects).Latency;
        return Volatile.Read(ref rules).Length == 0 && latency == 0 ? Task.CompletedTask : ApplySlowAsync(context, operation, latency);
    }

    /// <summary>What the rules do to one call: its latency and error, or null when none fires.</summary>
    internal FaultDecision? Decide(string service, AwsProtocol protocol, string region, string operation)
    {
        foreach (var state in Volatile.Read(ref rules))
        {
            var rule = state.Rule;
            if (!rule.Matches(service, region, operation)) continue;
            var count = state.Count(service, operation);
            if (rule.Every is { } every && count % every != 0) continue;
            if (rule.Probability is { } probability && Draw() >= probability) continue;

            Interlocked.Increment(ref injected);
            var error = rule.Error is not null || rule.Latency is null ? InjectedErrors.Create(service, protocol, rule.Error) : null;
            return new FaultDecision(TimeSpan.FromMilliseconds(rule.Latency ?? 0), error);
        }

        return null;
    }

    private async Task ApplySlowAsync(AwsRequestContext context, string operation, int latency)
    {
        var decision = Decide(context.Service.SigningName, context.Service.Protocol, context.Region, operation);
        var wait = TimeSpan.FromMilliseconds(latency) + (decision?.Latency ?? TimeSpan.Zero);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, time, context.Cancellation);
        if (decision?.Error is { } error) throw error;
    }

    private double Draw()
    {
        lock (gate) return random.NextDouble();
    }

    private IReadOnlyList<FaultRule> Change(Func<RuleState[], IEnumerable<RuleState>> change)
    {
        lock (gate)
        {
            Volatile.Write(ref rules, [.. change(rules)]);
            return Rules;
        }
    }

    private static List<FaultRule> Checked(IEnumerable<FaultRule> rules)
    {
        var list = rules.ToList();
        foreach (var rule in list) FaultRuleReader.Check(rule);
        return list;
    }

    /// <summary>A rule and how many calls of each operation it has matched.</summary>
    private sealed class RuleState(FaultRule rule)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StrongBox<long>> calls = new(StringComparer.OrdinalIgnoreCase);

        public FaultRule Rule { get; } = rule;

        public long Count(string service, string operation) => Interlocked.Increment(ref calls.GetOrAdd($"{service}:{operation}", _ => new StrongBox<long>()).Value);
    }
}
