using System.Text;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ssm;

/// <summary>Reading parameters: one, several by name (unknown ones listed as invalid), or a path's, paged.</summary>
internal sealed class ParameterReadOperations(SsmParameters parameters) : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table
        .Add("GetParameter", "ssm:GetParameter", GetParameter)
        .Add(AwsOperation.PerItem("GetParameters", "ssm:GetParameters", GetParameters))
        .Add("GetParametersByPath", "ssm:GetParametersByPath", GetParametersByPath);

    private OperationCall GetParameter(AwsRequestContext context)
    {
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var name = SsmParameters.NameOf(body.RequiredString("Name"));
        var decrypt = body.OptionalBool("WithDecryption") ?? false;
        return OperationCall.On(SsmParameters.ArnOf(context, name), () =>
            JsonProtocol.WriteAsync(context.Http, new JsonObject { ["Parameter"] = parameters.Describe(context, name, decrypt) ?? throw SsmErrors.NotFound(name) }));
    }

    private OperationCall GetParameters(AwsRequestContext context)
    {
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var names = body.StringList("Names").Select(SsmParameters.NameOf).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count is 0 or > 10)
            throw SsmErrors.Validation("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10");
        var decrypt = body.OptionalBool("WithDecryption") ?? false;
        return OperationCall.ForEachItem(() =>
        {
            // Each name is its own resource; one the caller may not read refuses the whole call, as SSM does.
            foreach (var name in names) context.AuthorizeItem(new Access(SsmParameters.ArnOf(context, name)));
            var found = new JsonArray();
            var invalid = new JsonArray();
            foreach (var name in names)
            {
                if (parameters.Describe(context, name, decrypt) is { } parameter) found.Add(parameter);
                else invalid.Add(name);
            }
            return JsonProtocol.WriteAsync(context.Http, new JsonObject { ["Parameters"] = found, ["InvalidParameters"] = invalid });
        });
    }

    private OperationCall GetParametersByPath(AwsRequestContext context)
    {
        var body = JsonProtocol.ParseBody(context.Body.Span);
        var path = body.RequiredString("Path");
        if (!path.StartsWith('/')) throw SsmErrors.Validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
        var recursive = body.OptionalBool("Recursive") ?? false;
        var decrypt = body.OptionalBool("WithDecryption") ?? false;
        var max = body.OptionalLong("MaxResults") ?? 10;
        if (max is < 1 or > 10)
            throw SsmErrors.Validation("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10");
        var after = body.OptionalString("NextToken") is { } token ? Decode(token) : null;
        return OperationCall.On(SsmParameters.ArnOf(context, path.TrimEnd('/')), () =>
        {
            var names = parameters.Under(context, path, recursive).Where(n => after is null || string.CompareOrdinal(n, after) > 0).ToList();
            var page = names.Take((int)max).ToList();
            var answer = new JsonObject { ["Parameters"] = new JsonArray([.. page.Select(n => (JsonNode)parameters.Describe(context, n, decrypt)!)]) };
            if (names.Count > page.Count) answer["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1]));
            return JsonProtocol.WriteAsync(context.Http, answer);
        });
    }

    private static string Decode(string token)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(token)); }
        catch (FormatException) { throw SsmErrors.InvalidNextToken(); }
    }
}
