using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The cron job controller on a clock the test moves: schedules, concurrency policies, history limits.</summary>
public sealed class CronJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static V1CronJob CronJob(string name, string schedule, string? policy = null, int? successfulHistory = null, string? timeZone = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1CronJobSpec
        {
            Schedule = schedule,
            TimeZone = timeZone,
            ConcurrencyPolicy = policy,
            SuccessfulJobsHistoryLimit = successfulHistory,
            JobTemplate = new V1JobTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["task"] = name } },
                Spec = JobTests.Job(name).Spec,
            },
        },
    };

    /// <summary>A start one minute past a five-minute mark, in the past (the cluster's certificates must already be valid).</summary>
    private static DateTimeOffset Start()
    {
        var now = DateTimeOffset.UtcNow;
        var mark = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute - now.Minute % 5, 0, TimeSpan.Zero);
        return mark.AddMinutes(-4);
    }

    private static async Task<List<V1Job>> JobsAsync(IKubernetes k, string ns) =>
        [.. (await k.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: Ct)).Items.OrderBy(j => j.Metadata.Name, StringComparer.Ordinal)];

    [Fact]
    public async Task A_cron_job_creates_a_job_named_for_its_scheduled_minute_when_the_time_comes()
    {
        var start = Start();
        await using var cluster = await ClockedCluster.StartAsync(start);
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("cron");
        var cj = await k.BatchV1.CreateNamespacedCronJobAsync(CronJob("tick", "*/5 * * * *"), ns, cancellationToken: Ct);
        Assert.Equal(("Allow", 3, 1), (cj.Spec.ConcurrencyPolicy, cj.Spec.SuccessfulJobsHistoryLimit, cj.Spec.FailedJobsHistoryLimit));
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(3));
        Assert.Empty(await JobsAsync(k, ns));

        await cluster.AdvanceAsync(TimeSpan.FromMinutes(1));
        var scheduled = start.AddMinutes(4);
        var job = Assert.Single(await JobsAsync(k, ns));
        Assert.Equal($"tick-{scheduled.ToUnixTimeSeconds() / 60}", job.Metadata.Name);
        Assert.Equal(scheduled.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), job.Metadata.Annotations[CronJobController.ScheduledTimestamp]);
        Assert.Equal(("tick", "CronJob", true), (job.Metadata.Labels["task"], job.Metadata.OwnerReferences.Single().Kind, job.Metadata.OwnerReferences.Single().Controller));
        Assert.Single((await k.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"job-name={job.Metadata.Name}", cancellationToken: Ct)).Items);
        cj = await k.BatchV1.ReadNamespacedCronJobAsync("tick", ns, cancellationToken: Ct);
        Assert.Equal(job.Metadata.Uid, Assert.Single(cj.Status.Active).Uid);
        Assert.Equal(scheduled.UtcDateTime, cj.Status.LastScheduleTime);
        var created = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Single(e => e.Reason == "SuccessfulCreate" && e.InvolvedObject.Kind == "CronJob");
        Assert.Equal(($"Created job {job.Metadata.Name}", "cronjob-controller"), (created.Message, created.Source.Component));

        await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", job.Metadata.Name);
        await cluster.SettleAsync();
        cj = await k.BatchV1.ReadNamespacedCronJobAsync("tick", ns, cancellationToken: Ct);
        Assert.Null(cj.Status.Active);
        Assert.NotNull(cj.Status.LastSuccessfulTime);
        Assert.Contains((await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items, e => e.Reason == "SawCompletedJob" && e.Message == $"Saw completed job: {job.Metadata.Name}, condition: Complete");
    }

    [Fact]
    public async Task Forbid_waits_for_the_running_job_and_Replace_deletes_it()
    {
        var start = Start();
        await using var cluster = await ClockedCluster.StartAsync(start);
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("policy");
        await k.BatchV1.CreateNamespacedCronJobAsync(CronJob("forbid", "*/5 * * * *", "Forbid"), ns, cancellationToken: Ct);
        await k.BatchV1.CreateNamespacedCronJobAsync(CronJob("replace", "*/5 * * * *", "Replace"), ns, cancellationToken: Ct);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(4));
        var first = await JobsAsync(k, ns);
        Assert.Equal(2, first.Count);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(5));
        var second = await JobsAsync(k, ns);
        // Forbid kept its running job and started nothing; Replace deleted its job for a new one.
        Assert.Single(second, j => j.Metadata.Name.StartsWith("forbid-", StringComparison.Ordinal) && j.Metadata.Name == first.Single(f => f.Metadata.Name.StartsWith("forbid-", StringComparison.Ordinal)).Metadata.Name);
        var replaced = Assert.Single(second, j => j.Metadata.Name.StartsWith("replace-", StringComparison.Ordinal));
        Assert.Equal($"replace-{start.AddMinutes(9).ToUnixTimeSeconds() / 60}", replaced.Metadata.Name);
        var events = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items;
        Assert.Contains(events, e => e.InvolvedObject.Name == "forbid" && e.Reason == "JobAlreadyActive");
        Assert.Contains(events, e => e.InvolvedObject.Name == "replace" && e.Reason == "SuccessfulDelete" && e.Message.StartsWith("Deleted job replace-", StringComparison.Ordinal));

        // Once the forbidden job's predecessor ends, the missed run starts.
        var running = first.Single(f => f.Metadata.Name.StartsWith("forbid-", StringComparison.Ordinal)).Metadata.Name;
        await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", running);
        await cluster.SettleAsync();
        Assert.Contains(await JobsAsync(k, ns), j => j.Metadata.Name == $"forbid-{start.AddMinutes(9).ToUnixTimeSeconds() / 60}");
    }

    [Fact]
    public async Task Finished_jobs_beyond_the_history_limit_are_deleted_and_a_suspended_cron_job_starts_none()
    {
        var start = Start();
        await using var cluster = await ClockedCluster.StartAsync(start);
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("history");
        await k.BatchV1.CreateNamespacedCronJobAsync(CronJob("keep", "*/5 * * * *", successfulHistory: 1), ns, cancellationToken: Ct);
        for (var i = 0; i < 2; i++)
        {
            await cluster.AdvanceAsync(TimeSpan.FromMinutes(i == 0 ? 4 : 5));
            foreach (var job in await JobsAsync(k, ns)) await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", job.Metadata.Name);
            await cluster.SettleAsync();
        }
        var kept = Assert.Single(await JobsAsync(k, ns));
        Assert.Equal($"keep-{start.AddMinutes(9).ToUnixTimeSeconds() / 60}", kept.Metadata.Name);

        var cj = await k.BatchV1.ReadNamespacedCronJobAsync("keep", ns, cancellationToken: Ct);
        cj.Spec.Suspend = true;
        await k.BatchV1.ReplaceNamespacedCronJobAsync(cj, "keep", ns, cancellationToken: Ct);
        await cluster.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(await JobsAsync(k, ns));
    }

    [Fact]
    public async Task A_schedule_that_does_not_parse_is_invalid()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var ns = await cluster.NewNamespaceAsync("badcron");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => cluster.Client.BatchV1.CreateNamespacedCronJobAsync(CronJob("bad", "every minute"), ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec.schedule: Invalid value: \\\"every minute\\\": expected exactly 5 fields, found 2: every minute", e.Response.Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/15 * * * *", "UTC", "2026-03-01T10:07:00Z", "2026-03-01T10:15:00Z")]
    [InlineData("@hourly", "UTC", "2026-03-01T10:07:00Z", "2026-03-01T11:00:00Z")]
    [InlineData("@daily", "UTC", "2026-03-01T10:07:00Z", "2026-03-02T00:00:00Z")]
    [InlineData("@weekly", "UTC", "2026-03-02T10:07:00Z", "2026-03-08T00:00:00Z")]
    [InlineData("0 9 * * MON-FRI", "UTC", "2026-03-06T10:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("30 2 1 JAN *", "UTC", "2026-03-01T00:00:00Z", "2027-01-01T02:30:00Z")]
    [InlineData("0 9 * * *", "Europe/Helsinki", "2026-01-10T08:00:00Z", "2026-01-11T07:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Helsinki", "2026-07-10T08:00:00Z", "2026-07-11T06:00:00Z")]
    [InlineData("0 0 13 * 5", "UTC", "2026-03-01T00:00:00Z", "2026-03-06T00:00:00Z")]
    public void Schedules_come_due_as_cron_says(string schedule, string zone, string after, string next)
    {
        Assert.True(CronSchedule.TryParse(schedule, out var parsed, out var error), error);
        Assert.True(CronSchedule.TryFindZone(zone, out var tz));
        Assert.Equal(DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture), parsed.Next(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), tz));
    }

    [Theory]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: * * * *")]
    [InlineData("61 * * * *", "end of range (61) above maximum (59): 61")]
    [InlineData("@often", "unrecognized descriptor: @often")]
    public void Bad_schedules_say_why(string schedule, string why)
    {
        Assert.False(CronSchedule.TryParse(schedule, out _, out var error));
        Assert.Equal(why, error);
    }
}
