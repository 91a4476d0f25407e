using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Itaku.Web.Tests.Data;

/// <summary>The schema runner applies each script once and refuses a database whose recorded scripts differ from the shipped ones.</summary>
public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private const string Initial = "0001_initial.sql";
    private readonly ItakuFactory _factory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server; // start-up applies the scripts
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<int> MigrateInNewScopeAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SchemaMigrator>().MigrateAsync(Ct);
    }

    private Task<int> ExecuteAsync(FormattableString sql) => _factory.DbAsync(db => db.Database.ExecuteSqlAsync(sql, Ct));

    [Fact]
    public async Task ChecksumOfAppliedScriptChanged_Migrate_ThrowsSchemaDriftNamingTheScript()
    {
        var edited = new string('0', 64);
        (await ExecuteAsync($"UPDATE __itaku_schema SET checksum = {edited} WHERE id = {Initial}")).ShouldBe(1);

        var e = await Should.ThrowAsync<SchemaDriftException>(MigrateInNewScopeAsync);

        e.Message.ShouldContain(Initial);
        e.Message.ShouldContain("Itaku refuses to start");
    }

    [Fact]
    public async Task UnknownScriptRecorded_Migrate_ThrowsSchemaDrift()
    {
        (await ExecuteAsync($"INSERT INTO __itaku_schema (id, checksum, applied_at) VALUES ({"0999_from_a_newer_version.sql"}, {new string('a', 64)}, {"2030-01-01T00:00:00Z"})")).ShouldBe(1);

        var e = await Should.ThrowAsync<SchemaDriftException>(MigrateInNewScopeAsync);

        e.Message.ShouldContain("0999_from_a_newer_version.sql");
    }

    [Fact]
    public async Task AfterStartUp_Migrate_AppliesNothing()
    {
        (await MigrateInNewScopeAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task MigrateTwiceOnFreshDatabase_SecondRunAppliesNothing()
    {
        using var database = new TestDatabase();
        var provider = SchemaIntrospection.Provider(database.Provider);
        var scripts = SchemaMigrator.LoadScripts(provider);
        scripts.ShouldContain(s => s.Id == Initial);

        async Task<int> MigrateAsync()
        {
            await using var db = SchemaIntrospection.Context(provider, database.ConnectionString);
            var migrator = new SchemaMigrator(db, new DatabaseSettings(provider, database.ConnectionString), TimeProvider.System, NullLogger<SchemaMigrator>.Instance);
            return await migrator.MigrateAsync(Ct);
        }

        (await MigrateAsync()).ShouldBe(scripts.Count);
        (await MigrateAsync()).ShouldBe(0);

        await using var check = SchemaIntrospection.Context(provider, database.ConnectionString);
        var recorded = await check.Database.SqlQueryRaw<string>("SELECT id AS \"Value\" FROM __itaku_schema").ToListAsync(Ct);
        recorded.Order(StringComparer.Ordinal).ShouldBe(scripts.Select(s => s.Id));
    }
}
