using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Piksel.Emulator.Aws;
using Piksel.Emulator.Aws.Hosting;

namespace Piksel.AppHost;

/// <summary><c>emulator aws</c> and <c>emulator kubernetes</c>: runs one emulator alone until Ctrl+C.</summary>
internal static class EmulatorCommands
{
    public static Command Create()
    {
        var emulator = new Command("emulator", "Run one emulator on its own until Ctrl+C.");
        var port = new Option<int>("--port") { Description = "Port of the edge endpoint (0 = any free port).", DefaultValueFactory = _ => 4566 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep state here across restarts (default: memory only)." };
        var trustCa = new Option<string[]>("--trust-ca") { Description = "PEM file of CA certificates trusted when fetching OIDC issuers' discovery and JWKS (repeatable).", AllowMultipleArgumentsPerToken = false };
        var resolve = new Option<string[]>("--resolve") { Description = "HOST=ADDRESS:PORT: reach an OIDC issuer host at a local address, like curl --resolve (repeatable)." };
        var accounts = new Option<string[]>("--account") { Description = "ACCOUNT_ID:ACCESS_KEY_ID:SECRET: another account and its root keys (repeatable; 000000000000 with test/test is always there)." };
        var faults = new FaultArguments();
        var aws = new Command("aws", "The embedded AWS: IAM, STS, Secrets Manager, KMS and S3 on one endpoint, SigV4 and IAM enforced.") { port, dataDir, trustCa, resolve, accounts };
        foreach (var option in faults.Options) aws.Options.Add(option);
        aws.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await RunAwsAsync(parse, cancellationToken);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                // The master key is missing or not the one that sealed --data-dir: the message names the file.
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        emulator.Subcommands.Add(aws);
        emulator.Subcommands.Add(KubernetesEmulatorCommand.Create());
        return emulator;

        async Task<int> RunAwsAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var authorities = new X509Certificate2Collection();
            foreach (var file in parse.GetValue(trustCa) ?? []) authorities.ImportFromPemFile(file);
            var hosts = (parse.GetValue(resolve) ?? []).Select(OidcHttpHandlers.ParseResolve).ToDictionary(StringComparer.OrdinalIgnoreCase);
            var options = new AwsEmulatorOptions
            {
                Port = parse.GetValue(port),
                DataDirectory = parse.GetValue(dataDir) is { } d ? Path.GetFullPath(d) : null,
                Accounts = [AccountOptions.Default, .. (parse.GetValue(accounts) ?? []).Select(ParseAccount)],
                TrustedCertificateAuthorities = authorities,
                OidcHttpHandlerFactory = authorities.Count > 0 || hosts.Count > 0 ? OidcHttpHandlers.Create(authorities, hosts) : null,
                Faults = faults.Read(parse),
            };
            await using var running = await AwsEmulator.StartAsync(options, loggerFactory, cancellationToken);
            var account = options.Accounts[0];
            foreach (var other in options.Accounts.Skip(1)) Console.WriteLine($"  account {other.AccountId}: AWS_ACCESS_KEY_ID={other.AccessKeyId}");
            Console.WriteLine($"AWS emulator ready at {running.Endpoint}");
            Console.WriteLine($"  export AWS_ENDPOINT_URL={running.Endpoint.ToString().TrimEnd('/')}");
            Console.WriteLine($"  export AWS_ACCESS_KEY_ID={account.AccessKeyId} AWS_SECRET_ACCESS_KEY={account.SecretAccessKey} AWS_REGION={options.DefaultRegion} AWS_DEFAULT_REGION={options.DefaultRegion}");
            Console.WriteLine($"  account {account.AccountId}; state: {options.DataDirectory ?? "in memory"}. Ctrl+C stops.");
            if (FaultArguments.Describe(options.Faults, running.Endpoint) is { } active) Console.WriteLine(active);
            try { await Task.Delay(Timeout.Infinite, cancellationToken); }
            catch (OperationCanceledException) { }
            Console.WriteLine("AWS emulator stopped.");
            return 0;
        }
    }

    private static AccountOptions ParseAccount(string text)
    {
        var parts = text.Split(':', 3);
        if (parts.Length != 3) throw new ArgumentException($"--account '{text}' must look like ACCOUNT_ID:ACCESS_KEY_ID:SECRET, e.g. 111111111111:hub:hub-secret.");
        return new AccountOptions(parts[0], parts[1], parts[2]);
    }
}
