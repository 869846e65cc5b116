using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>The secret a request names (null when there is none) and the access an action on it is authorized against.</summary>
internal sealed record SecretTarget(SecretRecord? Secret, Access Access)
{
    /// <summary>The secret, once authorized: ResourceNotFoundException when missing, InvalidRequestException when scheduled for deletion (unless allowed).</summary>
    public SecretRecord Require(bool allowDeleted = false)
    {
        var secret = Secret ?? throw SecretsManagerErrors.NotFound();
        if (secret.IsDeleted && !allowDeleted) throw SecretsManagerErrors.MarkedForDeletion();
        return secret;
    }

    /// <summary>Authorizes the operation's declared action on the secret, then answers what <paramref name="run"/> makes of it.</summary>
    public OperationCall Answer(AwsRequestContext context, Func<SecretRecord, JsonObject> run, bool allowDeleted = false) =>
        OperationCall.On(Access, () => JsonProtocol.WriteAsync(context.Http, run(Require(allowDeleted))));
}
