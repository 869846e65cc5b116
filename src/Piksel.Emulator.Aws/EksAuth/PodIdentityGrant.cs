using Piksel.Emulator.Aws.Eks;
using Piksel.Emulator.Aws.Identity;

namespace Piksel.Emulator.Aws.EksAuth;

/// <summary>What a pod's token bought: its service account, the association that matched, and the role session issued.</summary>
internal sealed record PodIdentityGrant(string Namespace, string ServiceAccount, EksPodIdentityAssociationRecord Association, SessionCredentialRecord Session);
