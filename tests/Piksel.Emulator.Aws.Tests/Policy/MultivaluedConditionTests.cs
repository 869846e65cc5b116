using Piksel.Emulator.Aws.Policy;
using static Piksel.Emulator.Aws.Tests.Policy.PolicyTestKit;

namespace Piksel.Emulator.Aws.Tests.Policy;

/// <summary>
/// Set operators on multivalued keys, after the IAM User Guide pages "Single-valued vs. multivalued context keys"
/// and "Multivalued context key examples". A request value list is written a|b|c; "absent" means the key is missing.
/// </summary>
public sealed class MultivaluedConditionTests
{
    private static bool Holds(string condition, string? tagKeys) =>
        tagKeys is null ? ConditionHolds(condition) : ConditionHolds(condition, $"aws:TagKeys={tagKeys}");

    [Theory]
    // ForAllValues:StringEquals [environment, cost-center]: every request value must be in the policy set; true when absent.
    [InlineData("environment", true)]
    [InlineData("environment|cost-center", true)]
    [InlineData("Environment", false)]
    [InlineData("environment|cost-center|dept", false)]
    [InlineData("", true)]
    [InlineData(null, true)]
    public void ForAllValues_StringEquals(string? request, bool holds) =>
        Assert.Equal(holds, Holds("""{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}""", request));

    [Theory]
    // ForAnyValue:StringEquals [webserver, environment]: at least one request value in the set; false when absent.
    [InlineData("environment", true)]
    [InlineData("environment|dept", true)]
    [InlineData("Environment", false)]
    [InlineData("dept", false)]
    [InlineData(null, false)]
    public void ForAnyValue_StringEquals(string? request, bool holds) =>
        Assert.Equal(holds, Holds("""{"ForAnyValue:StringEquals":{"aws:TagKeys":["webserver","environment"]}}""", request));

    [Theory]
    // ForAllValues:StringNotLike [Owner:*, State:??]: no request value may match; true when absent.
    [InlineData(null, true)]
    [InlineData("Owner:Legal|State:NY", false)]
    [InlineData("Owner:Legal|owner:Legal", false)]
    [InlineData("owner:Legal", true)]
    [InlineData("owner:Legal|State:NewYork", true)]
    public void ForAllValues_StringNotLike(string? request, bool holds) =>
        Assert.Equal(holds, Holds("""{"ForAllValues:StringNotLike":{"aws:TagKeys":["Owner:*","State:??"]}}""", request));

    [Theory]
    // ForAnyValue:StringNotEquals [DataClass, Owner]: some request value outside the set; false when absent.
    [InlineData(null, false)]
    [InlineData("DataClass", false)]
    [InlineData("DataClass|Owner", false)]
    [InlineData("DataClass|Environment", true)]
    [InlineData("Environment", true)]
    public void ForAnyValue_StringNotEquals(string? request, bool holds) =>
        Assert.Equal(holds, Holds("""{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["DataClass","Owner"]}}""", request));

    [Theory]
    // The doc's DenyRestrictedTags example: Null false + ForAllValues:StringLike key1*, key2*, key3*.
    [InlineData("key1-a|key2-b", true)]
    [InlineData("key1-a|key4", false)]
    [InlineData(null, false)]
    public void Null_guard_keeps_ForAllValues_from_matching_an_absent_key(string? request, bool holds) =>
        Assert.Equal(holds, Holds("""{"Null":{"aws:TagKeys":"false"},"ForAllValues:StringLike":{"aws:TagKeys":["key1*","key2*","key3*"]}}""", request));

    [Fact]
    public void Deny_with_ForAnyValue_denies_when_any_tag_key_is_listed()
    {
        // The doc's EC2 snapshot example: deny when any of environment, webserver is among the request's tag keys.
        const string json = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"ec2:CreateSnapshot","Resource":"*"},
              {"Effect":"Deny","Action":"ec2:CreateSnapshot","Resource":"*","Condition":{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","webserver"]}}}]}
            """;
        Assert.Equal(PolicyDecision.ExplicitDeny, Evaluate(json, "ec2:CreateSnapshot", "*", "aws:TagKeys=owner|webserver"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "ec2:CreateSnapshot", "*", "aws:TagKeys=owner|cost"));
        Assert.Equal(PolicyDecision.Allow, Evaluate(json, "ec2:CreateSnapshot", "*"));
    }

    [Theory]
    // Without a set operator a negated operator holds only when no request value matches (values AND together).
    [InlineData("a|b", false)]
    [InlineData("b|c", true)]
    [InlineData("b", true)]
    public void Negated_operator_without_set_qualifier_on_several_values(string request, bool holds) =>
        Assert.Equal(holds, Holds("""{"StringNotEquals":{"aws:TagKeys":["a"]}}""", request));

    [Theory]
    [InlineData("a|b", true)]
    [InlineData("b|c", false)]
    public void Positive_operator_without_set_qualifier_matches_any_value(string request, bool holds) =>
        Assert.Equal(holds, Holds("""{"StringEquals":{"aws:TagKeys":["a"]}}""", request));

    [Fact]
    public void ForAllValues_with_IfExists_holds_when_absent()
    {
        Assert.True(Holds("""{"ForAllValues:StringEqualsIfExists":{"aws:TagKeys":["a"]}}""", null));
        Assert.False(Holds("""{"ForAnyValue:StringEqualsIfExists":{"aws:TagKeys":["a"]}}""", "b"));
    }
}
