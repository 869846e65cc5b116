namespace Piksel.Platform.Settings;

/// <summary>One member of an object field (a manual secret), with where it came from.</summary>
/// <param name="Name">The member's name as written.</param>
/// <param name="Value">Its value.</param>
/// <param name="Source">The override it came from; null for the environment file.</param>
/// <param name="OnCommandLine">True when it came from <c>--set</c>.</param>
internal sealed record SettingEntry(string Name, string Value, string? Source, bool OnCommandLine);
