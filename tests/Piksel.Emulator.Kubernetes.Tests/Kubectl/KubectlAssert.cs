namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary>Assertions on kubectl runs that show the whole run when they fail.</summary>
public static class KubectlAssert
{
    /// <summary>Exit code 0 and nothing that looks like an error on stderr.</summary>
    public static KubectlResult Ok(KubectlResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(result.Stderr.Contains("error", StringComparison.OrdinalIgnoreCase), result.ToString());
        return result;
    }

    /// <summary>stdout contains every one of <paramref name="texts"/>.</summary>
    public static void Prints(KubectlResult result, params string[] texts)
    {
        foreach (var text in texts) Assert.True(result.Stdout.Contains(text, StringComparison.Ordinal), $"expected \"{text}\" in stdout\n{result}");
    }
}
