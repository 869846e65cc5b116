namespace Piksel.Platform.Verification;

/// <summary>
/// <c>secretsmanager:PutSecretValue</c> of a secret: a probe expected to be denied, so nothing is written. Were it ever
/// allowed, the verifier puts the previous value back at once.
/// </summary>
public sealed record SecretWriteProbe(string SecretName) : AccessProbe
{
    public override string Action => "secretsmanager:PutSecretValue";

    public override string Target => SecretName;
}
