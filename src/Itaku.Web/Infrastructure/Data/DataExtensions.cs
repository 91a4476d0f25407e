using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Data;

public static class DataExtensions
{
    public const string DefaultSqlite = "Data Source=App_Data/itaku.db";

    /// <summary>
    /// Registers <see cref="ItakuDbContext"/> on the provider named by <c>Database:Provider</c>
    /// (Sqlite by default, so a fresh clone runs with nothing installed).
    /// </summary>
    public static WebApplicationBuilder AddItakuData(this WebApplicationBuilder builder)
    {
        var providerName = builder.Configuration["Database:Provider"] ?? nameof(DatabaseProvider.Sqlite);
        if (!Enum.TryParse<DatabaseProvider>(providerName, ignoreCase: true, out var provider))
        {
            throw new InvalidOperationException(
                $"Database:Provider '{providerName}' is not supported. Use 'Sqlite' or 'Postgres'.");
        }

        var connectionString = builder.Configuration.GetConnectionString("Itaku");
        if (provider == DatabaseProvider.Sqlite)
        {
            connectionString = ResolveSqlitePath(connectionString ?? DefaultSqlite, builder.Environment.ContentRootPath);
        }
        else if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                "Database:Provider is Postgres but ConnectionStrings:Itaku is empty. " +
                "Set it, e.g. ConnectionStrings__Itaku='Host=localhost;Database=itaku;Username=itaku;Password=…'.");
        }

        builder.Services.AddSingleton(new DatabaseSettings(provider, connectionString));
        builder.Services.AddDbContext<ItakuDbContext>(options =>
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                options.UseSqlite(connectionString);
            }
            else
            {
                options.UseNpgsql(connectionString);
            }
        });
        builder.Services.AddScoped<SchemaMigrator>();
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }

    /// <summary>A relative SQLite path is taken from the content root, and its folder created.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource != ":memory:" && !csb.DataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(csb.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }

        csb.ForeignKeys = true;
        return csb.ToString();
    }
}

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString);
