using System.Security.Cryptography;

namespace Piksel.Shared;

/// <summary>The master key is missing, different from the one that sealed the state, or damaged. The message names the file.</summary>
internal sealed class MasterKeyException(string message) : CryptographicException(message);
