namespace Piksel.AppHost;

/// <summary>Production is changed only on purpose: <c>apply</c> and <c>destroy</c> of it need <c>--confirm-production</c>.</summary>
internal static class ProductionConfirmation
{
    /// <summary>The environment that needs the confirmation.</summary>
    public const string Production = "production";

    /// <summary>Why <paramref name="verb"/> of <paramref name="environment"/> may not run, or null when it may.</summary>
    public static string? Refusal(string environment, string verb, bool confirmed) =>
        environment == Production && !confirmed
            ? $"{verb} --env production changes production: run it again with --confirm-production if that is what you mean."
            : null;
}
