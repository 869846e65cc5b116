namespace Piksel.Platform.Verification;

/// <summary><c>secretsmanager:GetSecretValue</c> of a secret (the value is read and dropped, never shown).</summary>
public sealed record SecretReadProbe(string SecretName) : AccessProbe
{
    public override string Action => "secretsmanager:GetSecretValue";

    public override string Target => SecretName;
}
