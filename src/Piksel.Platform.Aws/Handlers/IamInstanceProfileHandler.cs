using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// IAM instance profiles: the one role they hold and their tags. A different role is swapped in (removed, then added);
/// delete takes the role out first, as IAM requires. Output: <c>arn</c>.
/// </summary>
public sealed class IamInstanceProfileHandler(AwsHandlerContext context) : AwsResourceHandler<IamInstanceProfile, InstanceProfileClient>(context)
{
    private const string Missing = "NoSuchEntity";

    /// <inheritdoc />
    protected override string Noun => "instance profile";

    /// <inheritdoc />
    protected override InstanceProfileClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    protected override async Task<Observed<IamInstanceProfile>?> ReadAsync(InstanceProfileClient client, IamInstanceProfile desired, CancellationToken cancellationToken) =>
        await OrNullAsync(() => client.GetAsync(desired.Name, cancellationToken), Missing) is { } profile ? Observe(desired, profile) : null;

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(InstanceProfileClient client, IamInstanceProfile desired, CancellationToken cancellationToken)
    {
        var profile = await CreateAndReadBackAsync(desired,
            () => client.CreateAsync(desired.Name, desired.Tags.Select(t => new IamTag(t.Key, t.Value)), cancellationToken: cancellationToken),
            () => OrNullAsync(() => client.GetAsync(desired.Name, cancellationToken), Missing), "EntityAlreadyExists");
        foreach (var other in profile.RoleNames.Where(r => !string.Equals(r, desired.RoleName, StringComparison.OrdinalIgnoreCase)))
            await client.RemoveRoleAsync(desired.Name, other, cancellationToken);
        if (!profile.RoleNames.Contains(desired.RoleName, StringComparer.OrdinalIgnoreCase))
            await client.AddRoleAsync(desired.Name, desired.RoleName, cancellationToken);

        var (set, remove) = Canonical.TagChanges(Canonical.Tags(profile.Tags, t => t.Key, t => t.Value), desired.Tags);
        if (set.Count > 0) await client.TagAsync(desired.Name, set.Select(t => new IamTag(t.Key, t.Value)), cancellationToken);
        if (remove.Count > 0) await client.UntagAsync(desired.Name, remove, cancellationToken);
        return Observe(desired, await client.GetAsync(desired.Name, cancellationToken)).Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(InstanceProfileClient client, Observed<IamInstanceProfile> actual, CancellationToken cancellationToken) =>
        IgnoringAbsentAsync(async () =>
        {
            foreach (var role in (await client.GetAsync(actual.State.Name, cancellationToken)).RoleNames)
                await client.RemoveRoleAsync(actual.State.Name, role, cancellationToken);
            await client.DeleteAsync(actual.State.Name, cancellationToken);
        }, Missing);

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(InstanceProfileClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var profile in await client.ListAsync(cancellationToken))
        {
            // ListInstanceProfiles leaves tags out; each profile's own read has them.
            var read = await OrNullAsync(() => client.GetAsync(profile.InstanceProfileName, cancellationToken), Missing);
            if (read is null) continue;
            var stub = new IamInstanceProfile { Name = profile.InstanceProfileName, Account = account, RoleName = read.RoleNames.Count > 0 ? read.RoleNames[0] : "" };
            yield return new Listed(stub, Canonical.Tags(read.Tags, t => t.Key, t => t.Value), () => Task.FromResult<Observed<IamInstanceProfile>?>(Observe(stub, read)));
        }
    }

    private static Observed<IamInstanceProfile> Observe(IamInstanceProfile desired, InstanceProfile profile) =>
        new(desired with
        {
            RoleName = profile.RoleNames.FirstOrDefault(r => string.Equals(r, desired.RoleName, StringComparison.OrdinalIgnoreCase)) ?? (profile.RoleNames.Count > 0 ? profile.RoleNames[0] : ""),
            Tags = Canonical.Tags(profile.Tags, t => t.Key, t => t.Value),
        }, new Dictionary<string, string> { [AwsResource.ArnOutput] = profile.Arn });
}
