using System.Diagnostics;
using System.Globalization;

namespace Piksel.Benchmarks.Load;

/// <summary>
/// CPU time at one moment: this process's (client and servers together) and the whole machine's busy share from
/// /proc/stat, so a run can say how many cores it had and how many other processes took meanwhile.
/// </summary>
internal readonly record struct CpuSample(long Timestamp, TimeSpan ProcessCpu, long MachineBusy, long MachineTotal)
{
    /// <summary>Now.</summary>
    public static CpuSample Take()
    {
        using var self = Process.GetCurrentProcess();
        var (busy, total) = ReadProcStat();
        return new CpuSample(Stopwatch.GetTimestamp(), self.TotalProcessorTime, busy, total);
    }

    /// <summary>Cores this process kept busy since <paramref name="start"/>, and cores the rest of the machine did (null without /proc/stat).</summary>
    public (double Process, double? Others) CoresSince(CpuSample start)
    {
        var wall = Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
        var process = (ProcessCpu - start.ProcessCpu).TotalSeconds / wall;
        if (MachineTotal <= start.MachineTotal) return (process, null);
        var machine = (double)(MachineBusy - start.MachineBusy) / (MachineTotal - start.MachineTotal) * Environment.ProcessorCount;
        return (process, Math.Max(0, machine - process));
    }

    /// <summary>The aggregate "cpu" line: busy (user, nice, system, irq, softirq, steal) and total jiffies; zeros where there is none.</summary>
    private static (long Busy, long Total) ReadProcStat()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is not { Length: >= 9 } || fields[0] != "cpu") return (0, 0);
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8);
            return (busy, busy + Field(4) + Field(5));
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }
}
