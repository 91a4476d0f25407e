using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Data;

/// <summary>
/// The schema is owned by the SQL scripts, the code by the EF model: on the current engine, a
/// database built by the scripts must be the database the model would build.
/// </summary>
public sealed class SchemaMatchesModelTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private readonly TestDatabase _modelDatabase = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server; // start-up applies the scripts
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _modelDatabase.Dispose();
    }

    [Fact]
    public async Task SchemaFromMigrationScripts_MatchesSchemaFromModel()
    {
        var settings = _factory.Services.GetRequiredService<DatabaseSettings>();
        await using (var model = SchemaIntrospection.Context(settings.Provider, _modelDatabase.ConnectionString))
        {
            (await model.Database.EnsureCreatedAsync(Ct)).ShouldBeTrue();
        }

        var fromScripts = await SchemaIntrospection.DescribeAsync(settings.Provider, settings.ConnectionString, Ct);
        var fromModel = await SchemaIntrospection.DescribeAsync(settings.Provider, _modelDatabase.ConnectionString, Ct);

        foreach (var line in fromScripts)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        fromModel.ShouldContain("table AuditEvents" + (settings.Provider == DatabaseProvider.Sqlite ? " autoincrement" : ""));
        fromModel.ShouldContain(l => l.StartsWith("foreign key ", StringComparison.Ordinal));
        fromModel.ShouldContain(l => l.StartsWith("unique index ", StringComparison.Ordinal));
        var diff = SchemaIntrospection.Diff(fromScripts, fromModel);
        if (diff.Length > 0)
        {
            Assert.Fail(diff);
        }
    }
}
