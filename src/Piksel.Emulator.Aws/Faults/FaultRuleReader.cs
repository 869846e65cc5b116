using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Piksel.Emulator.Aws.Faults;

/// <summary>
/// Reads fault rules from LocalStack's JSON (an array of rules, as <c>/_localstack/chaos/faults</c> takes them) or from
/// the CLI's compact <c>--fault</c> form (<c>service=s3,operation=PutObject,every=3,error=throttling</c>), and checks each,
/// refusing with a sentence that names the field and what it may be.
/// </summary>
public static class FaultRuleReader
{
    /// <summary>How rules travel: LocalStack's camelCase names, absent fields left out, unknown fields refused.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
        MaxDepth = 8,
    };

    /// <summary>The rules of a JSON array; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static IReadOnlyList<FaultRule> ParseJson(string json)
    {
        FaultRule?[]? rules;
        try
        {
            rules = JsonSerializer.Deserialize<FaultRule?[]>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Fault rules must be a JSON array of rules such as [{{\"service\": \"s3\", \"error\": {{\"statusCode\": 503, \"code\": \"ServiceUnavailable\"}}}}]: {Reason(e)}", e);
        }

        if (rules is null || rules.Any(r => r is null)) throw new ArgumentException("Fault rules must be a JSON array of rule objects; null is not a rule.");
        foreach (var rule in rules) Check(rule!);
        return rules!;
    }

    /// <summary>The effects of <c>{"latency": …}</c>; throws <see cref="ArgumentException"/> saying what is wrong.</summary>
    public static FaultEffects ParseEffects(string json)
    {
        FaultEffects? effects;
        try
        {
            effects = JsonSerializer.Deserialize<FaultEffects>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Effects must be a JSON object such as {{\"latency\": 500}}: {Reason(e)}", e);
        }

        if (effects is null) throw new ArgumentException("Effects must be a JSON object such as {\"latency\": 500}.");
        Check(effects);
        return effects;
    }

    /// <summary>Rules as LocalStack answers them: a JSON array.</summary>
    public static string ToJson(IEnumerable<FaultRule> rules) => JsonSerializer.Serialize(rules.ToArray(), Json);

    /// <summary>
    /// One rule in the CLI's form: comma-separated <c>key=value</c> with keys service, region, operation, probability,
    /// every, error (throttling | unavailable | internal | STATUS | STATUS:CODE), latency (ms), iam-propagation (ms) and
    /// oidc-outage (an issuer URL, or nothing for every issuer).
    /// </summary>
    public static FaultRule ParseSpec(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rule = new FaultRule();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = (eq < 0 ? part : part[..eq]).ToLowerInvariant();
            var value = eq < 0 ? null : part[(eq + 1)..];
            rule = key switch
            {
                "service" => rule with { Service = Required(spec, key, value) },
                "region" => rule with { Region = Required(spec, key, value) },
                "operation" => rule with { Operation = Required(spec, key, value) },
                "probability" => rule with { Probability = Number<double>(spec, key, value, NumberStyles.Float, double.TryParse) },
                "every" => rule with { Every = Number<int>(spec, key, value, NumberStyles.None, int.TryParse) },
                "latency" => rule with { Latency = Number<int>(spec, key, value, NumberStyles.None, int.TryParse) },
                "error" => rule with { Error = SpecError(spec, Required(spec, key, value)) },
                "iam-propagation" => rule with { IamPropagation = new IamPropagationFault { Delay = Number<int>(spec, key, value, NumberStyles.None, int.TryParse) } },
                "oidc-outage" => rule with { OidcOutage = new OidcOutageFault { Issuer = value is null or "" or "*" ? null : value } },
                _ => throw new ArgumentException(
                    $"--fault '{spec}': unknown key '{key}'; use service, region, operation, probability, every, error, latency, iam-propagation or oidc-outage, e.g. every=3,error=throttling."),
            };
        }

        Check(rule);
        return rule;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="rule"/> has a value out of its range.</summary>
    public static void Check(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        void Require(bool ok, string what)
        {
            if (!ok) throw new ArgumentException($"Fault rule {JsonSerializer.Serialize(rule, Json)}: {what}");
        }

        if (!rule.ActsOnCalls)
        {
            Require(rule.IamPropagation is null || rule.OidcOutage is null, "iamPropagation and oidcOutage are rules of their own; give each its own rule.");
            Require(rule is { Service: null, Region: null, Operation: null, Probability: null, Every: null, Error: null, Latency: null },
                "an iamPropagation or oidcOutage rule stands alone: leave out service, region, operation, probability, every, error and latency.");
            Require(rule.IamPropagation is null || rule.IamPropagation.Delay is > 0 and <= 3_600_000, "iamPropagation.delay must be 1 to 3,600,000 milliseconds.");
            Require(rule.OidcOutage?.Issuer is null || (Uri.TryCreate(rule.OidcOutage.Issuer, UriKind.Absolute, out var issuer) && issuer.Scheme == Uri.UriSchemeHttps),
                "oidcOutage.issuer must be an https:// issuer URL, or left out for every issuer.");
            return;
        }

        Require(rule.Service is null || Name(rule.Service), "service must be a service's signing name such as s3, iam or secretsmanager.");
        Require(rule.Region is null || Name(rule.Region), "region must be a region name such as us-east-1.");
        Require(rule.Operation is null || Name(rule.Operation), "operation must be an operation name such as PutObject.");
        Require(rule.Probability is null or (>= 0 and <= 1), "probability must be between 0 and 1.");
        Require(rule.Every is null or >= 1, "every must be 1 or more (every N-th call fails).");
        Require(rule.Latency is null or (>= 0 and <= 60_000), "latency must be 0 to 60,000 milliseconds.");
        Require(rule.Error?.StatusCode is null or (>= 400 and <= 599), "error.statusCode must be an HTTP error status, 400 to 599.");
        Require(rule.Error?.Code is null || Name(rule.Error.Code), "error.code must be 1 to 128 letters, digits, '.', '_' or '-' (e.g. ThrottlingException).");
        Require(rule.Error?.Message is null || (rule.Error.Message.Length <= 1024 && !rule.Error.Message.Any(char.IsControl)),
            "error.message must be at most 1,024 characters with no control characters.");
        Require(rule.Error?.Kind is null || rule.Error is { StatusCode: null, Code: null, Message: null }, "error is either a kind (\"throttling\") or an object, not both.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the latency is out of range.</summary>
    public static void Check(FaultEffects effects)
    {
        ArgumentNullException.ThrowIfNull(effects);
        if (effects.Latency is < 0 or > 60_000) throw new ArgumentException($"Effects: latency must be 0 to 60,000 milliseconds; got {effects.Latency}.");
    }

    private static bool Name(string text) =>
        text.Length is > 0 and <= 128 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string Reason(JsonException e) => e.Path is { Length: > 1 } path ? $"{e.Message.Split(" Path:")[0]} (at {path})" : e.Message;

    private static string Required(string spec, string key, string? value) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"--fault '{spec}': {key} needs a value ({key}=…).") : value;

    private delegate bool TryParse<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private static T Number<T>(string spec, string key, string? value, NumberStyles styles, TryParse<T> parse) =>
        parse(Required(spec, key, value), styles, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"--fault '{spec}': {key} must be a number; got '{value}'.");

    private static FaultError SpecError(string spec, string value)
    {
        if (FaultErrorConverter.ParseKind(value) is { } kind) return FaultError.Of(kind);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var status = colon < 0 ? value : value[..colon];
        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            throw new ArgumentException($"--fault '{spec}': error must be throttling, unavailable, internal, STATUS or STATUS:CODE (e.g. 503:ServiceUnavailable); got '{value}'.");
        return new FaultError { StatusCode = code, Code = colon < 0 ? null : value[(colon + 1)..] };
    }
}
