using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Aws.Rds;

/// <summary>
/// What the DB subnet and parameter group handlers share: a group is found by name (absent on its kind's NotFound
/// codes), created once and read back (a create that raced another is read, not failed), converged in place
/// (<see cref="ConvergeAsync"/>) and in its tags, deleted (still in use by an instance is retryable: the instance goes
/// first), and listed but for RDS's default groups. Output <c>arn</c>.
/// </summary>
/// <typeparam name="TSpec">The resource kind.</typeparam>
/// <typeparam name="TGroup">The group as RDS describes it.</typeparam>
/// <param name="context">The handlers' shared context.</param>
public abstract class RdsGroupHandler<TSpec, TGroup>(AwsHandlerContext context) : RdsResourceHandler<TSpec>(context)
    where TSpec : AwsResource
    where TGroup : class, IRdsGroup
{
    /// <summary>The error codes with which RDS says the group does not exist.</summary>
    protected abstract IReadOnlyList<string> AbsentCodes { get; }

    /// <summary>The error codes with which RDS refuses to create a group that exists.</summary>
    protected abstract IReadOnlyList<string> AlreadyExistsCodes { get; }

    /// <summary>The error codes with which RDS refuses to delete a group an instance still uses.</summary>
    protected abstract IReadOnlyList<string> InUseCodes { get; }

    /// <summary>The group named <paramref name="name"/>; throws RDS's NotFound error when there is none.</summary>
    protected abstract Task<TGroup> DescribeAsync(RdsClient client, string name, CancellationToken cancellationToken);

    /// <summary>Every group of the kind in the account and region.</summary>
    protected abstract Task<IReadOnlyList<TGroup>> DescribeAllAsync(RdsClient client, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="desired"/> with its tags.</summary>
    protected abstract Task CreateAsync(RdsClient client, TSpec desired, CancellationToken cancellationToken);

    /// <summary>Deletes the group named <paramref name="name"/>.</summary>
    protected abstract Task DeleteGroupAsync(RdsClient client, string name, CancellationToken cancellationToken);

    /// <summary>True for a group RDS made itself (never the platform's).</summary>
    protected abstract bool IsDefault(TGroup group);

    /// <summary>The spec a listed group stands for, before it is observed.</summary>
    protected abstract TSpec Stub(TGroup group, string account, IReadOnlyDictionary<string, string> tags);

    /// <summary><paramref name="desired"/> with what RDS holds of <paramref name="group"/> (its <paramref name="tags"/> among it).</summary>
    protected abstract Task<TSpec> ObserveAsync(RdsClient client, TSpec desired, TGroup group, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken);

    /// <summary>Brings the group from <paramref name="current"/> to <paramref name="desired"/>, tags aside.</summary>
    protected abstract Task ConvergeAsync(RdsClient client, TSpec desired, TSpec current, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task<Observed<TSpec>?> ReadAsync(RdsClient client, TSpec desired, CancellationToken cancellationToken) =>
        await FindAsync(client, desired.Name, cancellationToken) is { } group
            ? await ObservedAsync(client, desired, group, await client.ListTagsForResourceAsync(group.Arn, cancellationToken), cancellationToken)
            : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(RdsClient client, TSpec desired, CancellationToken cancellationToken)
    {
        var group = await CreateAndReadBackAsync(desired,
            async () =>
            {
                if (await FindAsync(client, desired.Name, cancellationToken) is null)
                {
                    await CreateAsync(client, desired, cancellationToken);
                }
            },
            () => FindAsync(client, desired.Name, cancellationToken),
            [.. AlreadyExistsCodes]);
        var tags = await client.ListTagsForResourceAsync(group.Arn, cancellationToken);
        var current = await ObserveAsync(client, desired, group, tags, cancellationToken);
        await ConvergeAsync(client, desired, current, cancellationToken);
        await ConvergeTagsAsync(client, group.Arn, tags, desired.Tags, cancellationToken);
        return Outputs(group);
    }

    /// <inheritdoc />
    protected override async Task DeleteAsync(RdsClient client, Observed<TSpec> actual, CancellationToken cancellationToken)
    {
        string[] inUse = [.. InUseCodes];
        try
        {
            await IgnoringAbsentAsync(() => DeleteGroupAsync(client, actual.State.Name, cancellationToken), [.. AbsentCodes]);
        }
        catch (Exception e) when (AwsErrors.Is(e, inUse))
        {
            throw new RetryableResourceException($"{Noun} {actual.State.Name} is still in use ({e.Message}).", e);
        }
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(RdsClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var group in await DescribeAllAsync(client, cancellationToken))
        {
            if (IsDefault(group))
            {
                continue;
            }

            var tags = await client.ListTagsForResourceAsync(group.Arn, cancellationToken);
            var stub = Stub(group, account, tags);
            yield return new Listed(stub, tags, async () => await ObservedAsync(client, stub, group, tags, cancellationToken));
        }
    }

    private Task<TGroup?> FindAsync(RdsClient client, string name, CancellationToken cancellationToken) =>
        OrNullAsync(() => DescribeAsync(client, name, cancellationToken), [.. AbsentCodes]);

    private async Task<Observed<TSpec>> ObservedAsync(
        RdsClient client, TSpec desired, TGroup group, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken) =>
        new(await ObserveAsync(client, desired, group, tags, cancellationToken), Outputs(group));

    private static Dictionary<string, string> Outputs(TGroup group) =>
        new(StringComparer.Ordinal) { [AwsResource.ArnOutput] = group.Arn };
}
