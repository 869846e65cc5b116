using System.Xml;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>RDS resources as IAM sees them (ARN and condition keys), and the answer every operation writes.</summary>
internal static class RdsAccess
{
    private static Dictionary<string, IReadOnlyList<string>> Keys() => new(StringComparer.OrdinalIgnoreCase);

    /// <summary>An existing resource: <c>aws:ResourceTag/*</c> and the RDS tag key of its type (<c>rds:db-tag/*</c>, <c>rds:subgrp-tag/*</c>…).</summary>
    public static Access Tagged(string arn, string type, IEnumerable<RdsTag> tags, Dictionary<string, IReadOnlyList<string>>? keys = null)
    {
        keys ??= Keys();
        foreach (var tag in tags)
        {
            keys[$"aws:ResourceTag/{tag.Key}"] = [tag.Value];
            keys[$"rds:{type}-tag/{tag.Key}"] = [tag.Value];
        }
        return new Access(arn) { ContextKeys = keys };
    }

    /// <summary>An instance: its tags and <c>rds:DatabaseEngine</c>, <c>rds:DatabaseClass</c>, <c>rds:StorageEncrypted</c>, …</summary>
    public static Access Instance(DbInstanceRecord db) => Tagged(db.Arn, "db", db.Tags, InstanceKeys(db.InstanceClass, db.StorageEncrypted, db.AllocatedStorage, db.MultiAz));

    /// <summary>The condition keys RDS sets for an instance's properties.</summary>
    public static Dictionary<string, IReadOnlyList<string>> InstanceKeys(string instanceClass, bool encrypted, int storage, bool multiAz)
    {
        var keys = Keys();
        keys["rds:DatabaseEngine"] = ["postgres"];
        keys["rds:DatabaseClass"] = [instanceClass];
        keys["rds:StorageEncrypted"] = [encrypted ? "true" : "false"];
        keys["rds:StorageSize"] = [storage.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        keys["rds:MultiAz"] = [multiAz ? "true" : "false"];
        keys["rds:Vpc"] = ["true"];
        return keys;
    }

    /// <summary>A resource being made: its request tags (<c>aws:RequestTag/*</c>, <c>aws:TagKeys</c>, <c>rds:req-tag/*</c>) on top of <paramref name="keys"/>.</summary>
    public static Access Creating(string arn, IReadOnlyList<RdsTag> tags, Dictionary<string, IReadOnlyList<string>>? keys = null)
    {
        keys ??= Keys();
        foreach (var tag in tags)
        {
            keys[$"aws:RequestTag/{tag.Key}"] = [tag.Value];
            keys[$"rds:req-tag/{tag.Key}"] = [tag.Value];
        }
        if (tags.Count > 0) keys["aws:TagKeys"] = [.. tags.Select(t => t.Key)];
        return new Access(arn) { ContextKeys = keys };
    }

    /// <summary>Every resource of a type, as describe calls without an identifier are authorized (<c>…:db:*</c>).</summary>
    public static string All(AwsRequestContext context, string type) => $"arn:aws:rds:{context.Region}:{context.AccountId}:{type}:*";

    /// <summary>
    /// A resource the request names: the existing one with its tags when found (<paramref name="arn"/> given), its
    /// would-be ARN when not, every resource of the type when no name was given (a describe without an identifier).
    /// </summary>
    public static Access Of(AwsRequestContext context, string type, string? name, string? arn, IReadOnlyList<RdsTag>? tags) =>
        arn is not null ? Tagged(arn, type, tags ?? []) : new Access(name is null ? All(context, type) : RdsStore.Arn(context, type, name));

    /// <summary>
    /// Answers a describe: the page of <paramref name="items"/> the request asks for (see <see cref="Page{T}"/>) inside
    /// <paramref name="listElement"/>, each written by <paramref name="write"/>, then <c>Marker</c> when more follow.
    /// </summary>
    public static Task RespondPage<T>(AwsRequestContext context, string listElement, IReadOnlyList<T> items, Action<XmlWriter, T> write)
    {
        var (page, next) = Page(context, items);
        return Respond(context, xml =>
        {
            xml.WriteStartElement(listElement);
            foreach (var item in page) write(xml, item);
            xml.WriteEndElement();
            if (next is not null) xml.WriteElementString("Marker", next);
        });
    }

    /// <summary>Writes <c>&lt;OpResponse&gt;&lt;OpResult&gt;…</c> in RDS's namespace.</summary>
    public static Task Respond(AwsRequestContext context, Action<XmlWriter>? result) =>
        QueryResponse.WriteAsync(context.Http, RdsXml.Namespace, context.Operation!.Name, context.RequestId, result);

    /// <summary>A page of <paramref name="items"/> from <c>Marker</c> (an index) up to <c>MaxRecords</c> (20–100, default 100).</summary>
    public static (List<T> Page, string? Next) Page<T>(AwsRequestContext context, IReadOnlyList<T> items)
    {
        var max = RdsParameters.Int(context.Query, "MaxRecords") ?? 100;
        if (max is < 20 or > 100) throw RdsErrors.InvalidParameterValue("Invalid value for MaxRecords. Must be between 20 and 100");
        var start = 0;
        if (context.Query.Get("Marker") is { Length: > 0 } marker && (!int.TryParse(marker, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out start) || start > items.Count))
            throw RdsErrors.InvalidParameterValue("The marker is not valid.");
        var page = items.Skip(start).Take(max).ToList();
        return (page, start + max < items.Count ? (start + max).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
