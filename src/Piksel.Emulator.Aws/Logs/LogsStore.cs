using System.Globalization;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.Logs;

/// <summary>CloudWatch Logs' durable tables (groups, streams, event batches) and how their rows are keyed and found.</summary>
internal sealed class LogsStore(StateStore store)
{
    public Table<LogGroupRecord> Groups { get; } = store.Table<LogGroupRecord>("logs.groups");

    public Table<LogStreamRecord> Streams { get; } = store.Table<LogStreamRecord>("logs.streams");

    public Table<LogEventBatchRecord> Events { get; } = store.Table<LogEventBatchRecord>("logs.events");

    public static string GroupArn(AwsRequestContext context, string name) => LogGroupRecord.ArnOf(context.Region, context.AccountId, name);

    public static string StreamArn(AwsRequestContext context, string group, string stream) =>
        LogStreamRecord.ArnOf(context.Region, context.AccountId, group, stream);

    public static string GroupRow(string account, string region, string name) => $"{account}/{region}/{name}";

    // Group names cannot hold ':', so it separates group from stream.
    public static string StreamRow(string account, string region, string group, string stream) => $"{account}/{region}/{group}:{stream}";

    public static string StreamRow(LogStreamRecord s) => StreamRow(s.Account, s.Region, s.Group, s.Name);

    /// <summary>A batch's row: the stream's row and the batch's sequence, <c>{StreamRow}:{sequence:D12}</c>.</summary>
    public static string BatchRow(LogStreamRecord stream, long sequence) =>
        $"{StreamRow(stream)}:{sequence.ToString("D12", CultureInfo.InvariantCulture)}";

    public LogGroupRecord Group(AwsRequestContext context, string name) =>
        Groups.Find(GroupRow(context.AccountId, context.Region, name)) ?? throw LogsErrors.GroupNotFound();

    public LogStreamRecord Stream(AwsRequestContext context, string group, string name) => Stream(Group(context, group), name);

    public LogStreamRecord Stream(LogGroupRecord group, string name) =>
        Streams.Find(StreamRow(group.Account, group.Region, group.Name, name)) ?? throw LogsErrors.StreamNotFound();

    public static bool IsOf(LogEventBatchRecord batch, LogStreamRecord stream) =>
        batch.Account == stream.Account && batch.Region == stream.Region && batch.Group == stream.Group && batch.Stream == stream.Name;

    /// <summary>The stream's events by timestamp, in put order among equal timestamps (OrderBy is stable).</summary>
    public IEnumerable<LogEventRecord> StreamEvents(LogStreamRecord stream)
    {
        var all = new List<LogEventRecord>();
        for (var sequence = 0L; sequence < stream.Batches; sequence++)
            if (Events.Find(BatchRow(stream, sequence)) is { } batch) all.AddRange(batch.Events);
        return all.OrderBy(e => e.Timestamp);
    }
}
