namespace Piksel.Hosting.Aws;

/// <summary>
/// The credentials belong to another account than the environment's: the run stops before any read or write. The
/// message names the expected account, the caller's account and the caller's ARN.
/// </summary>
public sealed class AccountGuardException : AwsProviderException
{
    /// <summary>Creates the exception for a caller of <paramref name="callerAccount"/> (<paramref name="callerArn"/>) where <paramref name="expectedAccount"/> was expected.</summary>
    public AccountGuardException(string expectedAccount, string callerAccount, string callerArn, string environment)
        : base($"account guard: environment '{environment}' is account {expectedAccount}, but the credentials are account {callerAccount} ({callerArn}); nothing was touched. Use credentials or a --profile of account {expectedAccount}.")
    {
        ExpectedAccount = expectedAccount;
        CallerAccount = callerAccount;
        CallerArn = callerArn;
    }

    /// <summary>The environment's account.</summary>
    public string ExpectedAccount { get; }

    /// <summary>The account the credentials belong to.</summary>
    public string CallerAccount { get; }

    /// <summary>The caller's ARN as STS GetCallerIdentity reported it.</summary>
    public string CallerArn { get; }
}
