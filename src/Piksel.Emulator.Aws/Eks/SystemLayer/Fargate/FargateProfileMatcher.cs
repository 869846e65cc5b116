namespace Piksel.Emulator.Aws.Eks.SystemLayer.Fargate;

/// <summary>
/// Which Fargate profile takes a pod: one of its selectors matches the pod's namespace (<c>*</c> any run of characters,
/// <c>?</c> one character) and every label the selector names; when several profiles match, the first by name wins.
/// </summary>
public static class FargateProfileMatcher
{
    /// <summary>The profile for a pod in <paramref name="ns"/> with <paramref name="labels"/>, or null.</summary>
    public static FargateProfileSpec? Match(IEnumerable<FargateProfileSpec> profiles, string ns, IReadOnlyDictionary<string, string> labels) =>
        profiles
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .FirstOrDefault(p => p.Selectors.Any(s => Glob(s.Namespace, ns) && s.Labels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)));

    /// <summary>True when <paramref name="text"/> matches <paramref name="pattern"/> (<c>*</c> and <c>?</c>), iteratively, without backtracking blow-up.</summary>
    public static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
