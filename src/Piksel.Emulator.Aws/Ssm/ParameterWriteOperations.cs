using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ssm;

/// <summary>The account's own parameters: put (new, or a new version with Overwrite) and delete. AWS's <c>/aws/</c> names are not the account's to write.</summary>
internal sealed partial class ParameterWriteOperations(SsmParameters parameters) : IOperationGroup
{
    private static readonly string[] Types = ["String", "StringList", "SecureString"];

    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("PutParameter", "ssm:PutParameter", PutParameter)
        .Add("DeleteParameter", "ssm:DeleteParameter", DeleteParameter);

    private OperationCall PutParameter(AwsRequestContext context)
    {
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var name = SsmParameters.NameOf(body.RequiredString("Name"));
        if (Reserved().IsMatch(name)) throw SsmErrors.Reserved();
        if (!NamePattern().IsMatch(name) || name.Length > 2048)
            throw SsmErrors.Validation("Parameter name must be a fully qualified name, a mix of letters, numbers and the symbols .-_/ of at most 2048 characters.");
        var value = body.RequiredString("Value");
        if (value.Length == 0 || value.Length > 8192)
            throw SsmErrors.Validation("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length between 1 and 8192");
        var type = body.OptionalString("Type");
        if (type is not null && !Types.Contains(type)) throw SsmErrors.InvalidType(type);
        var overwrite = body.OptionalBool("Overwrite") ?? false;
        var tags = body.ObjectList("Tags").ToDictionary(t => t.RequiredString("Key"), t => t.RequiredString("Value"), StringComparer.Ordinal);
        if (overwrite && tags.Count > 0) throw SsmErrors.Validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");
        var access = new Access(SsmParameters.ArnOf(context, name)) { ContextKeys = RequestTagKeys.Of(tags) };
        var call = OperationCall.On(access, () =>
        {
            var now = context.Time.GetUtcNow();
            var stored = parameters.Own.Update(SsmParameters.Row(context.AccountId, context.Region, name), current =>
            {
                if (current is not null && !overwrite) throw SsmErrors.AlreadyExists();
                var kind = type ?? current?.Type ?? throw SsmErrors.Validation("A parameter type is required when you create a parameter.");
                return new SsmParameterRecord
                {
                    Account = context.AccountId,
                    Region = context.Region,
                    Name = name,
                    Type = kind,
                    Value = value,
                    Version = (current?.Version ?? 0) + 1,
                    LastModified = now,
                    Description = body.OptionalString("Description") ?? current?.Description,
                    KeyId = kind == "SecureString" ? body.OptionalString("KeyId") ?? current?.KeyId ?? "alias/aws/ssm" : null,
                    Tags = current?.Tags ?? tags,
                };
            })!;
            return JsonProtocol.WriteAsync(context.Http, new JsonObject { ["Version"] = stored.Version, ["Tier"] = "Standard" });
        });
        return tags.Count > 0 ? call.AndAlso("ssm:AddTagsToResource", access) : call;
    }

    private OperationCall DeleteParameter(AwsRequestContext context)
    {
        var name = SsmParameters.NameOf(JsonProtocol.ParseBody(context.Body.Span).RequiredString("Name"));
        return OperationCall.On(SsmParameters.ArnOf(context, name), () =>
        {
            if (SsmParameters.IsPublic(name) || !parameters.Own.Remove(SsmParameters.Row(context.AccountId, context.Region, name))) throw SsmErrors.NotFound(name);
            return JsonProtocol.WriteAsync(context.Http, new JsonObject());
        });
    }

    [GeneratedRegex("^/?(aws|ssm)", RegexOptions.IgnoreCase)]
    private static partial Regex Reserved();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-/]+$")]
    private static partial Regex NamePattern();
}
