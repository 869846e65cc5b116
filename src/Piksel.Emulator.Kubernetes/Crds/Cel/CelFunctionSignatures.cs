namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// The functions a rule may call, with their argument counts and result types: CEL's standard library in the part CRDs
/// use, plus the Kubernetes regex, strings and lists extensions (find, findAll, split, lowerAscii, join, isSorted, …).
/// </summary>
internal static class CelFunctionSignatures
{
    private sealed record Signature(CelKind? Receiver, int MinArgs, int MaxArgs, Func<CelType, CelType> Result);

    private static readonly Dictionary<string, Signature> Global = new(StringComparer.Ordinal)
    {
        ["size"] = new(null, 1, 1, _ => CelType.Int),
        ["int"] = new(null, 1, 1, _ => CelType.Int),
        ["uint"] = new(null, 1, 1, _ => CelType.Uint),
        ["double"] = new(null, 1, 1, _ => CelType.Double),
        ["string"] = new(null, 1, 1, _ => CelType.String),
        ["bool"] = new(null, 1, 1, _ => CelType.Bool),
        ["bytes"] = new(null, 1, 1, _ => CelType.Bytes),
        ["dyn"] = new(null, 1, 1, _ => CelType.Dyn),
        ["matches"] = new(null, 2, 2, _ => CelType.Bool),
    };

    private static readonly Dictionary<string, Signature> Receiver = new(StringComparer.Ordinal)
    {
        ["size"] = new(null, 0, 0, _ => CelType.Int),
        ["startsWith"] = new(CelKind.String, 1, 1, _ => CelType.Bool),
        ["endsWith"] = new(CelKind.String, 1, 1, _ => CelType.Bool),
        ["contains"] = new(CelKind.String, 1, 1, _ => CelType.Bool),
        ["matches"] = new(CelKind.String, 1, 1, _ => CelType.Bool),
        ["find"] = new(CelKind.String, 1, 1, _ => CelType.String),
        ["findAll"] = new(CelKind.String, 1, 2, _ => new CelType(CelKind.List, CelType.String)),
        ["split"] = new(CelKind.String, 1, 2, _ => new CelType(CelKind.List, CelType.String)),
        ["lowerAscii"] = new(CelKind.String, 0, 0, _ => CelType.String),
        ["upperAscii"] = new(CelKind.String, 0, 0, _ => CelType.String),
        ["trim"] = new(CelKind.String, 0, 0, _ => CelType.String),
        ["replace"] = new(CelKind.String, 2, 3, _ => CelType.String),
        ["substring"] = new(CelKind.String, 1, 2, _ => CelType.String),
        ["charAt"] = new(CelKind.String, 1, 1, _ => CelType.String),
        ["indexOf"] = new(CelKind.String, 1, 2, _ => CelType.Int),
        ["lastIndexOf"] = new(CelKind.String, 1, 2, _ => CelType.Int),
        ["join"] = new(CelKind.List, 0, 1, _ => CelType.String),
        ["isSorted"] = new(CelKind.List, 0, 0, _ => CelType.Bool),
        ["sum"] = new(CelKind.List, 0, 0, t => t.Element ?? CelType.Dyn),
        ["min"] = new(CelKind.List, 0, 0, t => t.Element ?? CelType.Dyn),
        ["max"] = new(CelKind.List, 0, 0, t => t.Element ?? CelType.Dyn),
    };

    /// <summary>
    /// The result type of calling <paramref name="function"/> (on <paramref name="receiver"/> when not null) with
    /// <paramref name="args"/>; null with <paramref name="error"/> set when there is no such function or overload.
    /// </summary>
    public static CelType? Resolve(string function, CelType? receiver, IReadOnlyList<CelType> args, out string? error)
    {
        error = null;
        var table = receiver is null ? Global : Receiver;
        if (!table.TryGetValue(function, out var signature))
        {
            error = receiver is null || Global.ContainsKey(function) || !Receiver.ContainsKey(function)
                ? $"undeclared reference to '{function}' (in container '')"
                : null;
            error ??= $"found no matching overload for '{function}' applied to '{Describe(receiver, args)}'";
            return null;
        }

        var receiverFits = signature.Receiver is null || receiver is null || receiver.Kind == CelKind.Dyn || receiver.Kind == signature.Receiver;
        if (function == "size" && receiver is { Kind: not (CelKind.Dyn or CelKind.String or CelKind.Bytes or CelKind.List or CelKind.Map) })
        {
            receiverFits = false;
        }

        if (!receiverFits || args.Count < signature.MinArgs || args.Count > signature.MaxArgs)
        {
            error = $"found no matching overload for '{function}' applied to '{Describe(receiver, args)}'";
            return null;
        }

        return signature.Result(receiver ?? (args.Count > 0 ? args[0] : CelType.Dyn));
    }

    private static string Describe(CelType? receiver, IReadOnlyList<CelType> args) =>
        (receiver is null ? "" : receiver + ".") + "(" + string.Join(", ", args) + ")";
}
