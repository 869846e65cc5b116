namespace Piksel.Hosting.Aws;

/// <summary>
/// The <c>aws</c> provider cannot start: a setting is wrong or an account cannot be reached as the environment says.
/// Nothing was read or written. The message says what to fix and never holds a secret.
/// </summary>
public class AwsProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsProviderException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwsProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AwsProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
