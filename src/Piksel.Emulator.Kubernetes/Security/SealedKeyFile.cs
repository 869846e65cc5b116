using System.Security.Cryptography;
using System.Text;

namespace Piksel.Emulator.Kubernetes.Security;

/// <summary>
/// A private key file in a cluster's <c>pki/</c> directory (the CA's, the serving and admin certificates', the
/// service-account signing key), kept owner-only and sealed under the master key in a PEM armour of its own
/// (<c>PIKSEL SEALED PRIVATE KEY</c>): a copy of the directory alone gives no key away. A key file an older version wrote
/// in clear (<c>PRIVATE KEY</c>) still loads, and is rewritten sealed.
/// </summary>
internal static class SealedKeyFile
{
    private const string Label = "PIKSEL SEALED PRIVATE KEY";

    /// <summary>The key's PEM (PKCS#8) from <paramref name="path"/>, opened with <paramref name="masterKey"/>; a key kept in clear is sealed on the way.</summary>
    public static string Read(string path, MasterKey masterKey)
    {
        var text = File.ReadAllText(path);
        if (!PemEncoding.TryFind(text, out var fields))
            throw new InvalidDataException($"The key file {path} holds no PEM block; restore it from a backup or delete the data directory.");
        if (text[fields.Label] is not Label)
        {
            // Written in clear by a version before the master key.
            Write(path, text, masterKey);
            return text;
        }
        var sealedBytes = Convert.FromBase64String(text[fields.Base64Data]);
        return Encoding.UTF8.GetString(masterKey.OpenBytes(sealedBytes, Purpose(path)));
    }

    /// <summary>Writes the key's <paramref name="pem"/> to <paramref name="path"/> sealed, owner-only, replacing any file there at once.</summary>
    public static void Write(string path, string pem, MasterKey masterKey)
    {
        var sealedBytes = masterKey.SealBytes(Encoding.UTF8.GetBytes(pem), Purpose(path));
        PrivateFiles.ReplaceAtomically(path, Encoding.ASCII.GetBytes(new string(PemEncoding.Write(Label, sealedBytes)) + "\n"));
    }

    // Bound to the file's name: a sealed CA key copied over the signing key's file does not open as one.
    private static string Purpose(string path) => "kubernetes/pki/" + Path.GetFileName(path);
}
