namespace Piksel.Emulator.Kubernetes.Crds.Cel;

/// <summary>
/// A runtime error as a value, as cel-go carries it: it flows through operators until something absorbs it
/// (<c>false &amp;&amp; error</c> is false) or it reaches the top and the rule cannot be evaluated.
/// </summary>
internal sealed record CelError(string Message);
