using System.Net;
using Amazon.Runtime;
using Piksel.Platform.Aws.Handlers;
using Piksel.Platform.Aws.Http;
using Piksel.Platform.Aws.Rds;
using Piksel.Platform.Aws.Tests.Infrastructure;
using Piksel.Platform.Providers;
using Piksel.Platform.Spec.Aws;

namespace Piksel.Platform.Aws.Tests.Handlers;

public sealed class AwsErrorsTests
{
    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("ConcurrentModification", HttpStatusCode.Conflict)]
    [InlineData("Anything", HttpStatusCode.TooManyRequests)]
    [InlineData("Anything", HttpStatusCode.ServiceUnavailable)]
    public async Task Throttling_and_transient_errors_become_retryable(string code, HttpStatusCode status)
    {
        var e = await Assert.ThrowsAsync<RetryableResourceException>(() =>
            AwsErrors.Guard("call", () => Task.FromException(new AwsApiException(code, "slow down", status, "req"))));
        Assert.IsType<AwsApiException>(e.InnerException);
        Assert.Contains(code == "Anything" ? "Anything" : code, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TooManyRequestsException", HttpStatusCode.TooManyRequests)]
    [InlineData("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable)]
    [InlineData("ServiceFailure", HttpStatusCode.InternalServerError)]
    [InlineData("ServerException", HttpStatusCode.InternalServerError)]
    [InlineData("Unavailable", HttpStatusCode.ServiceUnavailable)]
    [InlineData("KMSInternalException", HttpStatusCode.InternalServerError)]
    [InlineData("IDPCommunicationError", HttpStatusCode.BadRequest)]
    [InlineData("Anything", HttpStatusCode.InternalServerError)]
    [InlineData("Anything", HttpStatusCode.BadGateway)]
    [InlineData("Anything", HttpStatusCode.GatewayTimeout)]
    public async Task Every_throttling_code_and_server_error_the_emulator_injects_is_retryable(string code, HttpStatusCode status) =>
        await Assert.ThrowsAsync<RetryableResourceException>(() =>
            AwsErrors.Guard("call", () => Task.FromException(new AwsApiException(code, "try later", status, "req"))));

    [Theory]
    [InlineData("InvalidParameterException", "Role with arn: arn:aws:iam::000000000000:role/r, could not be assumed because it does not exist or the trusted entity is not correct")]
    [InlineData("InvalidParameterException", "The specified principalArn is invalid: invalid principal arn:aws:iam::000000000000:role/r.")]
    [InlineData("MalformedPolicyDocument", "Invalid principal in policy: \"AWS\":\"arn:aws:iam::000000000000:role/new\"")]
    [InlineData("MalformedPolicyDocumentException", "Policy contains a statement with one or more invalid principals.")]
    [InlineData("AccessDenied", "User: arn:aws:iam::236122835646:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::686410905891:role/new")]
    [InlineData("InvalidParameterValueException", "The role defined for the function cannot be assumed by Lambda.")]
    public async Task IAM_propagation_errors_of_other_services_are_retryable(string code, string message)
    {
        var e = await Assert.ThrowsAsync<RetryableResourceException>(() =>
            AwsErrors.Guard("Applying cluster c", () => Task.FromException(new AwsApiException(code, message, HttpStatusCode.BadRequest, "req"))));
        Assert.Contains("IAM has not propagated the change yet", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InvalidParameterException", "unsupported Kubernetes version 1.12")]
    [InlineData("MalformedPolicyDocument", "Syntax errors in policy.")]
    [InlineData("AccessDenied", "User: x is not authorized")]
    public async Task Other_client_errors_fail_at_once(string code, string message)
    {
        var e = await Assert.ThrowsAsync<AwsApiException>(() =>
            AwsErrors.Guard("call", () => Task.FromException(new AwsApiException(code, message, HttpStatusCode.BadRequest, "req"))));
        Assert.Equal(code, e.ErrorCode);
    }

    [Fact]
    public async Task Sdk_throttling_becomes_retryable_and_other_errors_pass_through()
    {
        await Assert.ThrowsAsync<RetryableResourceException>(() =>
            AwsErrors.Guard("call", () => Task.FromException(new AmazonServiceException("slow") { ErrorCode = "SlowDown", StatusCode = HttpStatusCode.ServiceUnavailable })));
        var denied = await Assert.ThrowsAsync<AwsApiException>(() =>
            AwsErrors.Guard("call", () => Task.FromException(new AwsApiException("AccessDenied", "no", HttpStatusCode.Forbidden, null))));
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    [Fact]
    public async Task A_refused_connection_is_retryable_through_a_handler()
    {
        // Nothing listens on this port: the handler must report a retryable condition, not a crash.
        var access = new UnreachableAccess();
        var handler = new IamRoleHandler(new AwsHandlerContext(access, [HandlerFixture.Account]));
        var role = new IamRole
        {
            Name = "r",
            Account = HandlerFixture.Account,
            TrustPolicy = new Policies.PolicyDocumentBuilder().Allow(s => s.Principal(Policies.PolicyPrincipal.Service("ec2.amazonaws.com")).Actions("sts:AssumeRole")).Build(),
        };
        await Assert.ThrowsAsync<RetryableResourceException>(() => handler.ReadAsync(role, TestContext.Current.CancellationToken));
    }

    private sealed class UnreachableAccess : IAwsAccess
    {
        public Uri? ServiceUrl => new("http://127.0.0.1:9");

        public string Region => "us-east-1";

        public ValueTask<AwsCredentials> GetCredentialsAsync(string accountId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new AwsCredentials("test", new Spec.SensitiveString("test")));
    }
}

public sealed class AwsResourceHandlersTests
{
    [Fact]
    public void Every_AWS_resource_kind_has_a_handler()
    {
        var context = new AwsHandlerContext(new TestAwsAccess(new Uri("http://127.0.0.1:9")), [HandlerFixture.Account]);
        var registry = new ResourceHandlerRegistry().AddAwsHandlers(context)
            .AddRdsHandlers(context, new RdsApiDatabaseStrategy(context, HandlerFixture.Account));
        var kinds = typeof(Spec.AwsResource).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(Spec.AwsResource)));
        Assert.All(kinds, k => Assert.True(registry.Handles(k), k.Name));
    }
}
