using System.Diagnostics;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// What the process holds at one moment, after a full blocking collection so the managed heap is what is live:
/// working set, managed heap, GC counts per generation, threads and open file descriptors.
/// </summary>
internal readonly record struct ProcessFootprint(long WorkingSet, long ManagedHeap, int Gen0, int Gen1, int Gen2, int Threads, int OpenFiles)
{
    /// <summary>Now (collects first: the induced collection is counted in the next sample's GC counts).</summary>
    public static ProcessFootprint Take()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        return new ProcessFootprint(self.WorkingSet64, heap, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2),
            self.Threads.Count, Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : -1);
    }

    /// <summary>One line: the figures in MiB and counts.</summary>
    public override string ToString() =>
        $"working set {WorkingSet / 1048576.0:F1} MiB, managed heap {ManagedHeap / 1048576.0:F1} MiB, GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}, {Threads} threads, {OpenFiles} open fds";
}
