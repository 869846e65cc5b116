namespace Piksel.Emulator.Aws.Rds;

/// <summary>One engine parameter RDS lets a parameter group set: its default, allowed values and how a change applies.</summary>
internal sealed record ParameterDefinition(string Name, string Default, string DataType, string AllowedValues, string ApplyType, string Description);

/// <summary>The few PostgreSQL parameters that matter to the platform, with RDS's defaults and apply types.</summary>
internal static class ParameterCatalog
{
    public static IReadOnlyList<ParameterDefinition> All { get; } =
    [
        new("log_min_duration_statement", "-1", "integer", "-1-2147483647", "dynamic", "Sets the minimum execution time above which statements will be logged."),
        new("max_connections", "{DBInstanceClassMemory/9531392}", "integer", "6-8388607", "static", "Sets the maximum number of concurrent connections."),
        new("password_encryption", "scram-sha-256", "string", "md5,scram-sha-256", "dynamic", "Chooses the algorithm for encrypting passwords."),
        new("rds.force_ssl", "1", "boolean", "0,1", "dynamic", "Force SSL connections."),
        new("shared_preload_libraries", "pg_stat_statements", "list", "auto_explain,orafce,pg_cron,pg_hint_plan,pg_partman_bgw,pg_prewarm,pg_similarity,pg_stat_statements,pg_transport,plprofiler,pglogical,pgaudit", "static", "Lists shared libraries to preload into server."),
    ];

    private static readonly Dictionary<string, ParameterDefinition> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The parameter, or InvalidParameterValue naming it when RDS has no such modifiable parameter.</summary>
    public static ParameterDefinition Require(string name) =>
        ByName.GetValueOrDefault(name) ?? throw RdsErrors.InvalidParameterValue($"Could not find parameter with name: {RdsParameters.Printable(name)}");

    /// <summary>Checks <paramref name="value"/> against the parameter's allowed values; InvalidParameterValue otherwise.</summary>
    public static void CheckValue(ParameterDefinition parameter, string value)
    {
        var ok = parameter.DataType switch
        {
            "integer" => long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n >= (parameter.Name == "max_connections" ? 6 : -1) && n <= int.MaxValue,
            "list" => value.Split(',').All(v => parameter.AllowedValues.Split(',').Contains(v.Trim(), StringComparer.Ordinal)),
            _ => parameter.AllowedValues.Split(',').Contains(value, StringComparer.Ordinal),
        };
        if (!ok) throw RdsErrors.InvalidParameterValue($"Value: {RdsParameters.Printable(value)} is outside of range: {parameter.AllowedValues} for parameter: {parameter.Name}");
    }
}
