namespace Piksel.Emulator.Aws.Hosting;

/// <summary>The last N requests by request id: a ring, so memory stays bounded however long the emulator runs.</summary>
public sealed class RecentRequests(int capacity)
{
    private readonly RequestRecord?[] ring = new RequestRecord?[capacity];
    private readonly Dictionary<string, RequestRecord> byId = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int next;

    /// <summary>How many are kept at most.</summary>
    public int Capacity => ring.Length;

    /// <summary>Keeps <paramref name="record"/>, forgetting the oldest when full.</summary>
    public void Add(RequestRecord record)
    {
        if (ring.Length == 0) return;
        lock (gate)
        {
            if (ring[next] is { } old) byId.Remove(old.RequestId);
            ring[next] = record;
            byId[record.RequestId] = record;
            next = (next + 1) % ring.Length;
        }
    }

    /// <summary>The request with <paramref name="requestId"/>, if still kept.</summary>
    public RequestRecord? Find(string requestId)
    {
        lock (gate) return byId.GetValueOrDefault(requestId);
    }
}
