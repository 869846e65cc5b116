using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Piksel.Emulator.Aws.Eks.ExternalSecrets;

/// <summary>An AWS call that failed, with the text the Go SDK v2 gives such an error (what ESO reports); never a secret value.</summary>
internal sealed class ProviderException(string message, string? code = null) : Exception(message)
{
    /// <summary>The AWS error code (<c>AccessDeniedException</c>, <c>UnrecognizedClientException</c>, …), when the service gave one.</summary>
    public string? Code { get; } = code;

    /// <summary>True when the error says the credentials themselves are no good (unknown, expired, badly signed), not that they may not do this.</summary>
    public bool IsCredentialFailure => Code is "UnrecognizedClientException" or "InvalidClientTokenId" or "ExpiredToken" or "ExpiredTokenException"
        or "InvalidSignatureException" or "SignatureDoesNotMatch" or "IncompleteSignature" or "IncompleteSignatureException";
}

/// <summary>What GetSecretValue returned: the string, or the binary when the secret has no string.</summary>
internal sealed record SecretValue(string? SecretString, byte[]? SecretBinary);

/// <summary>
/// The operator's AWS provider over HTTP, as ESO's SecretsManager provider with JWT auth does it: an unsigned
/// <c>AssumeRoleWithWebIdentity</c> for the service account's role, then <c>GetSecretValue</c> signed with the session.
/// </summary>
internal sealed class ProviderClient(HttpClient http, Uri endpoint, TimeProvider time)
{
    /// <summary>The session name ESO uses (<c>providers/v1/aws/auth/auth.go</c>).</summary>
    public const string SessionName = "external-secrets-provider-aws";

    /// <summary>Exchanges a service-account token for session credentials of <paramref name="roleArn"/>.</summary>
    public async Task<SessionCredentials> AssumeRoleWithWebIdentityAsync(string roleArn, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Action"] = "AssumeRoleWithWebIdentity",
                ["Version"] = "2011-06-15",
                ["RoleArn"] = roleArn,
                ["RoleSessionName"] = SessionName,
                ["WebIdentityToken"] = token,
            }),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var xml = TryParse(text);
        if (!response.IsSuccessStatusCode)
        {
            var error = xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            throw Failure("STS", "AssumeRoleWithWebIdentity", response, Child(error, "Code"), Child(error, "Message"),
                xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value);
        }
        var credentials = xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == "Credentials");
        // Without a readable expiry the session is used for this sync only.
        var expiration = DateTimeOffset.TryParse(Child(credentials, "Expiration"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue;
        return new SessionCredentials(Child(credentials, "AccessKeyId") ?? "", Child(credentials, "SecretAccessKey") ?? "", Child(credentials, "SessionToken") ?? "", expiration);
    }

    /// <summary>Reads a secret's value (<paramref name="version"/> <c>uuid/&lt;id&gt;</c> is a VersionId, anything else a stage).</summary>
    public async Task<SecretValue> GetSecretValueAsync(SessionCredentials credentials, string region, string key, string? version, CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["SecretId"] = key };
        if (version is { Length: > 0 } && version.StartsWith("uuid/", StringComparison.Ordinal)) input["VersionId"] = version["uuid/".Length..];
        else input["VersionStage"] = version is { Length: > 0 } ? version : "AWSCURRENT";
        var body = Encoding.UTF8.GetBytes(input.ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager.GetSecretValue");
        SigV4Signer.Sign(request, body, credentials, region, "secretsmanager", time.GetUtcNow());
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? json;
        try { json = JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { json = null; }
        if (!response.IsSuccessStatusCode)
        {
            var type = json?["__type"]?.GetValue<string>() ?? "UnknownError";
            var code = type[(type.LastIndexOf('#') + 1)..];
            var message = (json?["message"] ?? json?["Message"])?.GetValue<string>();
            var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
            throw Failure("Secrets Manager", "GetSecretValue", response, code, message, requestId);
        }
        return new SecretValue(json?["SecretString"]?.GetValue<string>(),
            json?["SecretBinary"]?.GetValue<string>() is { } binary ? Convert.FromBase64String(binary) : null);
    }

    private static ProviderException Failure(string service, string operation, HttpResponseMessage response, string? code, string? message, string? requestId) =>
        // The shape of aws-sdk-go-v2's OperationError around a ResponseError around the API error.
        new(string.Create(CultureInfo.InvariantCulture,
            $"operation error {service}: {operation}, https response error StatusCode: {(int)response.StatusCode}, RequestID: {requestId}, api error {code ?? "UnknownError"}: {message}"), code);

    private static XDocument? TryParse(string text)
    {
        try { return XDocument.Parse(text); }
        catch (System.Xml.XmlException) { return null; }
    }

    private static string? Child(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
