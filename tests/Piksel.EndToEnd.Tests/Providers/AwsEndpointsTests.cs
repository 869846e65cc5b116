using Piksel.Hosting.Aws;

namespace Piksel.EndToEnd.Tests.Providers;

public sealed class AwsEndpointsTests
{
    [Fact]
    public void A_service_s_own_endpoint_wins_over_the_global_one()
    {
        var endpoints = AwsEndpoints.Read(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_ENDPOINT_URL_STS"] = "http://sts.local:1234",
            ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = "https://secrets.local/",
        }.GetValueOrDefault);

        Assert.Equal(new Uri("http://localhost:4566"), endpoints.Global);
        Assert.Equal(new Uri("http://sts.local:1234"), endpoints.For("sts"));
        Assert.Equal(new Uri("https://secrets.local/"), endpoints.For("secretsmanager"));
        Assert.Equal(new Uri("http://localhost:4566"), endpoints.For("eks"));
    }

    [Theory]
    [InlineData("sts", "AWS_ENDPOINT_URL_STS")]
    [InlineData("iam", "AWS_ENDPOINT_URL_IAM")]
    [InlineData("eks", "AWS_ENDPOINT_URL_EKS")]
    [InlineData("rds", "AWS_ENDPOINT_URL_RDS")]
    [InlineData("s3", "AWS_ENDPOINT_URL_S3")]
    [InlineData("ec2", "AWS_ENDPOINT_URL_EC2")]
    [InlineData("kms", "AWS_ENDPOINT_URL_KMS")]
    [InlineData("secretsmanager", "AWS_ENDPOINT_URL_SECRETS_MANAGER")]
    [InlineData("logs", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS")]
    public void Each_service_reads_the_variable_the_AWS_SDKs_read(string service, string variable) =>
        Assert.Equal(variable, AwsEndpoints.VariableFor(service));

    [Fact]
    public void Nothing_set_or_ignored_means_AWS_s_own_endpoints()
    {
        Assert.Null(AwsEndpoints.Read(_ => null).For("sts"));
        var ignored = AwsEndpoints.Read(new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://localhost:4566",
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true",
        }.GetValueOrDefault);
        Assert.Null(ignored.Global);
        Assert.Null(ignored.For("sts"));
    }

    [Theory]
    [InlineData("localhost:4566")]
    [InlineData("ftp://localhost/")]
    [InlineData("not a url")]
    public void A_bad_endpoint_is_refused_naming_its_variable(string value)
    {
        var error = Assert.Throws<AwsProviderException>(() => AwsEndpoints.Read(new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_EKS"] = value }.GetValueOrDefault).For("eks"));
        Assert.Contains("AWS_ENDPOINT_URL_EKS must be an http:// or https:// URL", error.Message, StringComparison.Ordinal);
    }
}
