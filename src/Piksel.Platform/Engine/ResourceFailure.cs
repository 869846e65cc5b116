using Piksel.Platform.Spec;

namespace Piksel.Platform.Engine;

/// <summary>A resource the engine could not read, change or delete, or skipped because a dependency failed.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Message">What went wrong, scrubbed of secret values.</param>
/// <param name="ErrorType">The exception's type name, or null when skipped.</param>
/// <param name="SkippedBecause">The failed dependency, when skipped.</param>
/// <param name="Exception">The original exception, kept only when nothing in it holds a secret value.</param>
public sealed record ResourceFailure(ResourceId Resource, string Message, string? ErrorType, ResourceId? SkippedBecause, Exception? Exception)
{
    /// <inheritdoc />
    public override string ToString() => ErrorType is null ? $"{Resource}: {Message}" : $"{Resource}: {ErrorType}: {Message}";
}
