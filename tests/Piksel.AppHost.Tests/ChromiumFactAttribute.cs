using System.Runtime.CompilerServices;

namespace Piksel.AppHost.Tests;

/// <summary>A fact that drives Debian's Chromium (package <c>chromium</c>, installed by .ci/run); skipped, saying so, where it is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Debian's browser: Playwright downloads none.</summary>
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        Skip = $"{Path} is not installed (Debian package chromium; .ci/run installs it).";
        SkipUnless = nameof(Installed);
        SkipType = typeof(ChromiumFactAttribute);
    }

    /// <summary>Whether the browser is on this machine.</summary>
    public static bool Installed => File.Exists(Path);
}
