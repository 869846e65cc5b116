using System.Xml.Linq;
using Piksel.Platform.Aws.Http;

namespace Piksel.Platform.Aws.Iam;

/// <summary>
/// IAM's instance profile operations (awsQuery, 2010-05-08): the container EC2 passes a node's role through. Errors
/// surface as <see cref="AwsApiException"/> (<c>NoSuchEntity</c>, <c>EntityAlreadyExists</c>, <c>LimitExceeded</c>…).
/// </summary>
public sealed class InstanceProfileClient(AwsClientOptions options)
    : QueryApiClient(options, "iam", "2010-05-08", "iam.amazonaws.com")
{
    /// <summary>Creates a profile, optionally tagged.</summary>
    public async Task<InstanceProfile> CreateAsync(string name, IEnumerable<IamTag>? tags = null, string? path = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>> { new("InstanceProfileName", name) };
        if (path is not null) parameters.Add(new("Path", path));
        parameters.AddRange(Tags(tags ?? []));
        return Read((await CallAsync("CreateInstanceProfile", parameters, cancellationToken)).Element("InstanceProfile")!);
    }

    /// <summary>The profile named <paramref name="name"/>; NoSuchEntity when there is none.</summary>
    public async Task<InstanceProfile> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Read((await CallAsync("GetInstanceProfile", [new("InstanceProfileName", name)], cancellationToken)).Element("InstanceProfile")!);

    /// <summary>Every profile of the account, following IAM's pages.</summary>
    public async Task<IReadOnlyList<InstanceProfile>> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<InstanceProfile>();
        string? marker = null;
        do
        {
            var result = await CallAsync("ListInstanceProfiles", marker is null ? [] : [new("Marker", marker)], cancellationToken);
            all.AddRange(MembersOf(result, "InstanceProfiles").Select(Read));
            marker = result.Element("IsTruncated")?.Value == "true" ? result.Element("Marker")?.Value : null;
        } while (marker is not null);
        return all;
    }

    /// <summary>The profiles that hold <paramref name="roleName"/>.</summary>
    public async Task<IReadOnlyList<InstanceProfile>> ListForRoleAsync(string roleName, CancellationToken cancellationToken = default) =>
        [.. MembersOf(await CallAsync("ListInstanceProfilesForRole", [new("RoleName", roleName)], cancellationToken), "InstanceProfiles").Select(Read)];

    /// <summary>Puts <paramref name="roleName"/> in the profile (needs iam:PassRole on the role).</summary>
    public Task AddRoleAsync(string name, string roleName, CancellationToken cancellationToken = default) =>
        CallAsync("AddRoleToInstanceProfile", [new("InstanceProfileName", name), new("RoleName", roleName)], cancellationToken);

    /// <summary>Takes <paramref name="roleName"/> out of the profile.</summary>
    public Task RemoveRoleAsync(string name, string roleName, CancellationToken cancellationToken = default) =>
        CallAsync("RemoveRoleFromInstanceProfile", [new("InstanceProfileName", name), new("RoleName", roleName)], cancellationToken);

    /// <summary>Deletes the profile (its role must be removed first).</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        CallAsync("DeleteInstanceProfile", [new("InstanceProfileName", name)], cancellationToken);

    /// <summary>Adds or replaces tags.</summary>
    public Task TagAsync(string name, IEnumerable<IamTag> tags, CancellationToken cancellationToken = default) =>
        CallAsync("TagInstanceProfile", [new("InstanceProfileName", name), .. Tags(tags)], cancellationToken);

    /// <summary>Removes tags by key.</summary>
    public Task UntagAsync(string name, IEnumerable<string> keys, CancellationToken cancellationToken = default) =>
        CallAsync("UntagInstanceProfile", [new("InstanceProfileName", name), .. Members("TagKeys", keys)], cancellationToken);

    private static IEnumerable<KeyValuePair<string, string>> Tags(IEnumerable<IamTag> tags) =>
        tags.SelectMany((t, i) => new[] { KeyValuePair.Create($"Tags.member.{i + 1}.Key", t.Key), KeyValuePair.Create($"Tags.member.{i + 1}.Value", t.Value) });

    private static InstanceProfile Read(XElement element) => new()
    {
        InstanceProfileName = IamAnswers.Required(element, "InstanceProfileName"),
        InstanceProfileId = IamAnswers.Required(element, "InstanceProfileId"),
        Arn = IamAnswers.Required(element, "Arn"),
        Path = IamAnswers.Text(element, "Path") ?? "/",
        RoleNames = [.. MembersOf(element, "Roles").Select(r => IamAnswers.Required(r, "RoleName"))],
        Tags = IamAnswers.Tags(element),
    };
}
