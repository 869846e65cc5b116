namespace Piksel.Platform.Settings;

/// <summary>
/// An environment file is invalid. The message names the file, each field and what it allows; nothing has been
/// touched when this is thrown.
/// </summary>
public sealed class EnvironmentSettingsException : Exception
{
    /// <summary>Creates the exception for <paramref name="errors"/> found in <paramref name="file"/>.</summary>
    public EnvironmentSettingsException(string file, IReadOnlyList<SettingsError> errors)
        : base(errors.Count == 1
            ? $"{file}: {errors[0]}."
            : $"{file} has {errors.Count} invalid fields:\n  - " + string.Join(".\n  - ", errors) + ".")
    {
        File = file;
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public EnvironmentSettingsException()
    {
        File = "";
        Errors = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public EnvironmentSettingsException(string message)
        : base(message)
    {
        File = "";
        Errors = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public EnvironmentSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
        Errors = [];
    }

    /// <summary>The file, as it was named to the loader.</summary>
    public string File { get; }

    /// <summary>Every invalid field.</summary>
    public IReadOnlyList<SettingsError> Errors { get; }
}
