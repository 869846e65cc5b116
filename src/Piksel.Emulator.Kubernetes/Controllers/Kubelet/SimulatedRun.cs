using System.Globalization;
using System.Text.Json.Nodes;

namespace Piksel.Emulator.Kubernetes.Controllers.Kubelet;

/// <summary>
/// How a simulated container ends. Nothing is executed, so a pod says it through annotations: a pod whose restartPolicy is
/// Never or OnFailure (a Job's) runs for <see cref="DurationAnnotation"/> seconds of the cluster clock (default 1) and then
/// exits with <see cref="ExitCodeAnnotation"/> (default 0; a container whose command is <c>false</c> exits 1, as
/// <c>/bin/false</c> would). A pod with restartPolicy Always runs until it is deleted.
/// </summary>
public static class SimulatedRun
{
    /// <summary>The exit code every container of the pod ends with (0–255).</summary>
    public const string ExitCodeAnnotation = "piksel.dev/simulated-exit-code";

    /// <summary>How many seconds the containers run before they exit (0–86400).</summary>
    public const string DurationAnnotation = "piksel.dev/simulated-duration-seconds";

    /// <summary>How long a run-to-completion pod runs when it does not say.</summary>
    public static TimeSpan DefaultDuration { get; } = TimeSpan.FromSeconds(1);

    /// <summary>True when the pod's containers end by themselves (restartPolicy Never or OnFailure).</summary>
    public static bool RunsToCompletion(JsonObject pod) => pod["spec"]?["restartPolicy"]?.GetValue<string>() is "Never" or "OnFailure";

    /// <summary>How long the containers run.</summary>
    public static TimeSpan Duration(JsonObject pod) =>
        Annotation(pod, DurationAnnotation) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : DefaultDuration;

    /// <summary>The exit code of <paramref name="container"/> of <paramref name="pod"/>.</summary>
    public static int ExitCode(JsonObject pod, JsonObject container)
    {
        if (Annotation(pod, ExitCodeAnnotation) is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code <= 255)
            return code;
        var command = (container["command"] as JsonArray ?? container["args"] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
        return command is "false" or "/bin/false" or "/usr/bin/false" ? 1 : 0;
    }

    private static string? Annotation(JsonObject pod, string name) =>
        pod["metadata"]?["annotations"]?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
