using System.Collections.Concurrent;
using Piksel.Platform.Engine;

namespace Piksel.Platform.Tests.Infrastructure;

/// <summary>Collects engine events synchronously (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress : IProgress<EngineEvent>
{
    public ConcurrentQueue<EngineEvent> Events { get; } = new();

    public void Report(EngineEvent value) => Events.Enqueue(value);
}
