using Microsoft.Extensions.Logging;

namespace Piksel.EndToEnd.Tests.Cli;

/// <summary>The emulator's request lines ("AWS sts.GetCallerIdentity => 200"): what reached AWS.</summary>
internal sealed class RequestLog : ILoggerProvider, ILogger
{
    private readonly List<string> lines = [];

    public RequestLog() => Factory = LoggerFactory.Create(b => b.AddProvider(this).SetMinimumLevel(LogLevel.Debug));

    /// <summary>A logger factory writing here.</summary>
    public ILoggerFactory Factory { get; }

    /// <summary>The request lines so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (lines) return [.. lines]; }
    }

    public void Clear()
    {
        lock (lines) lines.Clear();
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        if (!text.StartsWith("AWS ", StringComparison.Ordinal)) return;
        lock (lines) lines.Add(text);
    }

    public void Dispose()
    {
    }
}
