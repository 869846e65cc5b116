using System.Diagnostics;
using Piksel.Emulator.Aws.Rds;
using Piksel.Emulator.Aws.Tests.Rds.Servers;

namespace Piksel.Emulator.Aws.Tests.Rds.Cli;

/// <summary>An instance on the machine's PostgreSQL, made and described with the AWS CLI, reached with psql at its endpoint.</summary>
public sealed class RdsPsqlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [PostgresFact]
    public async Task Psql_with_the_master_user_runs_a_query_on_the_endpoint_the_cli_describes()
    {
        await using var emulator = await AwsEmulator.StartAsync(new AwsEmulatorOptions { Port = 0, Rds = new RdsOptions { BackingUp = TimeSpan.Zero } }, cancellationToken: Ct);
        var cli = new RdsCli(emulator.Endpoint);
        var group = await cli.SubnetGroupAsync();
        var major = (await cli.JsonAsync("rds", "describe-db-engine-versions", "--engine", "postgres"))["DBEngineVersions"]![0]!["EngineVersion"]!.GetValue<string>();
        await cli.JsonAsync("rds", "create-db-instance", "--db-instance-identifier", "real-db", "--db-instance-class", "db.t3.micro", "--engine", "postgres",
            "--engine-version", major, "--master-username", "piksel_real", "--master-user-password", "Real-pass-1", "--allocated-storage", "20",
            "--db-subnet-group-name", group, "--db-name", "app");
        var db = await cli.InstanceAsync("real-db");
        for (var i = 0; i < 300 && db["DBInstanceStatus"]!.GetValue<string>() != "available"; i++)
        {
            await Task.Delay(100, Ct);
            db = await cli.InstanceAsync("real-db");
        }
        Assert.Equal("available", db["DBInstanceStatus"]!.GetValue<string>());

        var start = new ProcessStartInfo("psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args = ["-h", db["Endpoint"]!["Address"]!.GetValue<string>(), "-p", db["Endpoint"]!["Port"]!.ToJsonString(),
            "-U", "piksel_real", "-d", "app", "-tAc", "select 1", "-w"];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["PGPASSWORD"] = "Real-pass-1";
        start.Environment["PGCONNECT_TIMEOUT"] = "10";
        using var psql = Process.Start(start)!;
        var output = await psql.StandardOutput.ReadToEndAsync(Ct);
        var error = await psql.StandardError.ReadToEndAsync(Ct);
        await psql.WaitForExitAsync(Ct);
        Assert.True(psql.ExitCode == 0, error);
        Assert.Equal("1", output.Trim());

        await cli.JsonAsync("rds", "delete-db-instance", "--db-instance-identifier", "real-db", "--skip-final-snapshot");
    }
}
