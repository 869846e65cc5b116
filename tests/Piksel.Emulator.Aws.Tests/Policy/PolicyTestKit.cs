using Piksel.Emulator.Aws.Policy;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>Small builders for evaluator tests: documents, request keys and a one-call evaluation.</summary>
internal static class PolicyTestKit
{
    /// <summary>Context keys; each entry is "key=v1|v2" (an empty value list is "key=").</summary>
    public static Dictionary<string, IReadOnlyList<string>> Keys(params string[] entries)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var value = entry[(eq + 1)..];
            keys[entry[..eq]] = value.Length == 0 ? [] : value.Split('|');
        }
        return keys;
    }

    /// <summary>A 2012-10-17 document with one Allow statement on s3:* / * carrying <paramref name="condition"/>.</summary>
    public static string AllowWhen(string condition) =>
        """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":""" + condition + "}}";

    /// <summary>Whether the single-statement Allow with <paramref name="condition"/> applies given <paramref name="keys"/>.</summary>
    public static bool ConditionHolds(string condition, params string[] keys) =>
        Evaluate(AllowWhen(condition), "s3:GetObject", "arn:aws:s3:::bucket/key", keys) == PolicyDecision.Allow;

    public static PolicyDecision Evaluate(string json, string action, string resource, params string[] keys) =>
        PolicyDocument.Parse(json).Evaluate(new PolicyRequest { Action = action, Resource = resource, Keys = Keys(keys) });
}
