namespace Piksel.Emulator.Aws.Eks.SystemLayer;

/// <summary>A Pod Identity association: the service account whose pods get the role's credentials.</summary>
public sealed record PodIdentityAssociationSpec(
    string AssociationId,
    string AssociationArn,
    string Namespace,
    string ServiceAccount,
    string RoleArn);
