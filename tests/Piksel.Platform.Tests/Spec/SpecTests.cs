using Piksel.Platform.Policies;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Aws;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Spec;

public sealed class SpecTests
{
    [Fact]
    public void Attributes_flatten_dictionaries_skip_identity_and_hide_sensitive_values()
    {
        var widget = Widget.Named("a") with { Secret = new SensitiveString("s3cr3t!") };

        var attributes = ResourceAttributes.Of(widget).ToDictionary(a => a.Path);

        Assert.Equal("\"piksel-platform\"", attributes["tags.piksel:managed-by"].Value);
        Assert.DoesNotContain("name", attributes.Keys);
        Assert.DoesNotContain("dependsOn", attributes.Keys);
        Assert.StartsWith("sha256:", attributes["secret"].Value, StringComparison.Ordinal);
        Assert.True(attributes["secret"].Flags.HasFlag(AttributeFlags.Sensitive));
        Assert.True(attributes["zone"].Flags.HasFlag(AttributeFlags.ForceNew));
    }

    [Fact]
    public void Token_resolution_rewrites_policy_condition_keys_and_keeps_identity()
    {
        var provider = new IamOidcProvider { Name = "c", Account = "000000000000", Url = "https://x" };
        var role = new IamRole
        {
            Name = "r",
            Account = "000000000000",
            TrustPolicy = new PolicyDocumentBuilder()
                .Allow(s => s.Principal(PolicyPrincipal.Federated(provider.Arn.Token)).Actions("sts:AssumeRoleWithWebIdentity")
                    .StringEquals($"{provider.IssuerHost.Token}:aud", "sts.amazonaws.com"))
                .Build(),
            DependsOn = [new ResourceId("X", "y")],
        };
        Assert.Equal([provider.Arn, provider.IssuerHost], TokenResolution.References(role).OrderBy(r => r.Output));

        var resolved = TokenResolution.Resolve(role, r => r.Output == "arn" ? "arn:aws:iam::0:oidc-provider/h" : "h");

        Assert.Equal(
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::0:oidc-provider/h"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"h:aud":"sts.amazonaws.com"}}}]}""",
            resolved.TrustPolicy.ToJson());
        Assert.Equal(role.Id, resolved.Id);
        Assert.Equal(role.DependsOn, resolved.DependsOn);
        Assert.Empty(TokenResolution.References(resolved));
    }

    [Fact]
    public void Unknown_tokens_stay_in_place()
    {
        var widget = Widget.Named("b") with { Peer = new OutputRef(new ResourceId("Widget", "a"), "arn").Token };

        Assert.Equal(widget.Peer, TokenResolution.Resolve(widget, _ => null).Peer);
    }

    [Fact]
    public void Sensitive_values_survive_token_resolution()
    {
        var widget = Widget.Named("b") with { Secret = new SensitiveString("v"), Peer = new OutputRef(new ResourceId("Widget", "a"), "arn").Token };

        var resolved = TokenResolution.Resolve(widget, _ => "arn:x");

        Assert.Equal("v", resolved.Secret!.Reveal());
        Assert.Equal("arn:x", resolved.Peer);
    }

    [Fact]
    public void Generation_rules_describe_what_get_random_password_should_exclude()
    {
        var rules = new SecretGeneration { Punctuation = "#$&*+-=" };

        Assert.DoesNotContain('#', rules.ExcludeCharacters);
        Assert.Contains('@', rules.ExcludeCharacters);
        Assert.True(rules.IsSatisfiedBy("Abcdefghijklmnopqrstuvwxyz0123#$"));
        Assert.False(rules.IsSatisfiedBy("Abcdefghijklmnopqrstuvwxyz0123@$"));
        Assert.False(rules.IsSatisfiedBy("short#1A"));
    }

    [Fact]
    public void Kubernetes_identity_is_not_an_attribute_and_durations_print_as_kubernetes_writes_them()
    {
        var external = new Platform.Spec.Kubernetes.ExternalSecret
        {
            Name = "s",
            Namespace = "ns",
            Cluster = "c",
            StoreName = "store",
            RefreshInterval = TimeSpan.FromSeconds(90),
            Keys = [Platform.Spec.Kubernetes.ExternalSecretKey.Of("k", "v")],
        };

        var attributes = ResourceAttributes.Of(external).ToDictionary(a => a.Path, a => a.Value);

        Assert.DoesNotContain("key", attributes.Keys);
        Assert.DoesNotContain("namespace", attributes.Keys);
        Assert.Equal("\"1m30s\"", attributes["refreshInterval"]);
        Assert.Equal(TimeSpan.FromSeconds(90), TokenResolution.Resolve(external with { StoreName = "${ref:X.y#z}" }, _ => "resolved").RefreshInterval);
    }
}
