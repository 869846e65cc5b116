using Piksel.Emulator.Aws.Hosting;
using Piksel.Emulator.Aws.Hosting.Operations;
using Piksel.Emulator.Aws.Sts;

namespace Piksel.Emulator.Aws.Tests.Sts;

/// <summary>STS's operation table: the operations AWS asks no identity permission for say why; the others name their action.</summary>
public sealed class StsOperationTableTests
{
    [Fact]
    public void Sts_asks_no_permission_for_GetCallerIdentity_and_judges_web_identity_by_the_trust_policy()
    {
        using var state = new EmulatorState(new AwsEmulatorOptions());
        using var sts = new StsService(state);

        foreach (var name in new[] { "GetCallerIdentity", "AssumeRoleWithWebIdentity" })
        {
            var operation = Assert.IsType<AwsOperation>(sts.Operations.Find(name));
            Assert.Equal(AuthorizationMode.None, operation.Mode);
            Assert.Null(operation.Action);
            Assert.False(string.IsNullOrWhiteSpace(operation.UncheckedBecause));
        }
        Assert.Equal(("sts:AssumeRole", AuthorizationMode.BeforeHandler), Declared(sts.Operations, "AssumeRole"));
        Assert.Equal(("sts:GetAccessKeyInfo", AuthorizationMode.BeforeHandler), Declared(sts.Operations, "GetAccessKeyInfo"));
        Assert.Equal(4, sts.Operations.All.Count);
    }

    private static (string?, AuthorizationMode) Declared(OperationTable table, string name)
    {
        var operation = Assert.IsType<AwsOperation>(table.Find(name));
        return (operation.Action, operation.Mode);
    }
}
