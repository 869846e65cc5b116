namespace Piksel.Hosting.Embedded;

/// <summary>
/// Another process keeps the environment up: its state directory is held, so this process may not start a second
/// provider over it (work through the running one instead, see <see cref="RunningEnvironmentProvider"/>).
/// </summary>
public sealed class EnvironmentInUseException(string message, int? ownerProcessId, Exception inner) : IOException(message, inner)
{
    /// <summary>The holder's process id, when it is known.</summary>
    public int? OwnerProcessId { get; } = ownerProcessId;
}
