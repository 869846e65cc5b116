using Piksel.Platform.Definition;
using Piksel.Platform.Spec;

namespace Piksel.Platform.Tests.Spec;

/// <summary>The management tag contract: what the engine finds its resources again by.</summary>
public sealed class ManagementTagsTests
{
    [Fact]
    public void An_environments_tags_mark_its_resources_as_managed_and_no_others()
    {
        var tags = ManagementTags.For("dev");

        Assert.Equal("dev", tags["piksel:environment"]);
        Assert.Equal("piksel-platform", tags["piksel:managed-by"]);
        Assert.True(ManagementTags.AreManaged(tags, "dev"));
        Assert.False(ManagementTags.AreManaged(tags, "staging"));
        Assert.False(ManagementTags.AreManaged(new Dictionary<string, string> { ["piksel:environment"] = "dev" }, "dev"));
        Assert.False(ManagementTags.AreManaged(new Dictionary<string, string> { ["piksel:environment"] = "dev", ["piksel:managed-by"] = "someone-else" }, "dev"));
    }

    [Fact]
    public void The_piksel_definitions_tags_are_the_management_tags_and_the_project()
    {
        var tags = PikselTags.For("dev");

        Assert.True(ManagementTags.AreManaged(tags, "dev"));
        Assert.Equal("Piksel", tags["Project"]);
        Assert.Equal(["piksel:environment", "piksel:managed-by", "Project"], tags.Keys);
        Assert.Equal(ManagementTags.LabelsFor("dev"), PikselTags.LabelsFor("dev"));
    }

    [Fact]
    public void An_environments_labels_are_what_its_selector_selects()
    {
        var labels = ManagementTags.LabelsFor("dev");

        Assert.Equal("piksel-platform", labels["app.kubernetes.io/managed-by"]);
        Assert.Equal("piksel.io/environment=dev", ManagementTags.LabelSelector("dev"));
        Assert.True(ManagementTags.AreManagedLabels(labels, "dev"));
        Assert.False(ManagementTags.AreManagedLabels(labels, "staging"));
    }

    [Fact]
    public void The_resource_name_tag_is_written_by_handlers_and_hidden_from_reads()
    {
        var written = ManagementTags.WithResourceName(ManagementTags.For("dev"), "cluster");

        Assert.Equal("cluster", written["piksel:resource-name"]);
        Assert.True(ManagementTags.IsHidden("piksel:resource-name"));
        Assert.Equal(ManagementTags.For("dev"), written.Where(t => !ManagementTags.IsHidden(t.Key)).ToDictionary(t => t.Key, t => t.Value));
        Assert.False(ManagementTags.IsHidden("piksel:environment"));
    }
}
