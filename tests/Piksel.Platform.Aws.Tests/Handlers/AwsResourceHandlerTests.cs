using System.Net;
using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

/// <summary>What the AWS handlers' base does for every kind, over an in-memory kind with two managed accounts.</summary>
public sealed class AwsResourceHandlerTests
{
    private const string Spoke = "111111111111";
    private const string Hub = "222222222222";
    private const string Environment = "test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListManaged_searches_every_managed_account_and_keeps_the_environments_resources()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Put(Spoke, "ours", ManagementTags.For(Environment));
        fixture.Cloud.Put(Hub, "ours-in-hub", ManagementTags.For(Environment));
        fixture.Cloud.Put(Spoke, "other-environment", ManagementTags.For("other"));
        fixture.Cloud.Put(Hub, "untagged", new Dictionary<string, string>());
        fixture.Cloud.Put(Spoke, "not-managed-by-us", new Dictionary<string, string> { [ManagementTags.Environment] = Environment });

        var listed = await fixture.Handler.ListManagedAsync(Environment, Ct);

        Assert.Equal(["ours", "ours-in-hub"], listed.Select(o => o.State.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Hub, Assert.Single(listed, o => o.State.Name == "ours-in-hub").State.Account);
        Assert.Equal(2, fixture.Cloud.Reads);
    }

    [Fact]
    public async Task ListManaged_does_not_read_what_the_spec_holds()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Put(Spoke, "known", ManagementTags.For(Environment));
        fixture.Cloud.Put(Spoke, "orphan", ManagementTags.For(Environment));
        var known = new S3Bucket { Name = "known", Account = Spoke }.Id;

        var listed = await fixture.Handler.ListManagedAsync(Environment, id => id == known, Ct);

        Assert.Equal("orphan", Assert.Single(listed).State.Name);
        Assert.Equal(1, fixture.Cloud.Reads);
    }

    [Fact]
    public async Task ListManaged_keeps_only_what_is_still_the_environments_when_read()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Put(Spoke, "retagged", ManagementTags.For(Environment));
        fixture.Cloud.RetagOnRead["retagged"] = ManagementTags.For("other");

        Assert.Empty(await fixture.Handler.ListManagedAsync(Environment, Ct));
    }

    [Fact]
    public async Task One_client_is_made_per_account_and_region_and_kept()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Put(Spoke, "a", ManagementTags.For(Environment));

        await fixture.Handler.ReadAsync(new S3Bucket { Name = "a", Account = Spoke }, Ct);
        await fixture.Handler.ReadAsync(new S3Bucket { Name = "b", Account = Spoke }, Ct);
        await fixture.Handler.ReadAsync(new S3Bucket { Name = "a", Account = Spoke, Region = "eu-north-1" }, Ct);
        await fixture.Handler.ListManagedAsync(Environment, Ct);

        Assert.Equal([(Spoke, "eu-west-1"), (Spoke, "eu-north-1"), (Hub, "eu-west-1")], fixture.Handler.Made);
    }

    [Fact]
    public async Task A_throttled_call_is_retryable_and_names_the_kind_and_resource()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Throttle = true;

        var e = await Assert.ThrowsAsync<RetryableResourceException>(() => fixture.Handler.ReadAsync(new S3Bucket { Name = "slow", Account = Spoke }, Ct));
        Assert.StartsWith("Reading widget slow: AWS asked to retry (Throttling)", e.Message, StringComparison.Ordinal);
        e = await Assert.ThrowsAsync<RetryableResourceException>(() => fixture.Handler.ListManagedAsync(Environment, Ct));
        Assert.StartsWith("Listing widgets:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_creates_and_reads_back_and_an_earlier_attempts_create_is_not_an_error()
    {
        using var fixture = new Fixture();
        var desired = new S3Bucket { Name = "new", Account = Spoke, Tags = ManagementTags.For(Environment) };

        Assert.Equal("arn:widget:new", (await fixture.Handler.ApplyAsync(desired, null, Ct))[AwsResource.ArnOutput]);
        fixture.Cloud.HideNext = true;
        Assert.Equal("arn:widget:new", (await fixture.Handler.ApplyAsync(desired, null, Ct))[AwsResource.ArnOutput]);
        Assert.Equal(2, fixture.Cloud.Creates);
    }

    [Fact]
    public async Task A_resource_not_visible_after_creation_is_retryable()
    {
        using var fixture = new Fixture();
        fixture.Cloud.Invisible = true;

        var e = await Assert.ThrowsAsync<RetryableResourceException>(() =>
            fixture.Handler.ApplyAsync(new S3Bucket { Name = "slow", Account = Spoke }, null, Ct));
        Assert.Equal("Widget slow not yet visible after creation.", e.Message);
    }

    [Fact]
    public async Task Delete_of_a_resource_already_gone_is_not_an_error()
    {
        using var fixture = new Fixture();
        var gone = new Observed<S3Bucket>(new S3Bucket { Name = "gone", Account = Spoke }, new Dictionary<string, string>());

        await fixture.Handler.DeleteAsync(gone, Ct);
    }

    [Fact]
    public async Task Read_of_a_resource_that_cannot_exist_yet_asks_nothing()
    {
        using var fixture = new Fixture();
        var waiting = new S3Bucket { Name = "${ref:S3Bucket.other#arn}", Account = Spoke };

        Assert.Null(await fixture.Handler.ReadAsync(waiting, Ct));
        Assert.Empty(fixture.Handler.Made);
    }

    /// <summary>Resources by account and name with their tags; the client is a view of one account.</summary>
    private sealed class Cloud
    {
        private readonly Dictionary<(string Account, string Name), IReadOnlyDictionary<string, string>> resources = [];

        public int Reads { get; private set; }

        public int Creates { get; private set; }

        public bool Throttle { get; set; }

        public bool Invisible { get; set; }

        public bool HideNext { get; set; }

        public Dictionary<string, IReadOnlyDictionary<string, string>> RetagOnRead { get; } = new(StringComparer.Ordinal);

        public void Put(string account, string name, IReadOnlyDictionary<string, string> tags) => resources[(account, name)] = tags;

        public List<(string Name, IReadOnlyDictionary<string, string> Tags)> In(string account)
        {
            ThrowIfThrottled();
            return [.. resources.Where(r => r.Key.Account == account).Select(r => (r.Key.Name, r.Value))];
        }

        public IReadOnlyDictionary<string, string>? Get(string account, string name)
        {
            ThrowIfThrottled();
            Reads++;
            if (HideNext || Invisible)
            {
                HideNext = false;
                return null;
            }

            if (RetagOnRead.TryGetValue(name, out var tags))
            {
                Put(account, name, tags);
            }

            return resources.GetValueOrDefault((account, name));
        }

        public void Create(string account, string name, IReadOnlyDictionary<string, string> tags)
        {
            Creates++;
            if (resources.ContainsKey((account, name)))
            {
                throw new AwsApiException("AlreadyExists", "it exists", HttpStatusCode.Conflict, null);
            }

            Put(account, name, tags);
        }

        public void Delete(string account, string name)
        {
            if (!resources.Remove((account, name)))
            {
                throw new AwsApiException("NotFound", "no such widget", HttpStatusCode.NotFound, null);
            }
        }

        private void ThrowIfThrottled()
        {
            if (Throttle)
            {
                throw new AwsApiException("Throttling", "slow down", HttpStatusCode.BadRequest, null);
            }
        }
    }

    private sealed record WidgetClient(Cloud Cloud, string Account) : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>A kind handled through the base with nothing of its own but the in-memory calls.</summary>
    private sealed class WidgetHandler(AwsHandlerContext context, Cloud cloud) : AwsResourceHandler<S3Bucket, WidgetClient>(context)
    {
        public List<(string Account, string Region)> Made { get; } = [];

        protected override string Noun => "widget";

        protected override WidgetClient CreateClient(AwsClientOptions options)
        {
            var account = options.ResolveCredentials().GetCredentials().AccessKey;
            Made.Add((account, options.Region));
            return new WidgetClient(cloud, account);
        }

        protected override bool CanExist(S3Bucket desired) => !OutputRef.HasTokens(desired.Name);

        protected override Task<Observed<S3Bucket>?> ReadAsync(WidgetClient client, S3Bucket desired, CancellationToken cancellationToken) =>
            Task.FromResult(Observe(client, desired));

        protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(WidgetClient client, S3Bucket desired, CancellationToken cancellationToken)
        {
            var current = Observe(client, desired) ?? await CreateAndReadBackAsync(desired,
                () => Task.Run(() => client.Cloud.Create(client.Account, desired.Name, desired.Tags), cancellationToken),
                () => Task.FromResult(Observe(client, desired)),
                "AlreadyExists");
            return current.Outputs;
        }

        protected override Task DeleteAsync(WidgetClient client, Observed<S3Bucket> actual, CancellationToken cancellationToken) =>
            IgnoringAbsentAsync(() => Task.Run(() => client.Cloud.Delete(client.Account, actual.State.Name), cancellationToken), "NotFound");

        protected override async IAsyncEnumerable<Listed> ListAsync(WidgetClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var (name, tags) in client.Cloud.In(account))
            {
                var stub = new S3Bucket { Name = name, Account = account };
                yield return new Listed(stub, tags, () => Task.FromResult(Observe(client, stub)));
            }
        }

        private static Observed<S3Bucket>? Observe(WidgetClient client, S3Bucket desired) =>
            client.Cloud.Get(client.Account, desired.Name) is { } tags
                ? new Observed<S3Bucket>(desired with { Tags = tags }, new Dictionary<string, string> { [AwsResource.ArnOutput] = $"arn:widget:{desired.Name}" })
                : null;
    }

    private sealed class TwoAccounts : IAwsAccess
    {
        public Uri? ServiceUrl => new("http://127.0.0.1:9");

        public string Region => "eu-west-1";

        public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new AwsCredentials(accountId, new SensitiveString("secret")));
    }

    private sealed class Fixture : IDisposable
    {
        private readonly AwsHandlerContext context = new(new TwoAccounts(), [Spoke, Hub]);

        public Fixture() => Handler = new WidgetHandler(context, Cloud);

        public Cloud Cloud { get; } = new();

        public WidgetHandler Handler { get; }

        public void Dispose() => context.Dispose();
    }
}
