using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Aws.Eks.Volumes;

/// <summary>A StorageClass parameter the driver does not know, or a value it cannot use: CreateVolume's InvalidArgument.</summary>
internal sealed class InvalidVolumeParameterException(string message) : Exception(message);

/// <summary>
/// The CreateVolume a claim turns into, as the EBS CSI driver builds it: size rounded up to whole GiB, the class's
/// <c>type</c>, <c>iops</c>, <c>throughput</c>, <c>encrypted</c> and <c>kmsKeyId</c>, the zone of the node the scheduler
/// chose, and the tags the driver always sets plus the class's <c>tagSpecification_N</c> (<c>key=value</c>).
/// </summary>
internal sealed record EbsVolumeRequest(string VolumeName, string Zone, int SizeGiB, string FsType, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The tag every volume of the driver carries, on which its policy's CreateVolume and DeleteVolume conditions rest.</summary>
    public const string ClusterTag = "ebs.csi.aws.com/cluster";

    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "type", "iopspergb", "iops", "throughput", "encrypted", "kmskeyid", "csi.storage.k8s.io/fstype", "fstype", "blockexpress", "allowautoiopspergbincrease",
    };

    /// <summary>
    /// Reads the class's parameters (<paramref name="parameters"/>) for a claim of <paramref name="requestBytes"/> bytes, refusing
    /// a key the driver does not know with its message.
    /// </summary>
    public static EbsVolumeRequest For(string volumeName, string zone, decimal requestBytes, JsonObject? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in parameters ?? [])
        {
            var text = value?.GetValue<string>() ?? "";
            // The provisioner passes its own csi.storage.k8s.io/* keys (secrets); the driver ignores them.
            if (!Known.Contains(key) && !key.StartsWith("tagSpecification_", StringComparison.OrdinalIgnoreCase)
                && !key.StartsWith("csi.storage.k8s.io/", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidVolumeParameterException($"Invalid parameter key {key} for CreateVolume");
            }

            values[key] = text;
        }
        const decimal GiB = 1024m * 1024 * 1024;
        var size = (int)Math.Max(1, Math.Ceiling(requestBytes / GiB));
        var fsType = values.GetValueOrDefault("csi.storage.k8s.io/fstype") ?? values.GetValueOrDefault("fstype") ?? "ext4";
        return new EbsVolumeRequest(volumeName, zone, size, fsType, values);
    }

    /// <summary>The volume's type (gp3 when the class names none, as the driver defaults).</summary>
    public string VolumeType => Parameters.GetValueOrDefault("type") is { Length: > 0 } t ? t.ToLowerInvariant() : "gp3";

    /// <summary>The tags the driver sets on the volume, then the class's extra ones.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags(string claimNamespace, string claimName)
    {
        var tags = new List<KeyValuePair<string, string>>
        {
            new("CSIVolumeName", VolumeName),
            new(ClusterTag, "true"),
            new("kubernetes.io/created-for/pvc/name", claimName),
            new("kubernetes.io/created-for/pvc/namespace", claimNamespace),
            new("kubernetes.io/created-for/pv/name", VolumeName),
        };
        foreach (var (key, value) in Parameters.Where(p => p.Key.StartsWith("tagSpecification_", StringComparison.OrdinalIgnoreCase)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new InvalidVolumeParameterException($"Invalid tag specification: {value}");
            tags.Add(new(value[..equals], value[(equals + 1)..]));
        }
        return tags;
    }

    /// <summary>The query parameters of CreateVolume, tagged as <see cref="Tags"/> says, with an idempotency token from the volume's name.</summary>
    public Dictionary<string, string> Query(string claimNamespace, string claimName)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["AvailabilityZone"] = Zone,
            ["Size"] = SizeGiB.ToString(CultureInfo.InvariantCulture),
            ["VolumeType"] = VolumeType,
            // The driver derives the token from the volume's name, so a retried CreateVolume finds the volume made before.
            ["ClientToken"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(VolumeName)))[..32],
            ["TagSpecification.1.ResourceType"] = "volume",
        };
        if (Parameters.GetValueOrDefault("iops") is { Length: > 0 } iops) query["Iops"] = iops;
        if (Parameters.GetValueOrDefault("iopsPerGB") is { Length: > 0 } perGb && int.TryParse(perGb, CultureInfo.InvariantCulture, out var per))
            query["Iops"] = (per * SizeGiB).ToString(CultureInfo.InvariantCulture);
        if (Parameters.GetValueOrDefault("throughput") is { Length: > 0 } throughput) query["Throughput"] = throughput;
        if (string.Equals(Parameters.GetValueOrDefault("encrypted"), "true", StringComparison.OrdinalIgnoreCase))
        {
            query["Encrypted"] = "true";
            if (Parameters.GetValueOrDefault("kmsKeyId") is { Length: > 0 } key) query["KmsKeyId"] = key;
        }
        var n = 1;
        foreach (var (key, value) in Tags(claimNamespace, claimName))
        {
            query[$"TagSpecification.1.Tag.{n}.Key"] = key;
            query[$"TagSpecification.1.Tag.{n}.Value"] = value;
            n++;
        }
        return query;
    }
}
