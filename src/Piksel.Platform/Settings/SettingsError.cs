namespace Piksel.Platform.Settings;

/// <summary>One invalid field: its name and what is wrong with it (never a secret value).</summary>
public sealed record SettingsError(string Field, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"\"{Field}\" {Problem}";
}
