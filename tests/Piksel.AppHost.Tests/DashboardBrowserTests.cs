using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Piksel.AppHost.Tests;

/// <summary>
/// The dashboard as a user sees it: the AppHost started as a process, its login link opened in Debian's Chromium by
/// Playwright, every resource Running (aws healthy) with the platform's groups, verify run from the page, and a request
/// IAM refused found in the aws resource's traces with the explanation <c>explain</c> prints.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed partial class DashboardBrowserTests
{
    private const string Chromium = ChromiumFactAttribute.Path;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(4);

    [ChromiumFact]
    public async Task The_resources_page_shows_every_resource_Running_and_runs_verify_from_its_actions_menu()
    {
        var work = WorkDirectory.Create();
        try
        {
            using var apphost = await DashboardAppHost.StartAsync(work, ReadyTimeout);
            IReadOnlyDictionary<int, string> started;
            try
            {
                started = apphost.Descendants();
                await CheckDashboardAsync(apphost.LoginUrl);
            }
            finally
            {
                // The started processes are known before the stop: after it, orphans would belong to init, not to the AppHost.
                started = apphost.Descendants();
                var exit = await apphost.TerminateAsync(TimeSpan.FromSeconds(60));
                Assert.True(exit == 0, $"exit {exit}:\n{apphost.Output}");
            }

            Assert.Contains(started.Values, c => c.Contains("dcp", StringComparison.Ordinal));
            Assert.Contains(started.Values, c => c.Contains("Aspire.Dashboard", StringComparison.Ordinal));
            Assert.Contains(started.Values, c => c.Contains("postgres", StringComparison.Ordinal));
            // dcp notices its monitored AppHost is gone and stops the dashboard and itself within seconds: wait that long, no longer.
            var left = started.ToList();
            for (var wait = 0; wait < 60 && left.Count > 0; wait++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
                left = [.. left.Where(p => DashboardAppHost.CommandLine(p.Key) == p.Value)];
            }
            Assert.True(left.Count == 0, "left running 30 s after SIGTERM:\n" + string.Join('\n', left.Select(p => $"{p.Key}: {p.Value}")));
        }
        finally
        {
            WorkDirectory.Delete(work);
        }
    }

    private static async Task CheckDashboardAsync(Uri loginUrl)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(loginUrl.ToString());
        await Assertions.Expect(RowOf(page, "platform")).ToContainTextAsync("Running", new() { Timeout = 120_000 });
        foreach (var name in Resources())
        {
            await Assertions.Expect(RowOf(page, name)).ToContainTextAsync("Running");
        }
        // The health check's verdict shows beside the state ("Unhealthy") until it passes.
        await Assertions.Expect(RowOf(page, "aws")).Not.ToContainTextAsync("Unhealthy", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("resources.png"), FullPage = true });

        // The platform's row: its "…" actions menu holds Verify.
        await RunVerifyAsync(page);
    }

    /// <summary>Opens the platform row's actions menu, runs Verify and waits for the dashboard to report its success.</summary>
    private static async Task RunVerifyAsync(IPage page)
    {
        await RowOf(page, "platform").GetByRole(AriaRole.Button, new() { Name = "Actions", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Verify" }).ClickAsync();
        try
        {
            await Assertions.Expect(page.GetByText(VerifySucceeded()).First).ToBeVisibleAsync(new() { Timeout = 120_000 });
        }
        catch (PlaywrightException e)
        {
            throw new InvalidOperationException("verify did not report success; the page:\n" + await page.Locator("body").AriaSnapshotAsync(), e);
        }
    }

    /// <summary>Every resource of local's app model: the emulator, the database server, the cluster, the platform and its groups.</summary>
    private static IEnumerable<string> Resources() =>
        ["aws", "database", ClusterName(), "platform", .. new[] { "network", "identities", "secrets", "buckets", "compute", "namespaces", "secret-syncs", "database" }.Select(g => $"platform-{g}")];

    [ChromiumFact]
    public async Task A_denied_IAM_request_shows_in_the_traces_of_the_aws_resource_with_its_explanation()
    {
        var work = WorkDirectory.Create();
        try
        {
            using var apphost = await DashboardAppHost.StartAsync(work, ReadyTimeout);
            try
            {
                // terria's role listing argo-artifacts: refused, as its policy names only terria's bucket.
                var denied = await DeniedRequest.TerriaListsArgoArtifactsAsync(work, TestContext.Current.CancellationToken);
                var explained = await apphost.ExplainAsync(denied.RequestId);
                var why = WhyLine().Match(explained);
                Assert.True(why.Success, "explain printed no reason:\n" + explained);

                using var playwright = await Playwright.CreateAsync();
                await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
                var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
                page.SetDefaultTimeout(60_000);
                await page.GotoAsync(apphost.LoginUrl.ToString());
                await Assertions.Expect(RowOf(page, "platform")).ToContainTextAsync("Running", new() { Timeout = 120_000 });
                await OpenSpanAsync(page, apphost.LoginUrl, "s3.ListObjectsV2");

                // The span's attributes: its request id, the decision and the explanation explain printed.
                await Assertions.Expect(AttributeValue(page, "aws.request_id")).ToContainTextAsync(denied.RequestId);
                await Assertions.Expect(AttributeValue(page, "aws.iam.decision")).ToContainTextAsync("implicit deny");
                await Assertions.Expect(AttributeValue(page, "aws.iam.explanation")).ToContainTextAsync(why.Groups[1].Value.Trim());
                Assert.Contains("no statement", why.Groups[1].Value, StringComparison.Ordinal);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("iam-deny-trace.png"), FullPage = true });

                // Nothing secret used on the way shows on the span's page.
                var shown = await page.Locator("body").InnerTextAsync();
                Assert.All(denied.Secrets, secret => Assert.DoesNotContain(secret, shown, StringComparison.Ordinal));

                // The API server's spans are the cluster resource's (not unknown_service's): its traces page lists them.
                await page.GotoAsync(new Uri(apphost.LoginUrl, $"/traces/resource/{ClusterName()}").ToString());
                await Assertions.Expect(page.GetByRole(AriaRole.Gridcell).GetByText(ClusterName()).First).ToBeVisibleAsync();
            }
            finally
            {
                await apphost.TerminateAsync(TimeSpan.FromSeconds(60));
            }
        }
        finally
        {
            WorkDirectory.Delete(work);
        }
    }

    /// <summary>
    /// The aws resource's Traces page, filtered to <paramref name="name"/>, its trace opened and then its span, whose
    /// details panel lists the attributes. Spans are exported in batches: the page is read again until the trace is there.
    /// </summary>
    private static async Task OpenSpanAsync(IPage page, Uri loginUrl, string name)
    {
        var traces = new Uri(loginUrl, "/traces/resource/aws").ToString();
        var trace = page.GetByRole(AriaRole.Gridcell).Filter(new() { HasText = name }).First;
        for (var attempt = 0; ; attempt++)
        {
            await page.GotoAsync(traces);
            await page.GetByRole(AriaRole.Searchbox).First.FillAsync(name);
            try
            {
                await Assertions.Expect(trace).ToBeVisibleAsync(new() { Timeout = 10_000 });
                break;
            }
            catch (PlaywrightException) when (attempt < 6)
            {
                // The exporter's next batch is due within seconds.
            }
        }
        await trace.ClickAsync();
        await page.GetByRole(AriaRole.Region, new() { Name = "Trace detail" }).GetByRole(AriaRole.Gridcell).Filter(new() { HasText = name }).First.ClickAsync();
    }

    /// <summary>The value cell of the span attribute <paramref name="name"/> in the details panel.</summary>
    private static ILocator AttributeValue(IPage page, string name) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell).Filter(new() { HasTextRegex = new Regex($@"^\s*{Regex.Escape(name)}(\s|$)") }) })
            .GetByRole(AriaRole.Gridcell).Nth(1);

    /// <summary>The grid row that holds <paramref name="name"/> as a resource name (exactly, so <c>platform</c> is not <c>platform-identities</c>).</summary>
    private static ILocator RowOf(IPage page, string name) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByText(name, new() { Exact = true }) }).First;

    private static string ClusterName() => $"cluster-{new Piksel.Platform.Naming.PikselNames("local").Cluster}";

    /// <summary>Where the screenshots go: the test results directory, kept by CI as an artifact.</summary>
    private static string ScreenshotPath(string file)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;
        return Path.Combine(directory, file);
    }

    [GeneratedRegex("verify.*(succe|executed)", RegexOptions.IgnoreCase)]
    private static partial Regex VerifySucceeded();

    /// <summary>explain's reason line: <c>  why         &lt;the explanation&gt;</c>.</summary>
    [GeneratedRegex(@"^\s*why\s+(.+)$", RegexOptions.Multiline)]
    private static partial Regex WhyLine();
}
