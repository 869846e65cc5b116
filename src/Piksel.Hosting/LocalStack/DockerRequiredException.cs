namespace Piksel.Hosting.LocalStack;

/// <summary>A provider that runs containers was chosen where no Docker daemon answers; nothing has been made.</summary>
/// <param name="message">One line: what is missing, how to fix it, and the provider that needs nothing.</param>
public sealed class DockerRequiredException(string message) : Exception(message);
