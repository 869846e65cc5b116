using System.Text.RegularExpressions;

namespace Piksel.Emulator.Aws.Rds;

/// <summary>RDS's rules for identifiers, the master user and its password, and storage, with its sentences.</summary>
internal static partial class InstanceValidation
{
    private static readonly HashSet<string> ReservedUsernames = new(
        ["postgres", "rdsadmin", "rds_superuser", "rdsrepladmin", "rds_replication", "admin", "user", "public", "all", "select", "table", "role", "grant", "session_user", "current_user"],
        StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{0,62}(?<!-)$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]{0,15}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9_]{0,62}$")]
    private static partial Regex DbNamePattern();

    /// <summary>An instance or snapshot identifier (1–63, letter first, no <c>--</c> or trailing <c>-</c>), lowercased as RDS stores it.</summary>
    public static string Identifier(string value, string parameter) =>
        IdentifierPattern().IsMatch(value) ? value.ToLowerInvariant()
        : throw RdsErrors.InvalidParameterValue($"The parameter {parameter} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.");

    public static string Username(string value)
    {
        if (!UsernamePattern().IsMatch(value))
            throw RdsErrors.InvalidParameterValue("The parameter MasterUsername is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and underscores; and must be 1 to 16 characters long.");
        return ReservedUsernames.Contains(value) || value.StartsWith("rds", StringComparison.OrdinalIgnoreCase) || value.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)
            ? throw RdsErrors.InvalidParameterValue($"MasterUsername {value} cannot be used as it is a reserved word used by the engine")
            : value;
    }

    /// <summary>8–128 printable ASCII characters other than <c>/</c>, <c>"</c>, <c>@</c> and space. The password is never repeated.</summary>
    public static string Password(string value)
    {
        if (value.Length < 8) throw RdsErrors.InvalidParameterValue("The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters.");
        if (value.Length > 128) throw RdsErrors.InvalidParameterValue("The parameter MasterUserPassword is not a valid password because it is longer than 128 characters.");
        return value.All(c => c is > ' ' and < (char)127 and not '/' and not '"' and not '@') ? value
            : throw RdsErrors.InvalidParameterValue("The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.");
    }

    public static string DbName(string value) =>
        DbNamePattern().IsMatch(value) && !ReservedUsernames.Contains(value) && !value.Equals("template0", StringComparison.OrdinalIgnoreCase) && !value.Equals("template1", StringComparison.OrdinalIgnoreCase)
            ? value
            : throw RdsErrors.InvalidParameterValue($"DBName must begin with a letter and contain only alphanumeric characters, and must not be a word reserved by the engine.");

    /// <summary>gp3 storage of 20–65536 GiB.</summary>
    public static int Storage(int gib, string storageType) =>
        gib is >= 20 and <= 65536 ? gib
        : throw RdsErrors.InvalidParameterValue($"Invalid storage size for engine name postgres and storage type {storageType}: {gib}");

    public static int BackupRetention(int days) =>
        days is >= 0 and <= 35 ? days : throw RdsErrors.InvalidParameterValue("Invalid backup retention period, valid values are 0-35.");

    public static int Port(int port) =>
        port is >= 1150 and <= 65535 ? port : throw RdsErrors.InvalidParameterValue($"Invalid port {port}. The port must be between 1150 and 65535.");
}
