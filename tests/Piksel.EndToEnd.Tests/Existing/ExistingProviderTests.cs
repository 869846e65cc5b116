using Piksel.Hosting.Clusters;
using Piksel.Hosting.Existing;
using Piksel.Platform.Providers;

namespace Piksel.EndToEnd.Tests.Existing;

/// <summary>The existing provider's clear errors, decided before anything is touched: capabilities, kubeconfig, contexts, accounts.</summary>
public sealed class ExistingProviderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("piksel-existing-unit-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Capabilities_are_what_the_user_declares_and_never_what_the_provider_cannot_be()
    {
        Assert.Equal(ProviderCapabilities.None, ExistingProviderOptions.ParseCapabilities(null));
        Assert.Equal(
            ProviderCapabilities.IamEnforcement | ProviderCapabilities.RealDatabase,
            ExistingProviderOptions.ParseCapabilities("IamEnforcement, realdatabase"));

        Assert.Contains("cannot claim EksApi", Assert.Throws<ArgumentException>(() => ExistingProviderOptions.ParseCapabilities("EksApi")).Message, StringComparison.Ordinal);
        Assert.Contains("cannot claim MovableClock", Assert.Throws<ArgumentException>(() => ExistingProviderOptions.ParseCapabilities("MovableClock")).Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => ExistingProviderOptions.ParseCapabilities("Telepathy"));
        Assert.Contains("'Telepathy' is not a capability", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("WebIdentityVerification", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ExistingProviderOptions.ParseCapabilities("3"));
    }

    [Fact]
    public void A_missing_kubeconfig_says_how_to_name_one()
    {
        var missing = Path.Combine(directory, "nope");

        var e = Assert.Throws<ClusterSourceException>(() => KubeconfigClusterSource.Open(missing, null));

        Assert.Equal($"The kubeconfig {missing} does not exist; give --kubeconfig PATH or set KUBECONFIG.", e.Message);
    }

    [Fact]
    public void A_context_not_in_the_kubeconfig_is_refused_listing_those_that_are()
    {
        var file = Kubeconfig();

        var e = Assert.Throws<ClusterSourceException>(() => KubeconfigClusterSource.Open(file, "prod"));

        Assert.Equal($"The kubeconfig {file} has no context 'prod'; it has: kind-dev, k3d-local.", e.Message);
    }

    [Fact]
    public async Task The_named_context_is_used_and_its_client_certificate_goes_into_the_kubeconfig_handed_out()
    {
        using var source = KubeconfigClusterSource.Open(Kubeconfig(), "k3d-local");

        var kubeconfig = await source.GetKubeconfigAsync("piksel-local", Ct);

        Assert.Equal("k3d-local", source.Context);
        Assert.Equal(new Uri("https://127.0.0.1:6551"), kubeconfig.Server);
        Assert.Equal("admin@k3d-local", kubeconfig.UserName);
        var credential = Assert.IsType<ClientCertificateCredential>(kubeconfig.Credential);
        Assert.Equal(TestCertificate.CertificateData, credential.CertificateData);
        Assert.DoesNotContain(credential.KeyData.Reveal(), credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_that_is_not_the_environment_is_refused_before_any_request()
    {
        var access = new ExistingAwsAccess(new Uri("http://127.0.0.1:1"), "ap-southeast-3", ["000000000000", "000000000001"], new ExistingProviderOptions
        {
            AwsEndpoint = new Uri("http://127.0.0.1:1"),
            StateDirectory = directory,
        });

        var e = await Assert.ThrowsAsync<AwsEndpointException>(async () => await access.GetCredentialsAsync("123456789012", Ct));

        Assert.Equal("The existing provider works in the environment's accounts (000000000000, 000000000001) only; it refuses account 123456789012.", e.Message);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_is_named()
    {
        var access = new ExistingAwsAccess(new Uri("http://127.0.0.1:1"), "ap-southeast-3", ["000000000000"], new ExistingProviderOptions
        {
            AwsEndpoint = new Uri("http://127.0.0.1:1"),
            StateDirectory = directory,
        });

        var e = await Assert.ThrowsAsync<AwsEndpointException>(async () => await access.GetCredentialsAsync("000000000000", Ct));

        Assert.StartsWith("The AWS endpoint http://127.0.0.1:1/ does not answer", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("test/test", e.Message, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Kubeconfig()
    {
        var file = Path.Combine(directory, "config");
        File.WriteAllText(file, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: kind-dev
              cluster:
                server: https://127.0.0.1:6550
                certificate-authority-data: {TestCertificate.CertificateData}
            - name: k3d-local
              cluster:
                server: https://127.0.0.1:6551
                certificate-authority-data: {TestCertificate.CertificateData}
            users:
            - name: kind-dev
              user:
                token: abc
            - name: admin@k3d-local
              user:
                client-certificate-data: {TestCertificate.CertificateData}
                client-key-data: {TestCertificate.KeyData}
            contexts:
            - name: kind-dev
              context:
                cluster: kind-dev
                user: kind-dev
            - name: k3d-local
              context:
                cluster: k3d-local
                user: admin@k3d-local
            current-context: kind-dev
            """);
        return file;
    }
}
