using System.Security.Cryptography;
using System.Text;

namespace Piksel.Shared;

/// <summary>
/// The per-installation master key: 32 random bytes in one owner-only file kept apart from every state directory
/// (by default <c>$XDG_DATA_HOME/piksel/master.key</c>, i.e. <c>~/.local/share/piksel/master.key</c>; the environment
/// variable <c>PIKSEL_MASTER_KEY_FILE</c> or an emulator option names another). Key material at rest — KMS keys,
/// a cluster's CA and signing keys, access keys — is sealed under it with AES-256-GCM, so a copy of a state directory
/// alone gives nothing away. Each state directory remembers the fingerprint of the key that sealed it, so a lost or
/// different key is refused at start with the file named, rather than opening to garbage.
/// </summary>
/// <remarks>One source file compiled into both emulators, which share the key without referencing each other.</remarks>
internal sealed class MasterKey
{
    /// <summary>The environment variable that names the key file.</summary>
    public const string EnvironmentVariable = "PIKSEL_MASTER_KEY_FILE";

    private const string FileHeader = "piksel-master-key-v1:";
    private const string SealedPrefix = "pksealed1:";
    private const string FingerprintFile = "master-key.fingerprint";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] key;

    private MasterKey(string path, byte[] key)
    {
        Path = path;
        this.key = key;
        Fingerprint = Convert.ToHexStringLower(HMACSHA256.HashData(key, "piksel master key fingerprint"u8)[..8]);
    }

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>A short public name of the key (an HMAC of a fixed text under it): it tells keys apart and reveals nothing of them.</summary>
    public string Fingerprint { get; }

    /// <summary><c>PIKSEL_MASTER_KEY_FILE</c> when set, else <c>piksel/master.key</c> under the user's data directory.</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured) return System.IO.Path.GetFullPath(configured);
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return System.IO.Path.Combine(data, "piksel", "master.key");
    }

    /// <summary>
    /// The master key for the state in <paramref name="stateDirectory"/>: the key in <paramref name="keyFile"/> (the
    /// default path when null), made on first use. Throws <see cref="MasterKeyException"/> when the state was sealed by a
    /// key that file no longer holds.
    /// </summary>
    public static MasterKey ForState(string? keyFile, string stateDirectory)
    {
        var path = System.IO.Path.GetFullPath(keyFile ?? DefaultPath());
        var state = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(stateDirectory)) + System.IO.Path.DirectorySeparatorChar;
        if (path.StartsWith(state, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The master key file {path} lies inside the state directory {stateDirectory}: a key kept beside the state it seals protects nothing. Keep it elsewhere (the default is under the user's data directory).");
        }
        var fingerprintPath = System.IO.Path.Combine(stateDirectory, FingerprintFile);
        var expected = File.Exists(fingerprintPath) ? File.ReadAllText(fingerprintPath).Trim() : null;
        if (!File.Exists(path))
        {
            if (expected is not null)
            {
                throw new MasterKeyException(
                    $"The state in {stateDirectory} is sealed with master key {expected}, but the master key file {path} does not exist. " +
                    $"Restore that file (or point {EnvironmentVariable} at it); without it the state's keys cannot be opened. To start afresh instead, delete {stateDirectory}.");
            }
            Create(path);
        }

        var master = Read(path);
        if (expected is null)
        {
            PrivateFiles.ReplaceAtomically(fingerprintPath, Encoding.ASCII.GetBytes(master.Fingerprint + "\n"));
        }
        else if (expected != master.Fingerprint)
        {
            throw new MasterKeyException(
                $"The master key in {path} (fingerprint {master.Fingerprint}) is not the one that sealed the state in {stateDirectory} (fingerprint {expected}). " +
                $"Restore the original key file (or point {EnvironmentVariable} at it); to start afresh instead, delete {stateDirectory}.");
        }
        return master;
    }

    /// <summary>True when <paramref name="text"/> is a value <see cref="Seal"/> made.</summary>
    public static bool IsSealed(string text) => text.StartsWith(SealedPrefix, StringComparison.Ordinal);

    /// <summary>Seals <paramref name="plaintext"/> for <paramref name="purpose"/> (bound as associated data: a value moved to another purpose does not open).</summary>
    public string Seal(ReadOnlySpan<byte> plaintext, string purpose) => SealedPrefix + Convert.ToBase64String(SealBytes(plaintext, purpose));

    /// <summary>Opens a value <see cref="Seal"/> made for <paramref name="purpose"/>; <see cref="MasterKeyException"/> when this key did not seal it.</summary>
    public byte[] Open(string sealedText, string purpose)
    {
        if (!IsSealed(sealedText)) throw new MasterKeyException($"A value sealed under a master key was expected for {purpose}.");
        byte[] blob;
        try { blob = Convert.FromBase64String(sealedText[SealedPrefix.Length..]); }
        catch (FormatException) { throw new MasterKeyException($"The sealed value for {purpose} is damaged."); }
        return OpenBytes(blob, purpose);
    }

    /// <summary><c>nonce | ciphertext | tag</c> of <paramref name="plaintext"/>, AES-256-GCM with <paramref name="purpose"/> as associated data.</summary>
    public byte[] SealBytes(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var blob = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = blob.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key, TagSize);
        gcm.Encrypt(nonce, plaintext, blob.AsSpan(NonceSize, plaintext.Length), blob.AsSpan(NonceSize + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return blob;
    }

    /// <summary>Opens what <see cref="SealBytes"/> made; <see cref="MasterKeyException"/> naming the key file when it does not open.</summary>
    public byte[] OpenBytes(ReadOnlySpan<byte> blob, string purpose)
    {
        if (blob.Length < NonceSize + TagSize) throw new MasterKeyException($"The sealed value for {purpose} is damaged.");
        var plaintext = new byte[blob.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(key, TagSize);
        try
        {
            gcm.Decrypt(blob[..NonceSize], blob[NonceSize..^TagSize], blob[^TagSize..], plaintext, Encoding.UTF8.GetBytes(purpose));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new MasterKeyException($"The sealed value for {purpose} does not open with the master key in {Path} (fingerprint {Fingerprint}): it was sealed by another key, or damaged.");
        }
    }

    /// <summary>A 256-bit key for <paramref name="purpose"/> derived from the master key (HKDF-SHA256), for keys that need not be stored.</summary>
    public byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, [], Encoding.UTF8.GetBytes(purpose));

    private static MasterKey Read(string path)
    {
        // An older copy may have been made readable by others: the key file is the one file that must never be.
        using var file = PrivateFiles.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new StreamReader(file, Encoding.ASCII);
        var text = reader.ReadToEnd().Trim();
        byte[]? key = null;
        if (text.StartsWith(FileHeader, StringComparison.Ordinal))
        {
            try { key = Convert.FromBase64String(text[FileHeader.Length..]); }
            catch (FormatException) { key = null; }
        }
        if (key is not { Length: 32 })
            throw new MasterKeyException($"The master key file {path} is damaged: it must hold one line '{FileHeader}<32 bytes, base64>'. Restore it from a backup.");
        return new MasterKey(path, key);
    }

    private static void Create(string path)
    {
        PrivateFiles.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var file = PrivateFiles.Open(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(Encoding.ASCII.GetBytes(FileHeader + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
            file.Flush(flushToDisk: true);
        }
        try
        {
            // Without overwrite the move fails when another process made the key first: then that key is the one.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
        }
    }
}
