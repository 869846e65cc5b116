using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Piksel.Platform.Providers;

/// <summary>Renders a <see cref="ClusterKubeconfig"/> as the kubeconfig file kubectl and KubernetesClient read.</summary>
public static partial class KubeconfigYaml
{
    // Plain scalars YAML would read as something other than a string.
    private static readonly HashSet<string> YamlWords = new(["true", "false", "yes", "no", "on", "off", "null", "y", "n"], StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The kubeconfig's YAML. It holds the credential as it is (a client key, for a certificate): write it only to a
    /// file its owner alone may read.
    /// </summary>
    public static string Render(ClusterKubeconfig kubeconfig)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        var cluster = Scalar(kubeconfig.ClusterName);
        var user = Scalar(kubeconfig.UserName);
        var yaml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"""
                apiVersion: v1
                kind: Config
                clusters:
                - name: {cluster}
                  cluster:
                    server: {Scalar(kubeconfig.Server.ToString().TrimEnd('/'))}
                    certificate-authority-data: {Scalar(kubeconfig.CertificateAuthorityData)}
                users:
                - name: {user}
                  user:

                """);
        AppendCredential(yaml, kubeconfig.Credential);
        return yaml.Append(CultureInfo.InvariantCulture, $$"""
            contexts:
            - name: {{cluster}}
              context:
                cluster: {{cluster}}
                user: {{user}}
                namespace: default
            current-context: {{cluster}}
            preferences: {}

            """).ToString();
    }

    private static void AppendCredential(StringBuilder yaml, KubeconfigCredential credential)
    {
        switch (credential)
        {
            case ClientCertificateCredential certificate:
                yaml.Append(CultureInfo.InvariantCulture, $"    client-certificate-data: {Scalar(certificate.CertificateData)}\n")
                    .Append(CultureInfo.InvariantCulture, $"    client-key-data: {Scalar(certificate.KeyData.Reveal())}\n");
                break;
            case ExecCredential exec:
                yaml.Append("    exec:\n")
                    .Append("      apiVersion: client.authentication.k8s.io/v1beta1\n")
                    .Append(CultureInfo.InvariantCulture, $"      command: {Scalar(exec.Command)}\n")
                    .Append("      args:\n");
                foreach (var argument in exec.Arguments)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"      - {Scalar(argument)}\n");
                }

                if (exec.Environment.Count > 0)
                {
                    yaml.Append("      env:\n");
                    foreach (var (name, value) in exec.Environment)
                    {
                        yaml.Append(CultureInfo.InvariantCulture, $"      - name: {Scalar(name)}\n        value: {Scalar(value)}\n");
                    }
                }

                break;
            default:
                throw new ArgumentException($"A kubeconfig cannot hold a {credential.GetType().Name}.", nameof(credential));
        }
    }

    /// <summary>The value as a plain YAML scalar when it reads back as that string, else double-quoted (JSON's escapes are YAML's).</summary>
    private static string Scalar(string value) =>
        PlainScalar().IsMatch(value) && !YamlWords.Contains(value) ? value : JsonSerializer.Serialize(value);

    // Letters, digits and the punctuation of names, URLs and base64, led by a letter, a slash or a dash before a letter
    // or dash (an option, --region): never a number, another indicator (?, :, #, …) or a space that could end the value.
    [GeneratedRegex("^(?:[A-Za-z/]|-[A-Za-z-])[A-Za-z0-9._/:+=@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainScalar();
}
