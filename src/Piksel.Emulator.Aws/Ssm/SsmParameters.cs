using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Ssm;

/// <summary>
/// Where parameters come from: the account's own (a durable table) and AWS's public ones under <c>/aws/service/</c>
/// (the EKS-optimized AMI ids of <see cref="EksOptimizedAmis"/>), read-only and the same for every account.
/// </summary>
internal sealed class SsmParameters(StateStore store)
{
    /// <summary>When the pinned AMI release was published, as the public parameters' LastModifiedDate.</summary>
    private static readonly DateTimeOffset Published = new(2025, 11, 12, 0, 0, 0, TimeSpan.Zero);

    public Table<SsmParameterRecord> Own { get; } = store.Table<SsmParameterRecord>("ssm.parameters");

    public static string Row(string account, string region, string name) => $"{account}/{region}/{name}";

    public static bool IsPublic(string name) => name.StartsWith("/aws/", StringComparison.Ordinal);

    /// <summary>A parameter's ARN: the account's own, or AWS's (no account) for public ones.</summary>
    public static string ArnOf(AwsRequestContext context, string name) =>
        $"arn:aws:ssm:{context.Region}:{(IsPublic(name) ? "" : context.AccountId)}:parameter/{name.TrimStart('/')}";

    /// <summary>A name as given or as an ARN.</summary>
    public static string NameOf(string nameOrArn)
    {
        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal)) return nameOrArn;
        var at = nameOrArn.IndexOf(":parameter", StringComparison.Ordinal);
        if (at < 0) throw SsmErrors.Validation($"Invalid parameter ARN {nameOrArn}.");
        var name = nameOrArn[(at + ":parameter".Length)..];
        return name.StartsWith('/') && name.Count(c => c == '/') > 1 ? name : name.TrimStart('/');
    }

    /// <summary>Every public parameter: the recommended and release-named image id of each EKS-optimized AMI.</summary>
    public static IEnumerable<(string Name, string Value)> Public() =>
        EksOptimizedAmis.All.SelectMany(a => new[] { (a.RecommendedParameter, a.ImageId), (a.ReleaseParameter, a.ImageId) });

    /// <summary>The parameter <paramref name="name"/> as GetParameter answers it (SecureString decrypted only when asked), or null.</summary>
    public JsonObject? Describe(AwsRequestContext context, string name, bool decrypt)
    {
        if (IsPublic(name))
        {
            var value = Public().Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();
            return value is null ? null : Answer(context, name, "String", value, 1, Published, "aws:ec2:image");
        }
        if (Own.Find(Row(context.AccountId, context.Region, name)) is not { } own) return null;
        var shown = own.Type == "SecureString" && !decrypt ? Opaque(own) : own.Value;
        return Answer(context, name, own.Type, shown, own.Version, own.LastModified, own.DataType);
    }

    /// <summary>Names of the parameters under <paramref name="path"/> (one level, or all with <paramref name="recursive"/>), in name order.</summary>
    public IEnumerable<string> Under(AwsRequestContext context, string path, bool recursive)
    {
        var prefix = path.EndsWith('/') ? path : path + "/";
        var names = IsPublic(prefix)
            ? Public().Select(p => p.Name)
            : Own.Values.Where(p => p.Account == context.AccountId && p.Region == context.Region).Select(p => p.Name);
        return names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && (recursive || !n[prefix.Length..].Contains('/')))
            .Distinct().Order(StringComparer.Ordinal);
    }

    private static JsonObject Answer(AwsRequestContext context, string name, string type, string value, long version, DateTimeOffset modified, string dataType) => new()
    {
        ["Name"] = name,
        ["Type"] = type,
        ["Value"] = value,
        ["Version"] = version,
        ["LastModifiedDate"] = modified.ToUnixTimeMilliseconds() / 1000.0,
        ["ARN"] = ArnOf(context, name),
        ["DataType"] = dataType,
    };

    /// <summary>
    /// What a SecureString reads as without decryption: an opaque token standing for its ciphertext, different for each
    /// version and revealing nothing of the value.
    /// </summary>
    private static string Opaque(SsmParameterRecord parameter) =>
        Convert.ToBase64String(HMACSHA256.HashData(OpaqueKey, Encoding.UTF8.GetBytes($"{parameter.Account}/{parameter.Region}/{parameter.Name}#{parameter.Version}|{parameter.Value}")));

    // Keyed per process, so the token cannot be matched against guessed values.
    private static readonly byte[] OpaqueKey = RandomNumberGenerator.GetBytes(32);
}
