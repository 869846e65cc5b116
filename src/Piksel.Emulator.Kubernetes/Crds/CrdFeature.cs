using Piksel.Emulator.Kubernetes.Api;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// CustomResourceDefinitions (apiextensions.k8s.io/v1) and the custom resources they serve: CRD defaulting and
/// validation, custom resource pruning, defaulting and validation, and the controller that establishes and removes kinds.
/// </summary>
public static class CrdFeature
{
    /// <summary>
    /// The rule compiler a server uses unless its builder is given one: CEL in the subset CRDs use (a rule it cannot
    /// compile makes the CRD write fail, 422, rather than being served unchecked).
    /// </summary>
    public static IValidationRuleCompiler? DefaultValidationRuleCompiler { get; } = new Cel.CelRuleCompiler();

    /// <summary>Adds the CRD machinery to <paramref name="builder"/>.</summary>
    public static void Register(KubeApiServerBuilder builder)
    {
        builder.AddAdmission(_ => new DefinitionAdmission(() => builder.ValidationRuleCompiler, mutating: true));
        builder.AddAdmission(c => new CustomResourceDefaulting(c.Catalog));
        builder.AddAdmission(_ => new DefinitionAdmission(() => builder.ValidationRuleCompiler, mutating: false));
        builder.AddAdmission(c => new CustomResourceValidation(c.Catalog));
        builder.AddController(ControllerIdentities.ApiServer, c => new DefinitionController(c, () => builder.ValidationRuleCompiler));
    }

    /// <summary>What the CRD of <paramref name="type"/> says now (the catalog's latest), or null for a built-in kind.</summary>
    public static CustomResource? Served(ResourceCatalog catalog, ResourceType type) =>
        type.Custom is null && catalog.Find(type.Group, type.Version, type.Plural) is not { Custom: not null } ? null
            : catalog.Find(type.Group, type.Version, type.Plural)?.Custom ?? type.Custom;
}
