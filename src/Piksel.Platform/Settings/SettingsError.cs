namespace Piksel.Platform.Settings;

/// <summary>
/// One invalid field: its name, what is wrong with it (never a secret value) and, when the value overrode the file's, where
/// it came from (<c>PIKSEL__REGION</c>, <c>--set region</c>). Default source: none, the environment file itself.
/// </summary>
public sealed record SettingsError(string Field, string Problem, string? Source = null)
{
    /// <inheritdoc />
    public override string ToString() => Source is null ? $"\"{Field}\" {Problem}" : $"\"{Field}\" (from {Source}) {Problem}";
}
