using Amazon.EC2;
using Amazon.EC2.Model;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Ec2;

/// <summary>
/// What the EC2 networking handlers share: the AWSSDK.EC2 client, finding a resource again by its <c>Name</c> tag
/// (EC2 names nothing else), tags converged with CreateTags/DeleteTags, EC2's ARNs, and waiting for a state within
/// <see cref="StateWait"/> per attempt (past it the engine retries).
/// </summary>
/// <typeparam name="TResource">The resource kind.</typeparam>
/// <param name="context">The handlers' shared context.</param>
public abstract class Ec2ResourceHandler<TResource>(AwsHandlerContext context) : AwsResourceHandler<TResource, AmazonEC2Client>(context)
    where TResource : AwsResource
{
    /// <summary>How long one Apply or Delete waits for a state before handing back to the engine's retries. Default: 5 minutes.</summary>
    public TimeSpan StateWait { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest pause between two polls of a state (the first come sooner). Default: 1 second.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The listing filter of every managed resource.</summary>
    protected static List<Filter> ManagedFilter => [new Filter { Name = $"tag:{ManagementTags.ManagedBy}", Values = [ManagementTags.ManagedByValue] }];

    /// <inheritdoc />
    protected override AmazonEC2Client CreateClient(AwsClientOptions options) =>
        new(options.ResolveCredentials(), SdkConfig<AmazonEC2Config>(options));

    /// <summary>False while an id the resource is made from is still an unresolved reference.</summary>
    protected static bool Resolved(params IEnumerable<string?> ids) => ids.All(id => id is null || !OutputRef.HasTokens(id));

    /// <summary>The filter that finds a resource by its <c>Name</c> tag.</summary>
    protected static List<Filter> ByName(string name) => [new Filter { Name = "tag:Name", Values = [name] }];

    /// <summary>EC2's tags as a dictionary.</summary>
    protected static IReadOnlyDictionary<string, string> TagsOf(List<Tag>? tags) =>
        Canonical.Tags(tags ?? [], t => t.Key, t => t.Value ?? string.Empty);

    /// <summary>The tag specification that tags a resource as it is created.</summary>
    protected static List<TagSpecification> TagOnCreate(ResourceType type, IReadOnlyDictionary<string, string> tags) =>
        [new TagSpecification { ResourceType = type, Tags = [.. tags.Select(t => new Tag(t.Key, t.Value))] }];

    /// <summary>Brings the tags of <paramref name="resourceId"/> from <paramref name="actual"/> to <paramref name="desired"/>.</summary>
    protected static async Task ConvergeTagsAsync(
        AmazonEC2Client ec2, string resourceId, IReadOnlyDictionary<string, string> actual, IReadOnlyDictionary<string, string> desired, CancellationToken cancellationToken)
    {
        var (set, remove) = Canonical.TagChanges(actual, desired);
        if (set.Count > 0)
        {
            await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [resourceId], Tags = [.. set.Select(t => new Tag(t.Key, t.Value))] }, cancellationToken);
        }

        if (remove.Count > 0)
        {
            await ec2.DeleteTagsAsync(new DeleteTagsRequest { Resources = [resourceId], Tags = [.. remove.Select(k => new Tag { Key = k })] }, cancellationToken);
        }
    }

    /// <summary><c>arn:&lt;partition&gt;:ec2:&lt;region&gt;:&lt;account&gt;:&lt;type&gt;/&lt;id&gt;</c>.</summary>
    protected string Arn(TResource resource, string type, string id)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var region = resource.Region ?? Context.Access.Region;
        return $"arn:{Arns.Partition(region)}:ec2:{region}:{resource.Account}:{type}/{id}";
    }

    /// <summary>Outputs <c>id</c> and <c>arn</c>.</summary>
    protected IReadOnlyDictionary<string, string> IdOutputs(TResource resource, string type, string id) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = id, [AwsResource.ArnOutput] = Arn(resource, type, id) };

    /// <summary>
    /// Polls <paramref name="poll"/> until it answers true, at most <see cref="StateWait"/>; past it a retryable error
    /// saying <paramref name="stillWaiting"/>, so the engine tries again later.
    /// </summary>
    protected async Task WaitAsync(Func<Task<bool>> poll, string stillWaiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(StateWait);
        var delay = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!await poll())
            {
                await Task.Delay(delay, budget.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, PollInterval.Ticks));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RetryableResourceException(stillWaiting);
        }
    }

    /// <summary>Runs a delete EC2 refuses with <c>DependencyViolation</c> while dependents are still going away: retryable.</summary>
    protected static async Task DeleteWhenFreeAsync(string what, Func<Task> delete, params string[] absent)
    {
        ArgumentNullException.ThrowIfNull(delete);
        try
        {
            await IgnoringAbsentAsync(delete, absent);
        }
        catch (Exception e) when (AwsErrors.Is(e, "DependencyViolation", "InvalidIPAddress.InUse", "AuthFailure"))
        {
            throw new RetryableResourceException($"{what} still has dependents ({e.Message}).", e);
        }
    }
}
