using Piksel.Platform.Definition;
using Piksel.Platform.Spec;
using Piksel.Platform.Spec.Database;
using Piksel.Platform.Tests.Infrastructure;

namespace Piksel.Platform.Tests.Definition;

public sealed class DatabaseAccessTests
{
    private static readonly PikselDefinition Local = new(Fixtures.Load("local"));

    private static PostgresRole Role(string name) => Local.DatabaseAccess.Resources.OfType<PostgresRole>().Single(r => r.Name == name);

    [Fact]
    public void The_databases_are_the_five_of_platform_md_owned_by_the_master_with_nothing_for_public()
    {
        var databases = Local.DatabaseAccess.Resources.OfType<PostgresDatabase>().ToList();
        Assert.Equal(["argo", "jupyterhub", "grafana", "stac", "odc"], databases.Select(d => d.Name));
        Assert.All(databases, d =>
        {
            Assert.Equal("piksel_local", d.Owner);
            Assert.Empty(d.PublicPrivileges);
            Assert.Equal($"piksel-local-app-db/{d.Name}", d.Key);
        });
    }

    [Theory]
    [InlineData("argo", "argo", "argo-workflows-password", PostgresAccess.ReadWrite, "")]
    [InlineData("jupyterhub", "jupyterhub", "jupyterhub-password", PostgresAccess.ReadWrite, "")]
    [InlineData("stac", "stac", "stac-write-password", PostgresAccess.ReadWrite, "")]
    [InlineData("odc", "odc", "odc-password", PostgresAccess.ReadWrite, "")]
    [InlineData("grafana", "grafana", "grafana-db-password", PostgresAccess.ReadOnly, "piksel_local")]
    [InlineData("stacread", "stac", "stac-read-password", PostgresAccess.ReadOnly, "piksel_local stac")]
    [InlineData("odcread", "odc", "odc-read-password", PostgresAccess.ReadOnly, "piksel_local odc")]
    public void Each_login_has_its_database_access_and_the_secret_its_kubernetes_secret_carries(
        string name, string database, string secret, PostgresAccess access, string readsTablesOf)
    {
        var role = Role(name);
        Assert.Equal((database, access), (role.Database, role.Access));
        Assert.Equal(readsTablesOf, string.Join(' ', role.ReadsTablesOf));

        // The same secret the synchronised Kubernetes Secret of this login carries its password from.
        Assert.Equal(secret, SecretSyncDefinition.DatabaseLogins.Single(l => l.User == name).Secret);
        Assert.Equal(new OutputRef(Local.Secrets.Ids[secret], "arn").Token, role.PasswordSecretArn);
        Assert.Equal(new OutputRef(Local.Secrets.Ids["database-password"], "arn").Token, role.MasterPasswordSecretArn);

        // A role waits for its database, and a reader for the writer whose tables it reads.
        Assert.Contains(new ResourceId(nameof(PostgresDatabase), $"piksel-local-app-db/{database}"), role.DependsOn);
        foreach (var writer in role.ReadsTablesOf.Where(r => r != "piksel_local"))
        {
            Assert.Contains(new ResourceId(nameof(PostgresRole), $"piksel-local-app-db/{writer}"), role.DependsOn);
        }
    }

    [Fact]
    public void Every_synchronised_login_is_a_role_and_every_role_is_synchronised()
    {
        Assert.Equal(
            SecretSyncDefinition.DatabaseLogins.Select(l => l.User).Order(StringComparer.Ordinal),
            Local.DatabaseAccess.Resources.OfType<PostgresRole>().Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_read_only_role_s_rights_are_select_on_tables_now_and_later_and_nothing_more()
    {
        Assert.Equal(
            [
                "database stac: CONNECT", "default tables of piksel_local in public: SELECT", "default tables of stac in public: SELECT",
                "login", "schema public: USAGE", "tables in public: SELECT",
            ],
            Role("stacread").Rights);
        Assert.Equal(
            [
                "database stac: CONNECT", "default sequences of piksel_local in public: ALL", "default tables of piksel_local in public: ALL",
                "login", "schema public: CREATE,USAGE", "sequences in public: ALL", "tables in public: ALL",
            ],
            Role("stac").Rights);
    }
}
