using System.Runtime.CompilerServices;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Policies;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Handlers;

/// <summary>
/// IAM roles: trust policy, inline policies, attached managed policies, permissions boundary, tags. Read gives the
/// role as IAM has it with every policy parsed into its canonical form, so an unchanged role compares equal and a
/// policy edited behind the engine's back shows as drift.
/// </summary>
public sealed class IamRoleHandler(AwsHandlerContext context) : AwsResourceHandler<IamRole, IamClient>(context)
{
    /// <inheritdoc />
    protected override string Noun => "role";

    /// <inheritdoc />
    protected override IamClient CreateClient(AwsClientOptions options) => new(options);

    /// <inheritdoc />
    protected override Task<Observed<IamRole>?> ReadAsync(IamClient client, IamRole desired, CancellationToken cancellationToken) =>
        ReadRoleAsync(client, desired, cancellationToken);

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<string, string>> ApplyAsync(IamClient client, IamRole desired, CancellationToken cancellationToken)
    {
        // Read again: a retry after a partial success must start from what IAM has now.
        var current = await ReadRoleAsync(client, desired, cancellationToken)
            ?? await CreateAndReadBackAsync(desired, () => CreateAsync(client, desired, cancellationToken), () => ReadRoleAsync(client, desired, cancellationToken), "EntityAlreadyExists");
        await ConvergeAsync(client, desired, current.State, cancellationToken);
        return current.Outputs;
    }

    /// <inheritdoc />
    protected override Task DeleteAsync(IamClient client, Observed<IamRole> actual, CancellationToken cancellationToken)
    {
        var role = actual.State;
        return IgnoringAbsentAsync(async () =>
        {
            // IAM refuses to delete a role that still has policies (DeleteConflict).
            foreach (var name in await client.ListRolePoliciesAsync(role.Name, cancellationToken))
            {
                await client.DeleteRolePolicyAsync(role.Name, name, cancellationToken);
            }

            foreach (var attached in await client.ListAttachedRolePoliciesAsync(role.Name, cancellationToken: cancellationToken))
            {
                await client.DetachRolePolicyAsync(role.Name, attached.PolicyArn, cancellationToken);
            }

            await client.DeleteRoleAsync(role.Name, cancellationToken);
        }, "NoSuchEntity");
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<Listed> ListAsync(IamClient client, string account, string environment, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var role in client.ListRolesAsync(cancellationToken: cancellationToken))
        {
            // ListRoles leaves tags out; ask for them per role.
            var tags = Canonical.Tags(await client.ListRoleTagsAsync(role.RoleName, cancellationToken), t => t.Key, t => t.Value);
            var stub = new IamRole { Name = role.RoleName, Account = account, TrustPolicy = PolicyDocument.Parse(role.AssumeRolePolicyDocument) };
            yield return new Listed(stub, tags, () => ReadRoleAsync(client, stub, cancellationToken));
        }
    }

    private static async Task<Observed<IamRole>?> ReadRoleAsync(IamClient iam, IamRole desired, CancellationToken cancellationToken)
    {
        if (await OrNullAsync(() => iam.GetRoleAsync(desired.Name, cancellationToken), "NoSuchEntity") is not { } role)
        {
            return null;
        }

        // The role's parts are independent reads: in flight together, a read costs one round trip after GetRole, not four or more.
        var inlineRead = InlinePoliciesAsync(iam, role.RoleName, cancellationToken);
        var attachedRead = iam.ListAttachedRolePoliciesAsync(role.RoleName, cancellationToken: cancellationToken);
        var tagsRead = iam.ListRoleTagsAsync(role.RoleName, cancellationToken);
        await Task.WhenAll(inlineRead, attachedRead, tagsRead);
        var (attached, tags) = (await attachedRead, await tagsRead);
        var state = desired with
        {
            Path = role.Path,
            Description = role.Description ?? "",
            TrustPolicy = PolicyDocument.Parse(role.AssumeRolePolicyDocument),
            InlinePolicies = await inlineRead,
            ManagedPolicyArns = Canonical.SetLike(attached.Select(a => a.PolicyArn), desired.ManagedPolicyArns),
            PermissionsBoundaryArn = role.PermissionsBoundaryArn,
            MaxSessionDuration = role.MaxSessionDuration,
            Tags = Canonical.Tags(tags, t => t.Key, t => t.Value),
        };
        return new Observed<IamRole>(state, new Dictionary<string, string> { [AwsResource.ArnOutput] = role.Arn });
    }

    private static async Task<Dictionary<string, PolicyDocument>> InlinePoliciesAsync(IamClient iam, string roleName, CancellationToken cancellationToken)
    {
        var names = await iam.ListRolePoliciesAsync(roleName, cancellationToken);
        var documents = await Task.WhenAll(names.Select(name => iam.GetRolePolicyAsync(roleName, name, cancellationToken)));
        var inline = new Dictionary<string, PolicyDocument>(StringComparer.Ordinal);
        foreach (var (name, document) in names.Zip(documents))
        {
            inline[name] = PolicyDocument.Parse(document);
        }

        return inline;
    }

    private static Task<Role> CreateAsync(IamClient iam, IamRole desired, CancellationToken cancellationToken) =>
        iam.CreateRoleAsync(new CreateRoleRequest
        {
            RoleName = desired.Name,
            AssumeRolePolicyDocument = desired.TrustPolicy.ToJson(),
            Path = desired.Path,
            Description = desired.Description.Length == 0 ? null : desired.Description,
            MaxSessionDuration = desired.MaxSessionDuration,
            PermissionsBoundary = desired.PermissionsBoundaryArn,
            Tags = desired.Tags.Select(t => new IamTag(t.Key, t.Value)).ToList(),
        }, cancellationToken);

    private static async Task ConvergeAsync(IamClient iam, IamRole desired, IamRole current, CancellationToken cancellationToken)
    {
        var name = desired.Name;
        if (current.TrustPolicy.ToJson() != desired.TrustPolicy.ToJson())
        {
            await iam.UpdateAssumeRolePolicyAsync(name, desired.TrustPolicy.ToJson(), cancellationToken);
        }

        if (current.Description != desired.Description || current.MaxSessionDuration != desired.MaxSessionDuration)
        {
            await iam.UpdateRoleAsync(name, desired.Description, desired.MaxSessionDuration, cancellationToken);
        }

        if (current.PermissionsBoundaryArn != desired.PermissionsBoundaryArn)
        {
            if (desired.PermissionsBoundaryArn is { } boundary)
            {
                await iam.PutRolePermissionsBoundaryAsync(name, boundary, cancellationToken);
            }
            else
            {
                await iam.DeleteRolePermissionsBoundaryAsync(name, cancellationToken);
            }
        }

        foreach (var (policyName, document) in desired.InlinePolicies)
        {
            if (!current.InlinePolicies.TryGetValue(policyName, out var existing) || existing.ToJson() != document.ToJson())
            {
                await iam.PutRolePolicyAsync(name, policyName, document.ToJson(), cancellationToken);
            }
        }

        foreach (var stale in current.InlinePolicies.Keys.Where(k => !desired.InlinePolicies.ContainsKey(k)))
        {
            await iam.DeleteRolePolicyAsync(name, stale, cancellationToken);
        }

        foreach (var arn in desired.ManagedPolicyArns.Except(current.ManagedPolicyArns, StringComparer.Ordinal))
        {
            await iam.AttachRolePolicyAsync(name, arn, cancellationToken);
        }

        foreach (var arn in current.ManagedPolicyArns.Except(desired.ManagedPolicyArns, StringComparer.Ordinal))
        {
            await iam.DetachRolePolicyAsync(name, arn, cancellationToken);
        }

        var (set, remove) = Canonical.TagChanges(current.Tags, desired.Tags);
        if (set.Count > 0)
        {
            await iam.TagRoleAsync(name, set.Select(t => new IamTag(t.Key, t.Value)), cancellationToken);
        }

        if (remove.Count > 0)
        {
            await iam.UntagRoleAsync(name, remove, cancellationToken);
        }
    }
}
