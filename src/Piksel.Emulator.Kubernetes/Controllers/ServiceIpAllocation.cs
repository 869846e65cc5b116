using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Storage;

namespace Piksel.Emulator.Kubernetes.Controllers;

/// <summary>
/// What the Service registry does on create and update: the defaults (type ClusterIP, sessionAffinity None, TCP,
/// targetPort = port, traffic policies), a cluster IP from EKS's service range 172.20.0.0/16 (clusterIP, clusterIPs,
/// ipFamilies, ipFamilyPolicy), node ports from 30000–32767 for NodePort and LoadBalancer, and an immutable cluster IP.
/// </summary>
public sealed class ServiceIpAllocation(ObjectStore store) : IAdmissionPlugin
{
    /// <summary>The service CIDR EKS picks when the VPC is in 10.0.0.0/8.</summary>
    public const string ServiceCidr = "172.20.0.0/16";

    /// <summary>The address of the <c>kubernetes</c> Service (the first of the range).</summary>
    public const string KubernetesServiceIp = "172.20.0.1";

    private readonly Lock gate = new();
    // Handed out but perhaps not stored yet (a concurrent create): kept out of the pool for a minute.
    private readonly Dictionary<string, long> recent = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public bool Mutating => true;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Type != BuiltInResources.Services || request.Subresource is not null) return ValueTask.CompletedTask;
        if (request.Operation == AdmissionOperation.Delete)
        {
            Release(request);
            return ValueTask.CompletedTask;
        }
        var obj = request.Object;
        var spec = obj["spec"] as JsonObject ?? (JsonObject)(obj["spec"] = new JsonObject());
        Default(spec);
        if (request.Operation == AdmissionOperation.Create) obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        var type = spec["type"]!.GetValue<string>();
        if (type == "ExternalName")
        {
            foreach (var f in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy" }) spec.Remove(f);
            return ValueTask.CompletedTask;
        }
        var oldSpec = request.OldObject?["spec"] as JsonObject;
        var oldIp = oldSpec?["type"]?.GetValue<string>() == "ExternalName" ? null : oldSpec?["clusterIP"]?.GetValue<string>();
        var wanted = spec["clusterIP"]?.GetValue<string>() ?? (spec["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        if (string.IsNullOrEmpty(wanted)) wanted = oldIp;
        if (oldIp is not null && wanted != oldIp)
            throw StatusException.Invalid(request.Type, request.Name, ("spec.clusterIPs[0]", "FieldValueInvalid", $"Invalid value: []string{{\"{wanted}\"}}: may not change once set"));
        var ip = wanted is not null && (wanted == "None" || wanted == oldIp) ? wanted : Allocate(request, wanted);
        spec["clusterIP"] = ip;
        spec["clusterIPs"] = new JsonArray(ip);
        spec["ipFamilies"] = new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        if (type is "NodePort" or "LoadBalancer") AllocateNodePorts(spec, oldSpec);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A deleted Service's addresses are no longer held back for a concurrent create: they stay taken while the Service
    /// is stored (finalizers), and are free once it is gone (so the <c>kubernetes</c> Service can be put back at once).
    /// </summary>
    private void Release(AdmissionRequest request)
    {
        if (request.DryRun) return;
        lock (gate)
        {
            foreach (var ip in request.Object["spec"]?["clusterIPs"] as JsonArray ?? [])
                if (ip?.GetValue<string>() is { } address) recent.Remove(address);
        }
    }

    private static void Default(JsonObject spec)
    {
        spec["type"] ??= "ClusterIP";
        spec["sessionAffinity"] ??= "None";
        var type = spec["type"]!.GetValue<string>();
        if (type != "ExternalName") spec["internalTrafficPolicy"] ??= "Cluster";
        if (type is "NodePort" or "LoadBalancer") spec["externalTrafficPolicy"] ??= "Cluster";
        if (type == "LoadBalancer") spec["allocateLoadBalancerNodePorts"] ??= true;
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
        {
            port["protocol"] ??= "TCP";
            if (port["targetPort"] is null || port["targetPort"]!.ToJsonString() is "0" or "\"\"") port["targetPort"] = port["port"]?.DeepClone();
        }
    }

    private string Allocate(AdmissionRequest request, string? wanted)
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            foreach (var stale in recent.Where(r => r.Value < now).Select(r => r.Key).ToList()) recent.Remove(stale);
            var used = store.List(BuiltInResources.Services, null).Items
                .SelectMany(s => s.View["spec"]?["clusterIPs"] as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToHashSet(StringComparer.Ordinal);
            used.UnionWith(recent.Keys);
            if (!string.IsNullOrEmpty(wanted))
            {
                string Fail(string why) => throw StatusException.Invalid(request.Type, request.Name,
                    ("spec.clusterIPs", "FieldValueInvalid", $"Invalid value: []string{{\"{wanted}\"}}: failed to allocate IP {wanted}: {why}"));
                if (!IPAddress.TryParse(wanted, out var address) || !IPNetwork.Parse(ServiceCidr).Contains(address))
                    Fail($"the provided IP ({wanted}) is not in the valid range. The range of valid IPs is {ServiceCidr}");
                if (used.Contains(wanted)) Fail("provided IP is already allocated");
                if (!request.DryRun) recent[wanted] = now + 60_000;
                return wanted;
            }
            for (var tries = 0; tries < 200_000; tries++)
            {
                // Random like the real allocator; .0.1 is the kubernetes Service and .0.10 kube-dns on EKS.
                var n = RandomNumberGenerator.GetInt32(2, 65_535);
                var ip = $"172.20.{n / 256}.{n % 256}";
                if (n % 256 == 0 || n % 256 == 255 || ip == "172.20.0.10" || used.Contains(ip)) continue;
                if (!request.DryRun) recent[ip] = now + 60_000;
                return ip;
            }
            throw new StatusException(HttpStatusCode.InternalServerError, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
        }
    }

    private void AllocateNodePorts(JsonObject spec, JsonObject? oldSpec)
    {
        var used = store.List(BuiltInResources.Services, null).Items
            .SelectMany(s => s.View["spec"]?["ports"] as JsonArray ?? []).Select(p => p?["nodePort"]?.GetValue<int>() ?? 0).ToHashSet();
        var oldPorts = (oldSpec?["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>().Where(p => p["nodePort"] is null))
        {
            var previous = oldPorts.FirstOrDefault(p => p["port"]?.ToJsonString() == port["port"]?.ToJsonString() && p["nodePort"] is not null);
            if (previous is not null) { port["nodePort"] = previous["nodePort"]!.DeepClone(); continue; }
            int candidate;
            do candidate = RandomNumberGenerator.GetInt32(30000, 32768); while (!used.Add(candidate));
            port["nodePort"] = candidate;
        }
    }
}
