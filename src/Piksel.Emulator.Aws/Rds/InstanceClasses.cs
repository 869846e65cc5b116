namespace Piksel.Emulator.Aws.Rds;

/// <summary>The DB instance classes RDS for PostgreSQL offers (burstable t3/t4g; general purpose m5–m7g; memory optimised r5–r7g).</summary>
internal static class InstanceClasses
{
    private static readonly string[] Burstable = ["micro", "small", "medium", "large", "xlarge", "2xlarge"];
    private static readonly string[] Standard = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];

    /// <summary>Every class, e.g. <c>db.t3.micro</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        .. new[] { "t3", "t4g" }.SelectMany(f => Burstable.Select(s => $"db.{f}.{s}")),
        .. new[] { "m5", "m6g", "m6i", "m7g", "r5", "r6g", "r6i", "r7g" }.SelectMany(f => Standard.Select(s => $"db.{f}.{s}")),
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>Checks <paramref name="instanceClass"/>: InvalidParameterValue "Invalid DB Instance class" when RDS has none such.</summary>
    public static string Require(string instanceClass) =>
        Known.Contains(instanceClass) ? instanceClass : throw RdsErrors.InvalidParameterValue($"Invalid DB Instance class: {RdsParameters.Printable(instanceClass)}");
}
