using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Crds;

/// <summary>
/// One served version of a CustomResourceDefinition as the server needs it: the structural schema with its compiled
/// rules, the list kind, printer columns, scale paths, the deprecation warning and whether the CRD is going away.
/// Made when the CRD is Established and replaced whole when it changes; never mutated.
/// </summary>
public sealed record CustomResource
{
    /// <summary>The CRD's name (<c>widgets.example.com</c>).</summary>
    public required string DefinitionName { get; init; }

    /// <summary>The version objects are stored in (apiVersion is rewritten to it on write, to the requested one on read).</summary>
    public required string StorageVersion { get; init; }

    /// <summary>The list kind (<c>spec.names.listKind</c>).</summary>
    public required string ListKind { get; init; }

    /// <summary>This version's <c>openAPIV3Schema</c>; null when it has none (everything kept).</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>True when <see cref="Schema"/> declares defaults anywhere: reads through this version are then defaulted.</summary>
    public bool HasDefaults { get; init; }

    /// <summary>The compiled <c>x-kubernetes-validations</c> of <see cref="Schema"/>, by the schema node that carries them.</summary>
    public CompiledRules Rules { get; init; } = CompiledRules.None;

    /// <summary><c>additionalPrinterColumns</c>; empty means Name and Age.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>The scale subresource's paths, when the version has one.</summary>
    public ScalePaths? Scale { get; init; }

    /// <summary>The Warning sent on every request to a deprecated version, or null.</summary>
    public string? DeprecationWarning { get; init; }

    /// <summary>True while the CRD is being deleted: its objects go, and creates are refused.</summary>
    public bool Terminating { get; init; }

    /// <summary>Changes whenever the CRD does (its uid and generation), so cached documents built from it are rebuilt.</summary>
    public required string Fingerprint { get; init; }
}

/// <summary>One <c>additionalPrinterColumns</c> entry.</summary>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, string JsonPath);

/// <summary>The scale subresource's JSON paths (<c>.spec.replicas</c>…); the selector path is optional.</summary>
public sealed record ScalePaths(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath);
