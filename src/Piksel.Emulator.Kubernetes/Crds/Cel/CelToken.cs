namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>What a CEL token is.</summary>
internal enum CelTokenKind
{
    End,
    Identifier,
    Int,
    Uint,
    Double,
    String,
    Bytes,
    True,
    False,
    Null,
    In,
    Punct,
}

/// <summary>One CEL token: its kind, its text (punctuation) or value (literals), and its offset in the rule.</summary>
internal sealed record CelToken(CelTokenKind Kind, string Text, object? Value, int Offset);
