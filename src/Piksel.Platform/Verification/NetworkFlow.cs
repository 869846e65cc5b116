namespace Piksel.Platform.Verification;

/// <summary>A connection a workload declares: pods of <paramref name="From"/> may open <paramref name="Port"/> on pods of <paramref name="To"/>.</summary>
/// <param name="From">The source namespace.</param>
/// <param name="To">The destination namespace.</param>
/// <param name="Port">The destination port.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</param>
public sealed record NetworkFlow(string From, string To, int Port, string Protocol = "TCP");
