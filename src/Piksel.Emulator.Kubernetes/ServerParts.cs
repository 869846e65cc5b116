using Piksel.Emulator.Kubernetes.Admission;
using Piksel.Emulator.Kubernetes.Auth;

namespace Piksel.Emulator.Kubernetes;

/// <summary>The parts a builder made from its factories, before the controllers (which write through them) are made.</summary>
internal sealed record ServerParts(
    IReadOnlyList<IAuthenticator> Authenticators,
    IRequestAuthorizer Authorizer,
    AdmissionChain Admission,
    IReadOnlyDictionary<string, NonResourcePath> NonResourcePaths,
    IReadOnlyDictionary<string, ResourceHandler> Subresources,
    IReadOnlyDictionary<string, ResourceHandler> VirtualResources);
