namespace Piksel.Emulator.Aws;

/// <summary>An ARN split into its six parts: arn:partition:service:region:account:resource.</summary>
public sealed record Arn(string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>Parses an ARN; null when it is not one.</summary>
    public static Arn? TryParse(string? text)
    {
        if (text is null) return null;
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0) return null;
        return new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
    }

    /// <inheritdoc />
    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{Account}:{Resource}";
}
