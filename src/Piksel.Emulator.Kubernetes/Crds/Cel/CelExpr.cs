namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>A node of a parsed CEL expression; <see cref="Offset"/> locates it in the rule for error messages.</summary>
internal abstract record CelExpr(int Offset);

/// <summary>A literal: long, ulong, double, string, byte[], bool or <see cref="CelNull"/>.</summary>
internal sealed record CelLiteral(object Value, int Offset) : CelExpr(Offset);

/// <summary>A bare identifier (self, oldSelf, a macro's variable).</summary>
internal sealed record CelIdent(string Name, int Offset) : CelExpr(Offset);

/// <summary><c>operand.field</c>; <see cref="TestOnly"/> when inside <c>has()</c>.</summary>
internal sealed record CelSelect(CelExpr Operand, string Field, bool TestOnly, int Offset) : CelExpr(Offset);

/// <summary><c>operand[index]</c>.</summary>
internal sealed record CelIndex(CelExpr Operand, CelExpr Index, int Offset) : CelExpr(Offset);

/// <summary>A function call, global (<see cref="Target"/> null) or receiver-style.</summary>
internal sealed record CelCall(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args, int Offset) : CelExpr(Offset);

/// <summary>A unary operator: <c>!</c> or <c>-</c>.</summary>
internal sealed record CelUnary(string Op, CelExpr Operand, int Offset) : CelExpr(Offset);

/// <summary>A binary operator other than <c>&amp;&amp;</c> and <c>||</c> (arithmetic, relations, <c>in</c>).</summary>
internal sealed record CelBinary(string Op, CelExpr Left, CelExpr Right, int Offset) : CelExpr(Offset);

/// <summary><c>&amp;&amp;</c> or <c>||</c>, evaluated with CEL's commutative error absorption.</summary>
internal sealed record CelLogical(bool IsAnd, CelExpr Left, CelExpr Right, int Offset) : CelExpr(Offset);

/// <summary><c>cond ? a : b</c>.</summary>
internal sealed record CelConditional(CelExpr Condition, CelExpr Then, CelExpr Else, int Offset) : CelExpr(Offset);

/// <summary>A list literal.</summary>
internal sealed record CelListLiteral(IReadOnlyList<CelExpr> Items, int Offset) : CelExpr(Offset);

/// <summary>A map literal.</summary>
internal sealed record CelMapLiteral(IReadOnlyList<KeyValuePair<CelExpr, CelExpr>> Entries, int Offset) : CelExpr(Offset);

/// <summary>
/// A comprehension macro over <see cref="Range"/>: all, exists, exists_one, filter, map (with an optional filter
/// <see cref="Predicate"/> before <see cref="Transform"/>).
/// </summary>
internal sealed record CelComprehension(string Macro, CelExpr Range, string Variable, CelExpr? Predicate, CelExpr? Transform, int Offset) : CelExpr(Offset);
