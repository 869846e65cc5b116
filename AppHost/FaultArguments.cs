using System.CommandLine;
using Piksel.Emulator.Aws.Faults;

namespace Piksel.AppHost;

/// <summary>
/// <c>--faults &lt;file.json&gt;</c>, <c>--fault &lt;spec&gt;</c> (repeatable) and <c>--fault-seed</c>: fault rules the AWS emulator
/// starts with, in LocalStack's chaos API shape (the file holds what <c>POST /_localstack/chaos/faults</c> takes).
/// </summary>
internal sealed class FaultArguments
{
    private readonly Option<string?> file = new("--faults") { Description = "JSON file of fault rules, as POST /_localstack/chaos/faults takes them (LocalStack's shape)." };
    private readonly Option<string[]> specs = new("--fault")
    {
        Description = "A fault rule, e.g. every=3,error=throttling or service=s3,probability=0.1,error=503:SlowDown or iam-propagation=2000 or oidc-outage (repeatable).",
    };

    private readonly Option<int?> seed = new("--fault-seed") { Description = "Seed for rules with a probability, so a run can be repeated (default: a new one each start)." };

    /// <summary>The options, to add to a command.</summary>
    public IEnumerable<Option> Options => [file, specs, seed];

    /// <summary>The faults the command line asks for; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public FaultOptions Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var rules = new List<FaultRule>();
        if (parse.GetValue(file) is { } path)
        {
            if (!File.Exists(path)) throw new ArgumentException($"--faults {path}: no such file.");
            rules.AddRange(FaultRuleReader.ParseJson(File.ReadAllText(path)));
        }

        rules.AddRange((parse.GetValue(specs) ?? []).Select(FaultRuleReader.ParseSpec));
        return new FaultOptions { Rules = rules, Seed = parse.GetValue(seed) };
    }

    /// <summary>The one line saying which faults are active, or null when none is.</summary>
    public static string? Describe(FaultOptions faults, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(faults);
        ArgumentNullException.ThrowIfNull(endpoint);
        return faults.Active
            ? $"Faults active: {FaultRuleReader.ToJson(faults.Rules)}{(faults.Seed is { } s ? $" (seed {s})" : "")}; change them at {new Uri(endpoint, ChaosEndpoint.Path + "/faults")}."
            : null;
    }
}
