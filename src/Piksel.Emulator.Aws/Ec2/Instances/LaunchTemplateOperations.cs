using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Ec2.Network;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.Ec2.Ec2Parameters;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>
/// Launch templates: create (tagged on create under <c>ec2:CreateAction</c>), new versions, describe by id, name or
/// tag, delete (authorized on the template with its tags, so a policy can keep a caller to its own templates).
/// </summary>
internal sealed class LaunchTemplateOperations(Ec2Store store) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("CreateLaunchTemplate", "ec2:CreateLaunchTemplate", CreateLaunchTemplate)
        .Add("CreateLaunchTemplateVersion", "ec2:CreateLaunchTemplateVersion", CreateLaunchTemplateVersion)
        .Add("DescribeLaunchTemplates", "ec2:DescribeLaunchTemplates", DescribeLaunchTemplates)
        .Add("DeleteLaunchTemplate", "ec2:DeleteLaunchTemplate", DeleteLaunchTemplate);

    private OperationCall CreateLaunchTemplate(AwsRequestContext context)
    {
        var query = context.Query;
        var name = query.Get("LaunchTemplateName") ?? throw Ec2Errors.MissingParameter("LaunchTemplateName");
        if (name.Length is < 3 or > 128 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '(' or ')' or '.' or '-' or '/' or '_'))
        {
            throw new AwsServiceException("InvalidLaunchTemplateName.MalformedException",
                "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'");
        }

        var data = LaunchDataReader.Read(query, "LaunchTemplateData.");
        var tags = query.TagSpecifications("launch-template");
        Ec2Tags.Validate(tags);
        var id = NetworkStore.NewId("lt");
        var keys = Ec2Tags.RequestKeys(tags);
        var call = Answer(context, new Access(Arn(context, "*")) { ContextKeys = keys }, () =>
        {
            query.StopIfDryRun();
            if (Mine(context).Any(t => t.LaunchTemplateName == name))
            {
                throw new AwsServiceException("InvalidLaunchTemplateName.AlreadyExistsException",
                    $"Launch template name already in use.");
            }

            var template = new LaunchTemplateRecord
            {
                Account = context.AccountId,
                Region = context.Region,
                LaunchTemplateId = id,
                LaunchTemplateName = name,
                CreateTime = context.Time.GetUtcNow(),
                CreatedBy = context.Caller.Arn,
                Versions = [data],
                Tags = tags,
            };
            store.LaunchTemplates.Put(Row(template), template);
            return xml => Write(xml, template, "launchTemplate");
        });
        if (tags.Count > 0)
        {
            call.AndAlso("ec2:CreateTags", new Access(Arn(context, id))
            {
                ContextKeys = new Dictionary<string, IReadOnlyList<string>>(keys, StringComparer.OrdinalIgnoreCase) { ["ec2:CreateAction"] = ["CreateLaunchTemplate"] },
            });
        }

        return call;
    }

    private OperationCall CreateLaunchTemplateVersion(AwsRequestContext context)
    {
        var template = Named(context, context.Query.Get("LaunchTemplateId"), context.Query.Get("LaunchTemplateName"));
        var data = LaunchDataReader.Read(context.Query, "LaunchTemplateData.");
        return Answer(context, new Access(template.Arn) { ContextKeys = ResourceKeys(template) }, () =>
        {
            context.Query.StopIfDryRun();
            var source = context.Query.Get("SourceVersion") is { } v ? Version(template, v) : null;
            var version = source is null ? data : LaunchDataReader.Merge(source, data);
            var updated = store.LaunchTemplates.Update(Row(template), t => t is null ? null : t with { Versions = [.. t.Versions, version] })
                ?? throw Ec2Errors.NotFound("LaunchTemplateId", template.LaunchTemplateId);
            return xml =>
            {
                xml.WriteStartElement("launchTemplateVersion");
                xml.WriteElementString("launchTemplateId", updated.LaunchTemplateId);
                xml.WriteElementString("launchTemplateName", updated.LaunchTemplateName);
                xml.WriteElementString("versionNumber", updated.Versions.Count.ToString(CultureInfo.InvariantCulture));
                xml.WriteElementString("createTime", XmlValues.Timestamp(context.Time.GetUtcNow()));
                xml.WriteElementString("createdBy", context.Caller.Arn);
                xml.WriteElementString("defaultVersion", "false");
                xml.WriteEndElement();
            };
        });
    }

    private OperationCall DescribeLaunchTemplates(AwsRequestContext context) =>
        Answer(context, Access.Any, () =>
        {
            var ids = context.Query.List("LaunchTemplateId");
            var names = context.Query.List("LaunchTemplateName");
            var filters = context.Query.Filters();
            foreach (var filter in filters.Where(f => !f.Name.StartsWith("tag:", StringComparison.Ordinal) && f.Name is not ("tag-key" or "launch-template-name" or "create-time")))
                throw Ec2Errors.InvalidParameterValue($"The filter '{filter.Name}' is invalid");
            var maxResults = context.Query.Int("MaxResults");
            context.Query.StopIfDryRun();
            var mine = Mine(context).ToList();
            if (ids.FirstOrDefault(id => mine.All(t => t.LaunchTemplateId != id)) is { } missingId)
                throw Ec2Errors.NotFound("LaunchTemplateId", missingId);
            if (names.Any(n => mine.All(t => t.LaunchTemplateName != n))) throw NameNotFound();
            var matching = mine
                .Where(t => ids.Count == 0 || ids.Contains(t.LaunchTemplateId))
                .Where(t => names.Count == 0 || names.Contains(t.LaunchTemplateName))
                .Where(t => filters.All(f => f.Name switch
                {
                    "tag-key" => t.Tags.Any(tag => f.MatchesAny(tag.Key)),
                    "launch-template-name" => f.MatchesAny(t.LaunchTemplateName),
                    "create-time" => f.MatchesAny(XmlValues.Timestamp(t.CreateTime)),
                    _ => t.Tags.Any(tag => tag.Key == f.Name[4..] && f.MatchesAny(tag.Value)),
                }))
                .OrderBy(t => t.CreateTime).ThenBy(t => t.LaunchTemplateId, StringComparer.Ordinal).ToList();
            var (page, next) = Page(matching, maxResults, context.Query.Get("NextToken"));
            return xml =>
            {
                xml.WriteSet("launchTemplates", page, (x, t) => Write(x, t, null));
                if (next is not null) xml.WriteElementString("nextToken", next);
            };
        });

    private OperationCall DeleteLaunchTemplate(AwsRequestContext context)
    {
        var template = Named(context, context.Query.Get("LaunchTemplateId"), context.Query.Get("LaunchTemplateName"));
        return Answer(context, new Access(template.Arn) { ContextKeys = ResourceKeys(template) }, () =>
        {
            context.Query.StopIfDryRun();
            store.LaunchTemplates.Remove(Row(template));
            return xml => Write(xml, template, "launchTemplate");
        });
    }

    /// <summary>The template a request names by id or name (exactly one of them).</summary>
    public LaunchTemplateRecord Named(AwsRequestContext context, string? id, string? name)
    {
        if (id is null == name is null)
            throw Ec2Errors.InvalidParameterCombination("You must specify either the launch template ID or the launch template name in the request, but not both.");
        if (id is not null)
        {
            return store.LaunchTemplates.Find(Ec2Store.Row(context.AccountId, context.Region, NetworkStore.RequireId(id, "lt")))
                ?? throw Ec2Errors.NotFound("LaunchTemplateId", id);
        }

        return Mine(context).FirstOrDefault(t => t.LaunchTemplateName == name) ?? throw NameNotFound();
    }

    /// <summary>The data of <paramref name="version"/> (a number, <c>$Latest</c> or <c>$Default</c>).</summary>
    public static LaunchData Version(LaunchTemplateRecord template, string? version)
    {
        var number = version switch
        {
            null or "$Default" => template.DefaultVersion,
            "$Latest" => template.Versions.Count,
            _ when int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => throw Ec2Errors.InvalidParameterValue($"Invalid launch template version: '{version}'."),
        };
        if (number < 1 || number > template.Versions.Count)
        {
            throw new AwsServiceException("InvalidLaunchTemplateId.VersionNotFound",
                $"Could not find launch template version {number.ToString(CultureInfo.InvariantCulture)} for launch template with ID {template.LaunchTemplateId}.");
        }

        return template.Versions[number - 1];
    }

    /// <summary>The template's tags as condition keys.</summary>
    public static Dictionary<string, IReadOnlyList<string>> ResourceKeys(LaunchTemplateRecord template)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var tag in template.Tags)
        {
            keys["aws:ResourceTag/" + tag.Key] = [tag.Value];
            keys["ec2:ResourceTag/" + tag.Key] = [tag.Value];
        }
        return keys;
    }

    private IEnumerable<LaunchTemplateRecord> Mine(AwsRequestContext context) =>
        store.LaunchTemplates.Values.Where(t => t.Account == context.AccountId && t.Region == context.Region);

    private static string Row(LaunchTemplateRecord template) => Ec2Store.Row(template.Account, template.Region, template.LaunchTemplateId);

    private static string Arn(AwsRequestContext context, string id) => $"arn:aws:ec2:{context.Region}:{context.AccountId}:launch-template/{id}";

    private static AwsServiceException NameNotFound() => new("InvalidLaunchTemplateName.NotFoundException",
        "At least one of the launch templates specified in the request does not exist.");

    private static void Write(XmlWriter xml, LaunchTemplateRecord template, string? element)
    {
        if (element is not null) xml.WriteStartElement(element);
        xml.WriteElementString("launchTemplateId", template.LaunchTemplateId);
        xml.WriteElementString("launchTemplateName", template.LaunchTemplateName);
        xml.WriteElementString("createTime", XmlValues.Timestamp(template.CreateTime));
        xml.WriteElementString("createdBy", template.CreatedBy);
        xml.WriteElementString("defaultVersionNumber", template.DefaultVersion.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("latestVersionNumber", template.Versions.Count.ToString(CultureInfo.InvariantCulture));
        if (template.Tags.Count > 0) xml.WriteTagSet(template.Tags);
        if (element is not null) xml.WriteEndElement();
    }
}
