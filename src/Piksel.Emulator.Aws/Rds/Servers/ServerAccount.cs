using System.Diagnostics;
using System.Globalization;

namespace Piksel.Emulator.Aws.Rds.Servers;

/// <summary>
/// The operating-system account PostgreSQL runs as. PostgreSQL refuses to run as root, so a harness started as root runs
/// <c>initdb</c> and <c>postgres</c> as the <c>postgres</c> user (else <c>nobody</c>) through <c>setpriv</c>; otherwise
/// they run as the current user, directly.
/// </summary>
/// <remarks>
/// The server's data lives under the harness's own state directory, which may sit below a directory the unprivileged
/// user cannot enter (<c>/root</c> is 0700). Rather than open the user's directories to others, the server process keeps
/// one capability, CAP_DAC_READ_SEARCH (as an ambient capability, so it survives the exec into <c>postgres</c>): it may
/// traverse and read paths on the way to its data, while writing still needs the ownership it is given below.
/// </remarks>
internal sealed class ServerAccount
{
    private ServerAccount(int? uid, int? gid, string? name)
    {
        Uid = uid;
        Gid = gid;
        Name = name;
    }

    /// <summary>The user id servers run as; null when they run as the current user.</summary>
    public int? Uid { get; }

    /// <summary>The group id servers run as; null when they run as the current user.</summary>
    public int? Gid { get; }

    /// <summary>The account name, for messages; null when it is the current user.</summary>
    public string? Name { get; }

    /// <summary>The account for this process: an unprivileged one when running as root, else the current user.</summary>
    public static ServerAccount ForThisProcess()
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess) return new ServerAccount(null, null, null);
        foreach (var name in new[] { "postgres", "nobody" })
        {
            if (Lookup(name) is { } ids) return new ServerAccount(ids.Uid, ids.Gid, name);
        }
        throw new DatabaseServerUnavailableException(
            "PostgreSQL refuses to run as root and neither a `postgres` nor a `nobody` user exists to run it as: create one " +
            "(e.g. `useradd --system postgres`) or run the harness as an unprivileged user.");
    }

    /// <summary>How to run <paramref name="file"/> with <paramref name="arguments"/> as this account.</summary>
    public ProcessStartInfo Command(string file, IEnumerable<string> arguments)
    {
        if (Uid is null) return new ProcessStartInfo(file, arguments) { UseShellExecute = false };
        var start = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var option in new[]
                 {
                     $"--reuid={Uid.Value.ToString(CultureInfo.InvariantCulture)}",
                     $"--regid={Gid!.Value.ToString(CultureInfo.InvariantCulture)}",
                     "--clear-groups",
                     "--inh-caps=+dac_read_search",
                     "--ambient-caps=+dac_read_search",
                     "--",
                     file,
                 })
        {
            start.ArgumentList.Add(option);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>Hands <paramref name="path"/> (and everything under it) to this account; nothing to do for the current user.</summary>
    public async Task GiveAsync(string path, CancellationToken cancellationToken)
    {
        if (Uid is null) return;
        var owner = $"{Uid.Value.ToString(CultureInfo.InvariantCulture)}:{Gid!.Value.ToString(CultureInfo.InvariantCulture)}";
        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", "--", owner, path]) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = await chown.StandardError.ReadToEndAsync(cancellationToken);
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0) throw new IOException($"Could not give {path} to the {Name} user: {error.Trim()}");
    }

    private static (int Uid, int Gid)? Lookup(string name)
    {
        // /etc/passwd: name:password:uid:gid:gecos:home:shell. NSS sources beyond it (LDAP…) do not hold system users.
        if (!File.Exists("/etc/passwd")) return null;
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && int.TryParse(fields[2], CultureInfo.InvariantCulture, out var uid) && uid != 0
                && int.TryParse(fields[3], CultureInfo.InvariantCulture, out var gid))
            {
                return (uid, gid);
            }
        }
        return null;
    }
}
