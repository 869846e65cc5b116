using Piksel.AppHost.AppModel;

namespace Piksel.AppHost.UnitTests;

/// <summary>Which <c>up</c> arguments the Aspire app runs, and which go to the headless path.</summary>
public sealed class AspireUpOptionsTests
{
    [Fact]
    public void No_arguments_and_a_bare_up_are_local_on_4566()
    {
        Assert.Equal(new AspireUpOptions("local", 4566, []).Env, AspireUpOptions.TryParse([])!.Env);
        var up = AspireUpOptions.TryParse(["up"])!;
        Assert.Equal(("local", 4566), (up.Env, up.Port));
        Assert.Empty(up.Set);
    }

    [Theory]
    [InlineData("up --env dev --port 0", "dev", 0)]
    [InlineData("up --env=dev --port=4567", "dev", 4567)]
    public void Env_and_port_are_honoured(string line, string env, int port)
    {
        var options = AspireUpOptions.TryParse(Args(line))!;

        Assert.Equal((env, port), (options.Env, options.Port));
    }

    [Fact]
    public void Set_overrides_are_kept_in_order()
    {
        var options = AspireUpOptions.TryParse(["up", "--set", "a=1", "--set=b=2"])!;

        Assert.Equal(["a=1", "b=2"], options.Set);
    }

    [Theory]
    [InlineData("up --headless")]
    [InlineData("up --fault every=3,error=throttling")]
    [InlineData("up --port many")]
    [InlineData("up --port 70000")]
    [InlineData("up --aws-endpoint ftp://example.com")]
    [InlineData("up --env")]
    [InlineData("up --what")]
    [InlineData("plan")]
    [InlineData("emulator")]
    public void Anything_else_is_the_headless_paths(string line) => Assert.Null(AspireUpOptions.TryParse(Args(line)));

    [Fact]
    public void Fault_options_without_headless_get_a_one_line_note()
    {
        var note = AspireUpOptions.HeadlessNote(["up", "--fault=every=3,error=throttling", "--fault-seed", "4"]);

        Assert.Equal("note: the dashboard does not run --fault (fault injection), --fault-seed (fault injection): starting as up --headless.", note);
        Assert.DoesNotContain('\n', note!);
    }

    [Theory]
    [InlineData("up --headless --fault every=3,error=throttling")]
    [InlineData("up --port 0")]
    [InlineData("plan --provider aws")]
    [InlineData("")]
    public void No_note_where_nothing_was_redirected(string line) => Assert.Null(AspireUpOptions.HeadlessNote(Args(line)));

    private static string[] Args(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
