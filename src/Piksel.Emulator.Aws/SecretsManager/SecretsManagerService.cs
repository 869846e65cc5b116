using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Kms;
using Piksel.Emulator.Aws.Policy;
using Piksel.Emulator.Aws.Protocol;
using Piksel.Emulator.Aws.State;

namespace Piksel.Emulator.Aws.SecretsManager;

/// <summary>
/// Secrets Manager (awsJson1.1, <c>X-Amz-Target: secretsmanager.&lt;Op&gt;</c>): versioned secrets with staging labels,
/// values encrypted under KMS keys (read back through KMS with the caller's own kms:Decrypt rights), scheduled
/// deletion on the injected clock, tags, resource policies and GetRandomPassword.
/// </summary>
public sealed partial class SecretsManagerService : IAwsService
{
    private const string Current = "AWSCURRENT";
    private const string Previous = "AWSPREVIOUS";
    private readonly Table<SecretRecord> secrets;
    private readonly KmsKeys kms;
    private readonly EmulatorState state;

    /// <summary>The service over the shared state.</summary>
    public SecretsManagerService(EmulatorState state)
    {
        this.state = state;
        secrets = state.Store.Table<SecretRecord>("secretsmanager.secrets");
        kms = new KmsKeys(state);
    }

    /// <inheritdoc />
    public string SigningName => "secretsmanager";

    /// <inheritdoc />
    public AwsProtocol Protocol => AwsProtocol.Json11;

    /// <inheritdoc />
    public Task HandleAsync(AwsRequestContext context, CancellationToken cancellationToken)
    {
        var target = context.Http.Request.Headers["X-Amz-Target"].ToString();
        var operation = target.StartsWith("secretsmanager.", StringComparison.Ordinal) ? target["secretsmanager.".Length..] : "";
        var body = JsonProtocol.ParseBody(context.Body.Span);
        JsonObject answer = operation switch
        {
            "CreateSecret" => CreateSecret(context, body),
            "GetSecretValue" => GetSecretValue(context, body),
            "PutSecretValue" => PutSecretValue(context, body),
            "UpdateSecret" => UpdateSecret(context, body),
            "UpdateSecretVersionStage" => UpdateSecretVersionStage(context, body),
            "DescribeSecret" => DescribeSecret(context, body),
            "ListSecrets" => ListSecrets(context, body),
            "ListSecretVersionIds" => ListSecretVersionIds(context, body),
            "DeleteSecret" => DeleteSecret(context, body),
            "RestoreSecret" => RestoreSecret(context, body),
            "TagResource" => TagResource(context, body),
            "UntagResource" => UntagResource(context, body),
            "PutResourcePolicy" => PutResourcePolicy(context, body),
            "GetResourcePolicy" => GetResourcePolicy(context, body),
            "DeleteResourcePolicy" => DeleteResourcePolicy(context, body),
            "ValidateResourcePolicy" => ValidateResourcePolicy(context, body),
            "GetRandomPassword" => GetRandomPassword(context, body),
            _ => throw new AwsServiceException("UnknownOperationException", $"Operation {operation} is not supported by the Secrets Manager emulator."),
        };
        return JsonProtocol.WriteAsync(context.Http, answer);
    }

    private static string Row(string account, string region, string name) => $"{account}/{region}/{name}";

    private static string Row(SecretRecord secret) => Row(secret.Account, secret.Region, secret.Name);

    /// <summary>
    /// Finds the secret named by <c>SecretId</c> (name, full ARN or partial ARN without the random suffix) and
    /// authorizes <paramref name="action"/> on it with its resource policy. A missing secret is authorized on the ARN
    /// it would have before ResourceNotFoundException, so callers without rights learn nothing about existence.
    /// </summary>
    private SecretRecord Secret(AwsRequestContext context, JsonObject body, string action, bool allowDeleted = false)
    {
        var id = body.RequiredString("SecretId");
        var (account, region, secret) = Lookup(context, id);
        if (secret is null)
        {
            context.Authorize(action, $"arn:aws:secretsmanager:{region}:{account}:secret:{NameFromId(id)}", null, account);
            throw SecretsManagerErrors.NotFound();
        }
        Authorize(context, secret, action);
        if (secret.IsDeleted && !allowDeleted) throw SecretsManagerErrors.MarkedForDeletion();
        return secret;
    }

    private void Authorize(AwsRequestContext context, SecretRecord secret, string action)
    {
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["secretsmanager:SecretId"] = [secret.Arn],
            ["secretsmanager:Name"] = [secret.Name],
        };
        foreach (var tag in secret.Tags)
        {
            keys[$"secretsmanager:ResourceTag/{tag.Key}"] = [tag.Value];
            keys[$"aws:ResourceTag/{tag.Key}"] = [tag.Value];
        }
        context.Authorize(action, secret.Arn, secret.ResourcePolicy is { } policy ? new ResourcePolicy(policy) : null, secret.Account, keys);
    }

    private (string Account, string Region, SecretRecord? Secret) Lookup(AwsRequestContext context, string id)
    {
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn.TryParse(id);
            if (arn is null || arn.Service != "secretsmanager" || !arn.Resource.StartsWith("secret:", StringComparison.Ordinal))
                throw SecretsManagerErrors.Validation("Invalid SecretId: an ARN must name a Secrets Manager secret.");
            var exact = secrets.Values.FirstOrDefault(s => s.Arn == id);
            return (arn.Account, arn.Region, Live(exact ?? secrets.Find(Row(arn.Account, arn.Region, arn.Resource["secret:".Length..]))));
        }
        return (context.AccountId, context.Region, Live(secrets.Find(Row(context.AccountId, context.Region, id))));
    }

    private static string NameFromId(string id) => Arn.TryParse(id) is { } arn ? arn.Resource["secret:".Length..] : id;

    // A secret whose recovery window has passed is gone for good, as AWS purges it at the deadline.
    private SecretRecord? Live(SecretRecord? secret)
    {
        if (secret?.DeletionDate is not { } deadline || deadline > state.Time.GetUtcNow()) return secret;
        secrets.Remove(Row(secret));
        return null;
    }

    private SecretRecord Save(SecretRecord secret)
    {
        secrets.Put(Row(secret), secret);
        return secret;
    }

    private static JsonObject Identity(SecretRecord secret) => new() { ["ARN"] = secret.Arn, ["Name"] = secret.Name };

    private static string RandomSuffix()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return RandomNumberGenerator.GetString(alphabet, 6);
    }
}
