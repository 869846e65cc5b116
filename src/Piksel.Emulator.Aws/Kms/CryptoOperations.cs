using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Kms.KmsParameters;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// Cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext), GenerateRandom. The
/// encryption context is a condition key (<c>kms:EncryptionContext:*</c>) of the authorization.
/// </summary>
internal sealed class CryptoOperations(KmsKeys keys) : IOperationGroup
{
    private const string Algorithm = "SYMMETRIC_DEFAULT";

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("Encrypt", "kms:Encrypt", Encrypt)
        .Add("Decrypt", "kms:Decrypt", Decrypt)
        // AWS has no kms:ReEncrypt: the source key must allow kms:ReEncryptFrom, the destination kms:ReEncryptTo.
        .Add("ReEncrypt", "kms:ReEncryptFrom", ReEncrypt)
        .Add("GenerateDataKey", "kms:GenerateDataKey", c => GenerateDataKey(c, withPlaintext: true))
        .Add("GenerateDataKeyWithoutPlaintext", "kms:GenerateDataKeyWithoutPlaintext", c => GenerateDataKey(c, withPlaintext: false))
        .Add("GenerateRandom", "kms:GenerateRandom", GenerateRandom);

    private OperationCall Encrypt(AwsRequestContext context)
    {
        var body = Body(context);
        var plaintext = Blob(body, "Plaintext", 4096);
        var encryptionContext = EncryptionContext(body, "EncryptionContext");
        CheckAlgorithm(body);
        return OnKey(keys, context, body, key =>
        {
            KmsKeys.EnsureUsable(key);
            return new JsonObject
            {
                ["CiphertextBlob"] = Convert.ToBase64String(KmsCiphertext.Seal(key, plaintext, encryptionContext)),
                ["KeyId"] = key.Arn,
                ["EncryptionAlgorithm"] = Algorithm,
            };
        }, encryptionContext);
    }

    // The blob names its key; a KeyId the request gives must name the same one.
    private OperationCall Decrypt(AwsRequestContext context)
    {
        var body = Body(context);
        var blob = Blob(body, "CiphertextBlob", 6144);
        CheckAlgorithm(body);
        var encryptionContext = EncryptionContext(body, "EncryptionContext");
        var key = keys.KeyOfCiphertext(context, blob, body.OptionalString("KeyId"));
        return Answer(context, KmsKeys.AccessTo(context, key, encryptionContext), () => new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["Plaintext"] = Convert.ToBase64String(KmsKeys.Open(key, blob, encryptionContext)),
            ["EncryptionAlgorithm"] = Algorithm,
        });
    }

    private OperationCall ReEncrypt(AwsRequestContext context)
    {
        var body = Body(context);
        var blob = Blob(body, "CiphertextBlob", 6144);
        var sourceContext = EncryptionContext(body, "SourceEncryptionContext");
        var source = keys.KeyOfCiphertext(context, blob, body.OptionalString("SourceKeyId"));
        return Answer(context, KmsKeys.AccessTo(context, source, sourceContext), () =>
        {
            var plaintext = KmsKeys.Open(source, blob, sourceContext);
            var destinationContext = EncryptionContext(body, "DestinationEncryptionContext");
            var destination = keys.Resolve(context, body.RequiredString("DestinationKeyId"));
            // kms:ReEncryptTo is checked on the destination only once the source has opened, so a bad source is reported first.
            KmsKeys.Authorize(context, destination, "kms:ReEncryptTo", destinationContext);
            KmsKeys.EnsureUsable(destination);
            return new JsonObject
            {
                ["CiphertextBlob"] = Convert.ToBase64String(KmsCiphertext.Seal(destination, plaintext, destinationContext)),
                ["SourceKeyId"] = source.Arn,
                ["KeyId"] = destination.Arn,
                ["SourceEncryptionAlgorithm"] = Algorithm,
                ["DestinationEncryptionAlgorithm"] = Algorithm,
            };
        });
    }

    private OperationCall GenerateDataKey(AwsRequestContext context, bool withPlaintext)
    {
        var body = Body(context);
        var spec = body.OptionalString("KeySpec");
        var count = body.OptionalLong("NumberOfBytes");
        if ((spec is null) == (count is null)) throw KmsErrors.Validation("Please specify either number of bytes or key spec.");
        var length = spec switch
        {
            null => CheckedCount(count!.Value),
            "AES_256" => 32,
            "AES_128" => 16,
            _ => throw KmsErrors.Constraint(spec, "keySpec", "Member must satisfy enum value set: [AES_256, AES_128]"),
        };
        var encryptionContext = EncryptionContext(body, "EncryptionContext");
        return OnKey(keys, context, body, key =>
        {
            KmsKeys.EnsureUsable(key);
            var dataKey = RandomNumberGenerator.GetBytes(length);
            var answer = new JsonObject
            {
                ["CiphertextBlob"] = Convert.ToBase64String(KmsCiphertext.Seal(key, dataKey, encryptionContext)),
                ["KeyId"] = key.Arn,
            };
            if (withPlaintext) answer["Plaintext"] = Convert.ToBase64String(dataKey);
            return answer;
        }, encryptionContext);
    }

    private static OperationCall GenerateRandom(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var count = body.OptionalLong("NumberOfBytes") ?? throw KmsErrors.Validation("Please specify the number of bytes.");
            return new JsonObject { ["Plaintext"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(CheckedCount(count))) };
        });
    }

    private static int CheckedCount(long count) => count is >= 1 and <= 1024
        ? (int)count
        : throw KmsErrors.Constraint(count.ToString(CultureInfo.InvariantCulture), "numberOfBytes",
            count < 1 ? "Member must have value greater than or equal to 1" : "Member must have value less than or equal to 1024");

    // Sensitive members are never echoed in validation errors, as AWS leaves the value out too.
    private static byte[] Blob(JsonObject body, string name, int maxLength)
    {
        var text = body.RequiredString(name);
        byte[] bytes;
        try { bytes = Convert.FromBase64String(text); }
        catch (FormatException) { throw new AwsServiceException("SerializationException", $"{name} is not valid base64."); }
        var member = char.ToLowerInvariant(name[0]) + name[1..];
        if (bytes.Length == 0) throw KmsErrors.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length greater than or equal to 1");
        if (bytes.Length > maxLength)
            throw KmsErrors.Validation($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length less than or equal to {maxLength.ToString(CultureInfo.InvariantCulture)}");
        return bytes;
    }

    private static Dictionary<string, string>? EncryptionContext(JsonObject body, string name)
    {
        if (body[name] is not JsonObject map) return null;
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map)
            context[k] = v is JsonValue value && value.TryGetValue<string>(out var s) ? s : throw KmsErrors.Validation($"{name} values must be strings.");
        return context;
    }

    private static void CheckAlgorithm(JsonObject body)
    {
        if (body.OptionalString("EncryptionAlgorithm") is { } algorithm and not Algorithm)
            throw new AwsServiceException("InvalidKeyUsageException", $"The encryption algorithm {algorithm} is not supported by a SYMMETRIC_DEFAULT key.");
    }
}
