using Microsoft.Extensions.Logging;

namespace Piksel.AppHost.UnitTests;

/// <summary>A logger keeping each formatted line, as a resource's console log would show them.</summary>
internal sealed class LinesLogger : ILogger
{
    /// <summary>The lines logged so far.</summary>
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines) Lines.Add(formatter(state, exception));
    }
}
