using Piksel.Platform.Spec.Kubernetes;

namespace Piksel.Platform.Definition;

/// <summary>One row of PLATFORM.md's sync table: a Kubernetes Secret and where each of its keys comes from.</summary>
internal sealed record SecretSyncRow(string Namespace, string Name, IReadOnlyList<ExternalSecretKey> Keys);
