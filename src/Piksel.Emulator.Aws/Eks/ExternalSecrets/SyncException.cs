namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>A sync that cannot finish, with a message fit for the ExternalSecret's status (never a secret value).</summary>
internal sealed class SyncException(string message) : Exception(message);
