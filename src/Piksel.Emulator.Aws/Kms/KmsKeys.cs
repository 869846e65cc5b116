using System.Security.Cryptography;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Kms;

/// <summary>
/// The keys and aliases of KMS and the cryptography under them, shared by the KMS API and the services that
/// encrypt with KMS keys (Secrets Manager). Every use is authorized as the caller's own kms:* request would be.
/// </summary>
public sealed class KmsKeys
{
    private static readonly Lock ManagedKeyGate = new();
    private readonly EmulatorState state;

    /// <summary>The KMS tables of <paramref name="state"/>.</summary>
    public KmsKeys(EmulatorState state)
    {
        this.state = state;
        Keys = state.Store.Table<KmsKeyRecord>("kms.keys");
        Aliases = state.Store.Table<KmsAliasRecord>("kms.aliases");
    }

    /// <summary>Keys by <c>account/region/keyId</c>.</summary>
    internal Table<KmsKeyRecord> Keys { get; }

    /// <summary>Aliases by <c>account/region/alias/name</c>.</summary>
    internal Table<KmsAliasRecord> Aliases { get; }

    internal static string KeyRow(string account, string region, string keyId) => $"{account}/{region}/{keyId}";

    internal static string AliasRow(string account, string region, string aliasName) => $"{account}/{region}/{aliasName}";

    internal static string KeyArn(string account, string region, string keyId) => $"arn:aws:kms:{region}:{account}:key/{keyId}";

    internal static string AliasArn(string account, string region, string aliasName) => $"arn:aws:kms:{region}:{account}:{aliasName}";

    /// <summary>
    /// Finds the key behind a key id, key ARN, alias name or alias ARN, as AWS accepts them; a key whose deletion date
    /// has passed is destroyed here (with its aliases) and reported missing. Throws <c>NotFoundException</c>.
    /// </summary>
    public KmsKeyRecord Resolve(AwsRequestContext context, string identifier)
    {
        string account = context.AccountId, region = context.Region, resource = identifier;
        if (identifier.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn.TryParse(identifier);
            if (arn is null || arn.Service != "kms" || !(arn.Resource.StartsWith("key/", StringComparison.Ordinal) || arn.Resource.StartsWith("alias/", StringComparison.Ordinal)))
                throw KmsErrors.InvalidKeyId(identifier);
            (account, region, resource) = (arn.Account, arn.Region, arn.Resource.StartsWith("key/", StringComparison.Ordinal) ? arn.Resource[4..] : arn.Resource);
        }

        if (resource.StartsWith("alias/", StringComparison.Ordinal))
        {
            if (resource == ManagedAliasName("secretsmanager") && account == context.AccountId)
                return EnsureManagedKey(account, region, "secretsmanager");
            var alias = Aliases.Find(AliasRow(account, region, resource)) ?? throw KmsErrors.AliasNotFound(AliasArn(account, region, resource));
            var target = Live(Keys.Find(KeyRow(account, region, alias.TargetKeyId)));
            return target ?? throw KmsErrors.AliasNotFound(alias.AliasArn);
        }

        if (!Guid.TryParse(resource, out _)) throw KmsErrors.InvalidKeyId(identifier);
        return Live(Keys.Find(KeyRow(account, region, resource))) ?? throw KmsErrors.KeyNotFound(KeyArn(account, region, resource));
    }

    /// <summary>
    /// The live key a key ARN or alias ARN names, or null: for a service that uses a key under its own grant, not a
    /// caller's request (EKS's envelope encryption of a cluster's Secrets).
    /// </summary>
    internal KmsKeyRecord? FindByArn(string arn)
    {
        if (Arn.TryParse(arn) is not { Service: "kms" } parsed) return null;
        if (parsed.Resource.StartsWith("key/", StringComparison.Ordinal)) return Live(Keys.Find(KeyRow(parsed.Account, parsed.Region, parsed.Resource[4..])));
        return Aliases.Find(AliasRow(parsed.Account, parsed.Region, parsed.Resource)) is { } alias
            ? Live(Keys.Find(KeyRow(parsed.Account, parsed.Region, alias.TargetKeyId)))
            : null;
    }

    /// <summary>All live keys of an account and region (expired deletions are destroyed on the way).</summary>
    internal IEnumerable<KmsKeyRecord> KeysOf(string account, string region) =>
        Keys.Values.Where(k => k.Account == account && k.Region == region).Select(Live).OfType<KmsKeyRecord>();

    // AWS deletes a key once its waiting period ends; the emulator does it when the key is next looked at.
    private KmsKeyRecord? Live(KmsKeyRecord? key)
    {
        if (key is null) return null;
        if (key.KeyState != KmsKeyState.PendingDeletion || key.DeletionDate > state.Time.GetUtcNow()) return key;
        Keys.Remove(KeyRow(key.Account, key.Region, key.KeyId));
        foreach (var (row, alias) in Aliases.Items.Where(a => a.Value.Account == key.Account && a.Value.Region == key.Region && a.Value.TargetKeyId == key.KeyId).ToList())
            Aliases.Remove(row);
        return null;
    }

    /// <summary>
    /// The key as a resource: its ARN, its key policy, its account, and the condition keys <c>kms:CallerAccount</c>,
    /// <c>kms:EncryptionContext:*</c> and, when <paramref name="viaService"/> names the service acting for the caller, <c>kms:ViaService</c>.
    /// </summary>
    public static Access AccessTo(AwsRequestContext context, KmsKeyRecord key,
        IReadOnlyDictionary<string, string>? encryptionContext = null, string? viaService = null)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["kms:CallerAccount"] = [context.AccountId],
        };
        if (viaService is not null) keys["kms:ViaService"] = [$"{viaService}.{context.Region}.amazonaws.com"];
        if (encryptionContext is not null)
        {
            foreach (var (k, v) in encryptionContext) keys[$"kms:EncryptionContext:{k}"] = [v];
            keys["kms:EncryptionContextKeys"] = [.. encryptionContext.Keys];
        }
        return new Access(key.Arn)
        {
            ResourcePolicy = new ResourcePolicy(key.Policy, ResourcePolicyKind.KeyPolicy),
            ResourceAccount = key.Account,
            ContextKeys = keys,
        };
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on <paramref name="key"/> against its key policy and the caller's policies,
    /// for checks a request makes beyond its declared action (an alias's target key, a re-encryption's destination, a
    /// service acting for the caller).
    /// </summary>
    public static void Authorize(AwsRequestContext context, KmsKeyRecord key, string action,
        IReadOnlyDictionary<string, string>? encryptionContext = null, string? viaService = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Authorize(new AccessDemand(action, AccessTo(context, key, encryptionContext, viaService)));
    }

    /// <summary>Applies <paramref name="change"/> to the key as stored now, atomically with other writers of the key.</summary>
    internal KmsKeyRecord Change(KmsKeyRecord key, Func<KmsKeyRecord, KmsKeyRecord> change) =>
        Keys.Update(KeyRow(key.Account, key.Region, key.KeyId), current => change(current ?? key))!;

    internal KmsKeyRecord Save(KmsKeyRecord key)
    {
        Keys.Put(KeyRow(key.Account, key.Region, key.KeyId), key);
        return key;
    }

    /// <summary>Throws AWS's error when <paramref name="key"/> cannot be used for cryptography now.</summary>
    public static void EnsureUsable(KmsKeyRecord key)
    {
        if (key.KeyState == KmsKeyState.PendingDeletion) throw KmsErrors.PendingDeletion(key.Arn);
        if (key.KeyState == KmsKeyState.Disabled) throw KmsErrors.Disabled(key.Arn);
    }

    /// <summary>
    /// Encrypts for a service acting for the caller (Secrets Manager): resolves the key, authorizes
    /// <paramref name="action"/> (<c>kms:Encrypt</c>, or <c>kms:GenerateDataKey</c> as Secrets Manager asks for) with
    /// <c>kms:ViaService</c>, and returns the key and the ciphertext blob.
    /// </summary>
    public (KmsKeyRecord Key, byte[] Ciphertext) EncryptForService(AwsRequestContext context, string keyIdOrArnOrAlias, ReadOnlySpan<byte> plaintext,
        IReadOnlyDictionary<string, string> encryptionContext, string viaService, string action = "kms:Encrypt")
    {
        var key = Resolve(context, keyIdOrArnOrAlias);
        Authorize(context, key, action, encryptionContext, viaService);
        EnsureUsable(key);
        return (key, KmsCiphertext.Seal(key, plaintext, encryptionContext));
    }

    /// <summary>Decrypts for a service acting for the caller, authorized as the caller's own <c>kms:Decrypt</c> with <c>kms:ViaService</c>.</summary>
    public byte[] DecryptForService(AwsRequestContext context, ReadOnlySpan<byte> ciphertext, IReadOnlyDictionary<string, string> encryptionContext, string viaService) =>
        Decrypt(context, ciphertext, encryptionContext, null, viaService).Plaintext;

    /// <summary>Decrypt as KMS does it: the blob names its key; a given <paramref name="keyId"/> must name the same key.</summary>
    internal (KmsKeyRecord Key, byte[] Plaintext) Decrypt(AwsRequestContext context, ReadOnlySpan<byte> ciphertext,
        IReadOnlyDictionary<string, string>? encryptionContext, string? keyId, string? viaService, string action = "kms:Decrypt")
    {
        var key = KeyOfCiphertext(context, ciphertext, keyId);
        Authorize(context, key, action, encryptionContext, viaService);
        return (key, Open(key, ciphertext, encryptionContext));
    }

    /// <summary>
    /// The key a ciphertext blob was made under (InvalidCiphertextException when the blob names none that lives);
    /// a given <paramref name="keyId"/> must resolve to the same key (IncorrectKeyException).
    /// </summary>
    internal KmsKeyRecord KeyOfCiphertext(AwsRequestContext context, ReadOnlySpan<byte> ciphertext, string? keyId)
    {
        var keyArn = KmsCiphertext.KeyArnOf(ciphertext) ?? throw KmsErrors.InvalidCiphertext();
        var parsed = Arn.TryParse(keyArn);
        if (parsed is null || !parsed.Resource.StartsWith("key/", StringComparison.Ordinal)) throw KmsErrors.InvalidCiphertext();
        var key = Live(Keys.Find(KeyRow(parsed.Account, parsed.Region, parsed.Resource[4..]))) ?? throw KmsErrors.InvalidCiphertext();
        if (keyId is not null && Resolve(context, keyId).Arn != key.Arn) throw KmsErrors.IncorrectKey();
        return key;
    }

    /// <summary>Opens a blob under its (authorized) key: DisabledException or KMSInvalidStateException when the key is unusable.</summary>
    internal static byte[] Open(KmsKeyRecord key, ReadOnlySpan<byte> ciphertext, IReadOnlyDictionary<string, string>? encryptionContext)
    {
        EnsureUsable(key);
        return KmsCiphertext.Open(key, ciphertext, encryptionContext) ?? throw KmsErrors.InvalidCiphertext();
    }

    /// <summary>
    /// Decrypts without authorization, for a service comparing a value it already holds (idempotent retries);
    /// null when the key is gone or the blob does not open.
    /// </summary>
    internal byte[]? Peek(ReadOnlySpan<byte> ciphertext, IReadOnlyDictionary<string, string> encryptionContext)
    {
        if (Arn.TryParse(KmsCiphertext.KeyArnOf(ciphertext)) is not { } arn || !arn.Resource.StartsWith("key/", StringComparison.Ordinal)) return null;
        return Keys.Find(KeyRow(arn.Account, arn.Region, arn.Resource[4..])) is { } key ? KmsCiphertext.Open(key, ciphertext, encryptionContext) : null;
    }

    /// <summary>Fresh AES-256 key material.</summary>
    internal static string NewMaterial() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>AWS's default key policy: the account root (and so IAM policies) may do anything with the key.</summary>
    internal static string DefaultPolicy(string account) =>
        $$"""{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{account}}:root"},"Action":"kms:*","Resource":"*"}]}""";

    internal static string ManagedAliasName(string service) => $"alias/aws/{service}";

    /// <summary>
    /// The AWS managed key of <paramref name="service"/> in an account and region (<c>alias/aws/secretsmanager</c>),
    /// created on first use as AWS does. Its policy lets the account's principals use it only through that service.
    /// </summary>
    public KmsKeyRecord EnsureManagedKey(string account, string region, string service)
    {
        var aliasName = ManagedAliasName(service);
        var row = AliasRow(account, region, aliasName);
        lock (ManagedKeyGate)
        {
            if (Aliases.Find(row) is { } existing && Keys.Find(KeyRow(account, region, existing.TargetKeyId)) is { } key) return key;
            var now = state.Time.GetUtcNow();
            var keyId = Guid.NewGuid().ToString();
            var created = new KmsKeyRecord
            {
                KeyId = keyId,
                Account = account,
                Region = region,
                Arn = KeyArn(account, region, keyId),
                Description = $"Default key that protects my {ManagedKeyPolicy.ServiceTitle(service)} data when no other key is defined",
                KeyManager = "AWS",
                CreationDate = now,
                Policy = ManagedKeyPolicy.For(account, region, service),
                Material = NewMaterial(),
            };
            Keys.Put(KeyRow(account, region, keyId), created);
            Aliases.Put(row, new KmsAliasRecord
            {
                AliasName = aliasName,
                Account = account,
                Region = region,
                AliasArn = AliasArn(account, region, aliasName),
                TargetKeyId = keyId,
                CreationDate = now,
                LastUpdatedDate = now,
            });
            return created;
        }
    }
}
