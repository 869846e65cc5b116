using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Tests.Hosting;

/// <summary>
/// Every operation of every service declares how it is authorized, and the pipeline, not the handler, enforces it:
/// an operation without a declaration cannot be registered, and one whose handler does not match its declaration
/// never runs.
/// </summary>
public sealed class OperationTableTests
{
    /// <summary>The IAM service prefix of each signing name.</summary>
    private static readonly Dictionary<string, string> ActionPrefix = new(StringComparer.Ordinal)
    {
        ["iam"] = "iam",
        ["sts"] = "sts",
        ["secretsmanager"] = "secretsmanager",
        ["kms"] = "kms",
        ["s3"] = "s3",
        ["eks"] = "eks",
        ["eks-auth"] = "eks-auth",
        ["ec2"] = "ec2",
        ["logs"] = "logs",
        ["rds"] = "rds",
        ["sqs"] = "sqs",
        ["events"] = "events",
        ["ssm"] = "ssm",
    };

    public static TheoryData<string> Services()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        return [.. ServiceCatalog.Create(state).Select(s => s.SigningName)];
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_operation_of_a_service_declares_its_authorization(string signingName)
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var service = ServiceCatalog.Create(state).Single(s => s.SigningName == signingName);
        var table = Assert.IsType<OperationTable>(service.Operations);
        Assert.NotEmpty(table.All);
        foreach (var operation in table.All)
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]+$", operation.Name);
            if (operation.Mode == AuthorizationMode.None)
            {
                Assert.Null(operation.Action);
                Assert.False(string.IsNullOrWhiteSpace(operation.UncheckedBecause), $"{signingName}:{operation.Name} asks no permission without saying why");
                continue;
            }
            Assert.NotNull(operation.Action);
            Assert.StartsWith(ActionPrefix[signingName] + ":", operation.Action, StringComparison.Ordinal);
        }
        // The table is frozen once the service is built.
        Assert.Throws<InvalidOperationException>(() => table.Add("Late", $"{ActionPrefix[signingName]}:Late", _ => OperationCall.Unchecked(() => Task.CompletedTask)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("GetThing")]
    [InlineData("test:")]
    [InlineData("test:getThing")]
    [InlineData("test get:Thing")]
    public void An_operation_without_a_well_formed_action_cannot_be_declared(string action) =>
        Assert.Throws<ArgumentException>(() => AwsOperation.Authorized("GetThing", action, _ => OperationCall.On("*", () => Task.CompletedTask)));

    [Fact]
    public void An_operation_that_asks_no_permission_must_say_why()
    {
        Assert.Throws<ArgumentException>(() => AwsOperation.Unchecked("Whoami", " ", _ => OperationCall.Unchecked(() => Task.CompletedTask)));
        Assert.Throws<ArgumentException>(() => new OperationTable()
            .Add("GetThing", "test:GetThing", _ => OperationCall.On("*", () => Task.CompletedTask))
            .Add("GetThing", "test:GetThing", _ => OperationCall.On("*", () => Task.CompletedTask)));
    }

    [Fact]
    public async Task The_pipeline_refuses_a_handler_that_skips_its_declared_authorization()
    {
        var service = new TestDoubleService();
        var answer = await SendAsync(service, "Sneaky");
        Assert.Equal(StatusCodes.Status500InternalServerError, answer.StatusCode);
        Assert.Equal(0, service.Ran);
    }

    [Fact]
    public async Task The_pipeline_authorizes_before_the_handler_runs()
    {
        var service = new TestDoubleService();
        var denied = await SendAsync(service, "PutThing");
        Assert.Equal(StatusCodes.Status403Forbidden, denied.StatusCode);
        Assert.Equal(0, service.Ran);

        var allowed = await SendAsync(service, "Ping");
        Assert.Equal(StatusCodes.Status200OK, allowed.StatusCode);
        Assert.Equal(1, service.Ran);
    }

    [Fact]
    public async Task An_operation_missing_from_the_table_is_refused_by_the_service()
    {
        var service = new TestDoubleService();
        var answer = await SendAsync(service, "Undeclared");
        Assert.Equal(StatusCodes.Status400BadRequest, answer.StatusCode);
        Assert.Equal(0, service.Ran);
    }

    /// <summary>Sends an unsigned (anonymous) request for <paramref name="operation"/> through the real edge pipeline.</summary>
    private static async Task<HttpResponse> SendAsync(TestDoubleService service, string operation)
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        var router = new EdgeRouter(state, [service], NullLogger.Instance);
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/";
        http.Request.Headers["X-Test-Operation"] = operation;
        http.Response.Body = new MemoryStream();
        await router.HandleAsync(http);
        return http.Response;
    }

    /// <summary>A service whose table holds one honest operation, one that needs no permission and one whose handler lies about its declaration.</summary>
    private sealed class TestDoubleService : IAwsService
    {
        public TestDoubleService() => Operations = new OperationTable()
            .Add("PutThing", "s3:PutThing", c => OperationCall.On("arn:aws:s3:::thing", Run))
            .Add(AwsOperation.Unchecked("Ping", "a health check asks nothing", c => OperationCall.Unchecked(Run)))
            .Add("Sneaky", "s3:DeleteThing", c => OperationCall.Unchecked(Run))
            .Freeze();

        public int Ran { get; private set; }

        // Routed as S3, the edge's fallback for requests it cannot otherwise place.
        public string SigningName => "s3";

        public AwsProtocol Protocol => AwsProtocol.RestXml;

        public OperationTable Operations { get; }

        public bool AllowsAnonymous(AwsRequestContext context) => true;

        public AwsOperation Resolve(AwsRequestContext context) =>
            Operations.Find(context.Http.Request.Headers["X-Test-Operation"].ToString())
            ?? throw new AwsServiceException("InvalidAction", "No such operation.");

        private Task Run()
        {
            Ran++;
            return Task.CompletedTask;
        }
    }
}
