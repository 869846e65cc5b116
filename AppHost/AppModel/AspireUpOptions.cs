using System.CommandLine;
using Piksel.Platform.Providers;

namespace Piksel.AppHost.AppModel;

/// <summary>
/// What <c>up</c> takes in both its forms (the Aspire app, and <c>--headless</c>, which adds <c>--headless</c> and the
/// fault options): <c>--env</c>, <c>--port</c>, <c>--set</c>, <c>--provider</c> with the verbs' provider options
/// (<c>--profile</c> for aws; <c>--aws-endpoint</c>, <c>--kubeconfig</c>, <c>--context</c>, <c>--capabilities</c> and
/// <c>--account-keys</c> for existing) and <c>--confirm-production</c>. One parser serves both: these options are the
/// same instances the headless <c>up</c> command and the verbs carry.
/// </summary>
/// <param name="Env">The environment (default <c>local</c>).</param>
/// <param name="Port">The AWS endpoint's port on the embedded provider (default 4566; 0 = any free port).</param>
/// <param name="Set">The <c>--set field=value</c> overrides.</param>
internal sealed record AspireUpOptions(string Env, int Port, IReadOnlyList<string> Set)
{
    private static readonly Option<string> EnvOption = new("--env") { Description = "The environment (env/<env>.json).", DefaultValueFactory = _ => "local" };

    private static readonly Option<int> PortOption = CreatePort();

    private static readonly Option<string[]> SetOption = AppHost.SetOption.Create();

    /// <summary>The options the headless path alone runs, with why (printed once when they send <c>up</c> headless).</summary>
    private static readonly Dictionary<string, string> Headless = new(StringComparer.Ordinal)
    {
        ["--fault"] = "fault injection",
        ["--faults"] = "fault injection",
        ["--fault-seed"] = "fault injection",
    };

    private ParseResult? parse;

    /// <summary>The options, to add to the <c>up</c> command.</summary>
    public static IEnumerable<Option> Options =>
        [EnvOption, PlatformCommands.Provider, PortOption, SetOption, PlatformCommands.Profile, PlatformCommands.ConfirmProduction, .. ExistingArguments.Options];

    /// <summary><c>--provider</c>, or null for the environment file's provider.</summary>
    public string? Provider { get; init; }

    /// <summary><c>--confirm-production</c>: bringing production up applies it, so it needs the confirmation <c>apply</c> needs.</summary>
    public bool ConfirmProduction { get; init; }

    /// <summary>The options <paramref name="parse"/> (of a command carrying <see cref="Options"/>) holds.</summary>
    public static AspireUpOptions From(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new AspireUpOptions(parse.GetValue(EnvOption)!, parse.GetValue(PortOption), parse.GetValue(SetOption) ?? [])
        {
            Provider = parse.GetValue(PlatformCommands.Provider),
            ConfirmProduction = parse.GetValue(PlatformCommands.ConfirmProduction),
            parse = parse,
        };
    }

    /// <summary>The options of <c>up</c> arguments (<c>args[0] == "up"</c>, or none) when the Aspire app runs them all; null otherwise.</summary>
    public static AspireUpOptions? TryParse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] != "up") return null;
        var up = new RootCommand();
        foreach (var option in Options) up.Options.Add(option);
        var parsed = up.Parse(args.Length == 0 ? [] : args[1..]);
        // --headless, the fault options, a bad value or an unknown option: the headless path answers it.
        return parsed.Errors.Count == 0 && parsed.Action is null ? From(parsed) : null;
    }

    /// <summary>
    /// The provider's options for <paramref name="target"/>: <c>--profile</c>, and on <c>existing</c> its endpoint,
    /// kubeconfig, context, capabilities and keys, its record under the target's <c>state</c>; throws
    /// <see cref="ArgumentException"/> naming what is missing or malformed (never a secret).
    /// </summary>
    public ProviderChoice ChoiceFor(EnvironmentTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parsed = parse ?? TryParse([])!.parse!;
        return new ProviderChoice(
            parsed.GetValue(PlatformCommands.Profile),
            target.Provider == ProviderKind.Existing ? ExistingArguments.Read(parsed, target.Root) : null);
    }

    /// <summary>The one-line note printed when <paramref name="args"/> send a non-headless <c>up</c> to the headless path, or null.</summary>
    public static string? HeadlessNote(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "up" || args.Contains("--headless")) return null;
        var why = args.Skip(1).Select(a => a.Split('=')[0]).Where(Headless.ContainsKey).Select(a => $"{a} ({Headless[a]})").Distinct().ToList();
        return why.Count == 0 ? null : $"note: the dashboard does not run {string.Join(", ", why)}: starting as up --headless.";
    }

    private static Option<int> CreatePort() => new("--port")
    {
        Description = "Port of the embedded AWS endpoint (default 4566; 0 = any free port).",
        DefaultValueFactory = _ => 4566,
        CustomParser = r =>
        {
            if (int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port <= 65535) return port;
            r.AddError($"--port '{r.Tokens[0].Value}' must be a number from 0 to 65535 (0 = any free port).");
            return 0;
        },
    };
}
