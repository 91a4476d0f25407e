using Npgsql;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>
/// Which engine this run uses: <c>ITAKU_TEST_PROVIDER</c> = Sqlite (default) or Postgres, with
/// <c>ITAKU_TEST_PG</c> the admin connection string of the throwaway cluster scripts/test.sh starts.
/// Each factory gets a database of its own.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public string Provider { get; }
    public string ConnectionString { get; }
    private readonly string? _pgName;
    private readonly string? _file;

    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable("ITAKU_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    public TestDatabase()
    {
        if (IsPostgres)
        {
            Provider = "Postgres";
            var admin = Environment.GetEnvironmentVariable("ITAKU_TEST_PG")
                ?? throw new InvalidOperationException("ITAKU_TEST_PROVIDER=Postgres needs ITAKU_TEST_PG (run ./scripts/test.sh).");
            _pgName = "itaku_t_" + Guid.NewGuid().ToString("N")[..16];
            using (var conn = new NpgsqlConnection(admin))
            {
                conn.Open();
                using var cmd = new NpgsqlCommand($"CREATE DATABASE {_pgName}", conn);
                cmd.ExecuteNonQuery();
            }

            ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _pgName }.ToString();
        }
        else
        {
            Provider = "Sqlite";
            _file = Path.Combine(Path.GetTempPath(), "itaku-test-" + Guid.NewGuid().ToString("N") + ".db");
            ConnectionString = $"Data Source={_file}";
        }
    }

    public void Dispose()
    {
        if (_pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            var admin = Environment.GetEnvironmentVariable("ITAKU_TEST_PG")!;
            using var conn = new NpgsqlConnection(admin);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgName} WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        }

        if (_file is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" })
            {
                File.Delete(f);
            }
        }
    }
}
