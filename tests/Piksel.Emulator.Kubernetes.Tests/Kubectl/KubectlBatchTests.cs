using k8s;
using Piksel.Emulator.Kubernetes.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Controllers;
using Piksel.Emulator.Kubernetes.Tests.Infrastructure;
using static Piksel.Emulator.Kubernetes.Tests.Kubectl.KubectlAssert;

namespace Piksel.Emulator.Kubernetes.Tests.Kubectl;

/// <summary><c>kubectl create job --from=cronjob/…</c> and <c>kubectl wait</c> on a Job, against the job controller.</summary>
[Collection(ClusterCollection.Name)]
public sealed class KubectlBatchTests(ClusterFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static IEnumerable<TheoryDataRow<string>> Versions() => KubectlBinaries.All();

    private static string Nightly(string ns) => $$"""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: nightly
          namespace: {{ns}}
        spec:
          schedule: "0 3 * * *"
          timeZone: Europe/Helsinki
          jobTemplate:
            metadata:
              labels:
                task: nightly
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: work
                    image: busybox:1.36
                    command: ["true"]
        """;

    [KubectlTheory]
    [MemberData(nameof(Versions))]
    public async Task Create_job_from_a_cron_job_runs_it_now_and_wait_sees_it_complete(string version)
    {
        using var kubectl = new KubectlRunner(version, fixture.KubeconfigPath);
        var ns = await fixture.NewNamespaceAsync("fromcron");
        Prints(Ok(await kubectl.RunAsync(["apply", "-f", "-"], Nightly(ns))), "cronjob.batch/nightly created");
        Prints(Ok(await kubectl.RunAsync("create", "job", "manual", "--from=cronjob/nightly", "-n", ns)), "job.batch/manual created");
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var job = await fixture.Client.BatchV1.ReadNamespacedJobAsync("manual", ns, cancellationToken: Ct);
        Assert.Equal("manual", job.Metadata.Annotations["cronjob.kubernetes.io/instantiate"]);
        Assert.Equal(("CronJob", "nightly"), (job.Metadata.OwnerReferences.Single().Kind, job.Metadata.OwnerReferences.Single().Name));
        var pods = Ok(await kubectl.RunAsync("get", "pods", "-n", ns, "-l", "batch.kubernetes.io/job-name=manual", "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^pod/manual-[a-z0-9]{5}$", Assert.Single(pods));

        await TestKubelet.FinishPodsAsync(fixture.Server, ns, "job-name", "manual");
        Prints(Ok(await kubectl.RunAsync("wait", "job/manual", "-n", ns, "--for=condition=complete", "--timeout=30s")), "job.batch/manual condition met");
        var jobs = Ok(await kubectl.RunAsync("get", "job", "manual", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE$", jobs[0]);
        Assert.Matches(@"^manual\s+Complete\s+1/1\s+\S+\s+\S+$", jobs[1]);
        var cronJobs = Ok(await kubectl.RunAsync("get", "cronjob", "nightly", "-n", ns)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$", cronJobs[0]);
        Assert.Matches(@"^nightly\s+0 3 \* \* \*\s+Europe/Helsinki\s+False\s+0\s+<none>\s+\S+$", cronJobs[1]);
        await fixture.Server.SettleAsync(cancellationToken: Ct);
        var cj = await fixture.Client.BatchV1.ReadNamespacedCronJobAsync("nightly", ns, cancellationToken: Ct);
        Assert.Null(cj.Status.Active);
        Assert.Null(cj.Status.LastScheduleTime);
        var listed = Ok(await kubectl.RunAsync("get", "cronjobs,jobs", "-n", ns, "-o", "name")).Stdout;
        Assert.Contains("cronjob.batch/nightly", listed, StringComparison.Ordinal);
        Assert.Contains("job.batch/manual", listed, StringComparison.Ordinal);
    }
}
