using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;

namespace Piksel.Emulator.Kubernetes.Tests.Controllers;

/// <summary>The job controller: completions and parallelism, back-off and backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JobTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static V1Job Job(string name, int? completions = null, int? parallelism = null, int? backoffLimit = null, long? activeDeadlineSeconds = null, int? ttl = null, string restartPolicy = "Never") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = backoffLimit,
            ActiveDeadlineSeconds = activeDeadlineSeconds,
            TtlSecondsAfterFinished = ttl,
            Template = new V1PodTemplateSpec
            {
                // The simulated kubelet would finish these pods after a second of the cluster clock; these tests finish
                // them themselves (TestKubelet), so the pods run for a day unless told.
                Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["piksel.dev/simulated-duration-seconds"] = "86400" } },
                Spec = new V1PodSpec { RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "work", Image = "busybox:1.36", Command = ["true"] }] },
            },
        },
    };

    private static async Task<IList<V1Pod>> PodsAsync(IKubernetes k, string ns, string job) =>
        (await k.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"batch.kubernetes.io/job-name={job}", cancellationToken: Ct)).Items;

    [Fact]
    public async Task A_job_runs_parallelism_pods_at_a_time_until_completions_have_succeeded()
    {
        var k = fixture.Client;
        var ns = await fixture.NewNamespaceAsync("job");
        var job = await k.BatchV1.CreateNamespacedJobAsync(Job("batch", completions: 3, parallelism: 2), ns, cancellationToken: Ct);
        Assert.Equal(job.Metadata.Uid, job.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal(("batch", 6, "NonIndexed"), (job.Spec.Template.Metadata.Labels["job-name"], job.Spec.BackoffLimit, job.Spec.CompletionMode));
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var pods = await PodsAsync(k, ns, "batch");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Matches("^batch-[bcdfghjklmnpqrstvwxz2456789]{5}$", p.Metadata.Name));
        Assert.All(pods, p => Assert.Equal((job.Metadata.Uid, "Job", true), (p.Metadata.OwnerReferences.Single().Uid, p.Metadata.OwnerReferences.Single().Kind, p.Metadata.OwnerReferences.Single().Controller)));
        Assert.All(pods, p => Assert.Equal(job.Metadata.Uid, p.Metadata.Labels["controller-uid"]));
        job = await k.BatchV1.ReadNamespacedJobAsync("batch", ns, cancellationToken: Ct);
        Assert.Equal((2, 2), (job.Status.Active, job.Status.Ready));
        Assert.NotNull(job.Status.StartTime);

        Assert.Equal(2, await TestKubelet.FinishPodsAsync(fixture.Server, ns, "job-name", "batch"));
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        job = await k.BatchV1.ReadNamespacedJobAsync("batch", ns, cancellationToken: Ct);
        Assert.Equal((1, 2), (job.Status.Active, job.Status.Succeeded));
        Assert.Null(job.Status.Conditions);

        Assert.Equal(1, await TestKubelet.FinishPodsAsync(fixture.Server, ns, "job-name", "batch"));
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        job = await k.BatchV1.ReadNamespacedJobAsync("batch", ns, cancellationToken: Ct);
        Assert.Equal((null, 3), (job.Status.Active, job.Status.Succeeded));
        Assert.NotNull(job.Status.CompletionTime);
        Assert.Equal(["SuccessCriteriaMet", "Complete"], job.Status.Conditions.Select(c => c.Type));
        Assert.All(job.Status.Conditions, c => Assert.Equal(("True", "CompletionsReached"), (c.Status, c.Reason)));
        var events = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Where(e => e.InvolvedObject.Name == "batch").ToList();
        Assert.Equal(3, events.Count(e => e.Reason == "SuccessfulCreate" && e.Message.StartsWith("Created pod: batch-", StringComparison.Ordinal)));
        Assert.Single(events, e => e.Reason == "Completed" && e.Message == "Job completed");
        Assert.All(events, e => Assert.Equal("job-controller", e.Source.Component));
    }

    [Fact]
    public async Task A_job_whose_pods_would_restart_always_is_invalid()
    {
        var ns = await fixture.NewNamespaceAsync("jobbad");
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Client.BatchV1.CreateNamespacedJobAsync(Job("bad", restartPolicy: "Always"), ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Contains("spec.template.spec.restartPolicy: Unsupported value: \\\"Always\\\": supported values: \\\"OnFailure\\\", \\\"Never\\\"", e.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_pods_are_replaced_after_the_back_off_until_the_backoff_limit_is_exceeded()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("backoff");
        await k.BatchV1.CreateNamespacedJobAsync(Job("flaky", backoffLimit: 1), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal(1, await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", "flaky", exitCode: 1));
        await cluster.SettleAsync();
        // The replacement waits out the 10 s back-off.
        Assert.Single(await PodsAsync(k, ns, "flaky"));
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, (await PodsAsync(k, ns, "flaky")).Count);
        Assert.Equal(1, await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", "flaky", exitCode: 1));
        await cluster.SettleAsync();
        var job = await k.BatchV1.ReadNamespacedJobAsync("flaky", ns, cancellationToken: Ct);
        Assert.Equal(2, job.Status.Failed);
        var failed = job.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal(("True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"), (failed.Status, failed.Reason, failed.Message));
        Assert.Contains(job.Status.Conditions, c => c.Type == "FailureTarget");
        var warning = (await k.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.Single(e => e.Reason == "BackoffLimitExceeded");
        Assert.Equal("Warning", warning.Type);
    }

    [Fact]
    public async Task A_job_running_past_its_active_deadline_fails_and_its_pods_are_deleted()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("deadline");
        await k.BatchV1.CreateNamespacedJobAsync(Job("slow", parallelism: 2, completions: 2, activeDeadlineSeconds: 30), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        Assert.Equal(2, (await PodsAsync(k, ns, "slow")).Count);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(29));
        Assert.Null((await k.BatchV1.ReadNamespacedJobAsync("slow", ns, cancellationToken: Ct)).Status.Conditions);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(1));
        var job = await k.BatchV1.ReadNamespacedJobAsync("slow", ns, cancellationToken: Ct);
        var failed = job.Status.Conditions.Single(c => c.Type == "Failed");
        Assert.Equal(("DeadlineExceeded", "Job was active longer than specified deadline"), (failed.Reason, failed.Message));
        Assert.Null(job.Status.Active);
        Assert.Empty(await PodsAsync(k, ns, "slow"));
    }

    [Fact]
    public async Task A_finished_job_with_a_ttl_is_deleted_with_its_pods_once_the_ttl_has_passed()
    {
        await using var cluster = await ClockedCluster.StartAsync();
        var k = cluster.Client;
        var ns = await cluster.NewNamespaceAsync("ttl");
        await k.BatchV1.CreateNamespacedJobAsync(Job("once", ttl: 60), ns, cancellationToken: Ct);
        await cluster.SettleAsync();
        await TestKubelet.FinishPodsAsync(cluster.Server, ns, "job-name", "once");
        await cluster.SettleAsync();
        Assert.Contains((await k.BatchV1.ReadNamespacedJobAsync("once", ns, cancellationToken: Ct)).Status.Conditions, c => c.Type == "Complete");
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Single((await k.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: Ct)).Items);
        await cluster.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Empty((await k.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: Ct)).Items);
        Assert.Empty((await k.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items);
    }
}
