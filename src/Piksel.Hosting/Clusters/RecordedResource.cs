using System.Text.Json;

namespace Piksel.Hosting.Clusters;

/// <summary>One resource as the harness recorded it in place of EKS: its attributes (the spec record as JSON) and its outputs.</summary>
/// <param name="State">The resource's attributes, as the kind's spec record serializes them.</param>
/// <param name="Outputs">Its outputs (<c>arn</c>, and for a cluster its endpoint, CA, issuer and security group).</param>
public sealed record RecordedResource(JsonElement State, IReadOnlyDictionary<string, string> Outputs);
