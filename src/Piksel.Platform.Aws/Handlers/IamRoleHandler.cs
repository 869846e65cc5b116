using Piksel.Platform.Aws.Iam;
using Piksel.Platform.Definition;
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
public sealed class IamRoleHandler(AwsHandlerContext context) : IResourceHandler<IamRole>
{
    /// <inheritdoc />
    public async Task<Observed<IamRole>?> ReadAsync(IamRole desired, CancellationToken cancellationToken)
    {
        var iam = await ClientAsync(desired.Account, cancellationToken);
        return await AwsErrors.Guard($"Reading role {desired.Name}", () => ReadRoleAsync(iam, desired, cancellationToken));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ApplyAsync(IamRole desired, Observed<IamRole>? actual, CancellationToken cancellationToken)
    {
        var iam = await ClientAsync(desired.Account, cancellationToken);
        return await AwsErrors.Guard($"Applying role {desired.Name}", async () =>
        {
            // Read again: a retry after a partial success must start from what IAM has now.
            var current = await ReadRoleAsync(iam, desired, cancellationToken);
            if (current is null)
            {
                await CreateAsync(iam, desired, cancellationToken);
                current = await ReadRoleAsync(iam, desired, cancellationToken)
                    ?? throw new RetryableResourceException($"Role {desired.Name} not yet visible after creation.");
            }

            await ConvergeAsync(iam, desired, current.State, cancellationToken);
            return current.Outputs;
        });
    }

    /// <inheritdoc />
    public async Task DeleteAsync(Observed<IamRole> actual, CancellationToken cancellationToken)
    {
        var role = actual.State;
        var iam = await ClientAsync(role.Account, cancellationToken);
        await AwsErrors.Guard($"Deleting role {role.Name}", async () =>
        {
            try
            {
                // IAM refuses to delete a role that still has policies (DeleteConflict).
                foreach (var name in await iam.ListRolePoliciesAsync(role.Name, cancellationToken))
                {
                    await iam.DeleteRolePolicyAsync(role.Name, name, cancellationToken);
                }

                foreach (var attached in await iam.ListAttachedRolePoliciesAsync(role.Name, cancellationToken: cancellationToken))
                {
                    await iam.DetachRolePolicyAsync(role.Name, attached.PolicyArn, cancellationToken);
                }

                await iam.DeleteRoleAsync(role.Name, cancellationToken);
            }
            catch (Exception e) when (AwsErrors.Is(e, "NoSuchEntity"))
            {
                // Already gone.
            }
        });
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Observed<IamRole>>> ListManagedAsync(string environment, CancellationToken cancellationToken) =>
        ListManagedAsync(environment, _ => false, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Observed<IamRole>>> ListManagedAsync(string environment, Func<ResourceId, bool> isKnown, CancellationToken cancellationToken)
    {
        var found = new List<Observed<IamRole>>();
        foreach (var account in context.ManagedAccounts)
        {
            var iam = await ClientAsync(account, cancellationToken);
            await AwsErrors.Guard("Listing roles", async () =>
            {
                await foreach (var role in iam.ListRolesAsync(cancellationToken: cancellationToken))
                {
                    // ListRoles leaves tags out; ask for them per role.
                    var tags = Canonical.Tags(await iam.ListRoleTagsAsync(role.RoleName, cancellationToken), t => t.Key, t => t.Value);
                    if (!PikselTags.AreManaged(tags, environment))
                    {
                        continue;
                    }

                    var stub = new IamRole { Name = role.RoleName, Account = account, TrustPolicy = PolicyDocument.Parse(role.AssumeRolePolicyDocument) };
                    if (!isKnown(stub.Id) && await ReadRoleAsync(iam, stub, cancellationToken) is { } observed)
                    {
                        found.Add(observed);
                    }
                }
            });
        }

        return found;
    }

    private Task<IamClient> ClientAsync(string account, CancellationToken cancellationToken) =>
        context.ClientAsync(this, account, null, options => new IamClient(options), cancellationToken);

    private static async Task<Observed<IamRole>?> ReadRoleAsync(IamClient iam, IamRole desired, CancellationToken cancellationToken)
    {
        Role role;
        try
        {
            role = await iam.GetRoleAsync(desired.Name, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "NoSuchEntity"))
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

    private static async Task CreateAsync(IamClient iam, IamRole desired, CancellationToken cancellationToken)
    {
        try
        {
            await iam.CreateRoleAsync(new CreateRoleRequest
            {
                RoleName = desired.Name,
                AssumeRolePolicyDocument = desired.TrustPolicy.ToJson(),
                Path = desired.Path,
                Description = desired.Description.Length == 0 ? null : desired.Description,
                MaxSessionDuration = desired.MaxSessionDuration,
                PermissionsBoundary = desired.PermissionsBoundaryArn,
                Tags = desired.Tags.Select(t => new IamTag(t.Key, t.Value)).ToList(),
            }, cancellationToken);
        }
        catch (Exception e) when (AwsErrors.Is(e, "EntityAlreadyExists"))
        {
            // Created by an earlier attempt that failed later; converge from here.
        }
    }

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
