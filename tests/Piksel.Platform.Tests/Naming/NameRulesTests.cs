using Piksel.Platform.Naming;

namespace Piksel.Platform.Tests.Naming;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("piksel-dev-terria", true)]
    [InlineData("ab", false)]
    [InlineData("Upper-case", false)]
    [InlineData("double..dot", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("xn--punycode", false)]
    [InlineData("name-s3alias", false)]
    [InlineData("-leading", false)]
    public void S3_bucket_names(string name, bool valid) => Assert.Equal(valid, NameRules.S3Bucket.Check(name) is null);

    [Theory]
    [InlineData("piksel-dev-argo", true)]
    [InlineData("a+b=c,d.e@f_g-h", true)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void Iam_role_names(string name, bool valid) => Assert.Equal(valid, NameRules.IamRole.Check(name) is null);

    [Fact]
    public void Iam_role_names_stop_at_64_characters()
    {
        Assert.Null(NameRules.IamRole.Check(new string('a', 64)));
        Assert.NotNull(NameRules.IamRole.Check(new string('a', 65)));
    }

    [Theory]
    [InlineData("odc-stac", true)]
    [InlineData("Odc", false)]
    [InlineData("odc_stac", false)]
    [InlineData("odc-", false)]
    public void Kubernetes_label_names(string name, bool valid) => Assert.Equal(valid, NameRules.KubernetesLabelName.Check(name) is null);

    [Theory]
    [InlineData("alias/piksel-dev", true)]
    [InlineData("alias/aws/secretsmanager", false)]
    [InlineData("piksel-dev", false)]
    public void Kms_aliases(string name, bool valid) => Assert.Equal(valid, NameRules.KmsAlias.Check(name) is null);

    [Theory]
    [InlineData("piksel_dev", true)]
    [InlineData("piksel-dev", false)]
    [InlineData("1piksel", false)]
    public void Postgres_master_users(string name, bool valid) => Assert.Equal(valid, NameRules.PostgresUser.Check(name) is null);

    [Fact]
    public void Every_name_of_the_real_environments_is_valid()
    {
        foreach (var env in new[] { "local", "dev", "staging", "production" })
        {
            Assert.All(new PikselNames(env).All(), n => Assert.Null(n.Rule.Check(n.Name)));
        }
    }
}
