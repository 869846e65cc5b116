using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Kubelet;

/// <summary>
/// Pod addresses as the node's network hands them out: a Fargate node's one pod and a hostNetwork pod have the node's
/// own address; a node with spec.podCIDR gives addresses from it (after the network and gateway addresses); otherwise,
/// as the VPC CNI does, an address of the node's VPC range (the /16 of its InternalIP, above its first /24, which holds
/// the nodes). Addresses in use are never handed out twice.
/// </summary>
public sealed class PodAddressPool
{
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> next = new(StringComparer.Ordinal);

    /// <summary>Marks an address as used (a pod that already reports it).</summary>
    public void Use(string ip) => used.Add(ip);

    /// <summary>Frees an address.</summary>
    public void Release(string ip) => used.Remove(ip);

    /// <summary>The node's InternalIP (the pods' hostIP), or null.</summary>
    public static string? InternalIp(JsonObject node) =>
        (node["status"]?["addresses"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(a => a["type"]?.GetValue<string>() == "InternalIP")?["address"]?.GetValue<string>();

    /// <summary>An address for <paramref name="pod"/> on <paramref name="node"/>.</summary>
    public string Allocate(JsonObject node, JsonObject pod)
    {
        var hostIp = InternalIp(node) ?? "10.0.0.10";
        var fargate = node["metadata"]?["labels"]?["eks.amazonaws.com/compute-type"]?.GetValue<string>() == "fargate";
        if (fargate || pod["spec"]?["hostNetwork"]?.GetValue<bool>() == true) return hostIp;
        var (name, size, address) = Range(node["spec"]?["podCIDR"]?.GetValue<string>(), hostIp);
        var cursor = next.GetValueOrDefault(name);
        for (uint tries = 0; tries < size; tries++)
        {
            var n = (cursor + tries) % size;
            var ip = address(n);
            if (!used.Add(ip)) continue;
            next[name] = (n + 1) % size;
            return ip;
        }
        throw new InvalidOperationException($"the pod network of node {node["metadata"]?["name"]} is full");
    }

    /// <summary>The range's name, how many addresses it has, and the n-th of them.</summary>
    private static (string Name, uint Size, Func<uint, string> Address) Range(string? podCidr, string hostIp)
    {
        if (podCidr is not null && IPNetwork.TryParse(podCidr, out var network) && network.BaseAddress.AddressFamily == AddressFamily.InterNetwork
            && network.PrefixLength is >= 8 and <= 29)
        {
            var size = (uint)(1L << (32 - network.PrefixLength));
            var first = ToNumber(network.BaseAddress) + 2;
            return (podCidr, size - 3, n => ToAddress(first + n));
        }
        var host = IPAddress.TryParse(hostIp, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork ? ToNumber(parsed) : 0x0A00000Au;
        var b16 = host & 0xFFFF0000u;
        // x.y.1.1 to x.y.254.254: every /24 above the nodes' first one, without its .0 and .255.
        return (ToAddress(b16), 254 * 254, n => ToAddress(b16 + ((1 + n / 254) << 8) + 1 + n % 254));
    }

    private static uint ToNumber(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return ((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3];
    }

    private static string ToAddress(uint n) => $"{n >> 24}.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
}
