namespace Piksel.Platform.Naming;

/// <summary>
/// What AWS or Kubernetes allows for one kind of name. <see cref="Check"/> returns null when a name is allowed, or
/// a sentence saying what is allowed.
/// </summary>
/// <param name="What">The kind of name, e.g. "IAM role name".</param>
/// <param name="Check">The rule.</param>
public sealed record NameRule(string What, Func<string, string?> Check);
