namespace Piksel.Platform.Aws.Logs;

/// <summary>GetLogEvents' answer with the tokens to read on forward or backward.</summary>
public sealed record LogEventPage(IReadOnlyList<OutputLogEvent> Events, string? NextForwardToken, string? NextBackwardToken);
