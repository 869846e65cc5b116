using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;
using static Piksel.Emulator.Aws.SecretsManager.SecretsManagerParameters;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>GetRandomPassword, which touches no secret.</summary>
internal sealed class RandomPasswordOperations : IOperationGroup
{
    /// <inheritdoc />
    public void Register(OperationTable table) => table.Add("GetRandomPassword", "secretsmanager:GetRandomPassword", GetRandomPassword);

    private static OperationCall GetRandomPassword(AwsRequestContext context)
    {
        var body = Body(context);
        return Answer(context, Access.Any, () =>
        {
            var options = new RandomPasswordOptions
            {
                PasswordLength = body.OptionalLong("PasswordLength") ?? 32,
                ExcludeCharacters = body.OptionalString("ExcludeCharacters") ?? "",
                ExcludeNumbers = body.OptionalBool("ExcludeNumbers") ?? false,
                ExcludePunctuation = body.OptionalBool("ExcludePunctuation") ?? false,
                ExcludeUppercase = body.OptionalBool("ExcludeUppercase") ?? false,
                ExcludeLowercase = body.OptionalBool("ExcludeLowercase") ?? false,
                IncludeSpace = body.OptionalBool("IncludeSpace") ?? false,
                RequireEachIncludedType = body.OptionalBool("RequireEachIncludedType") ?? true,
            };
            return new JsonObject { ["RandomPassword"] = RandomPassword.Generate(options) };
        });
    }
}
