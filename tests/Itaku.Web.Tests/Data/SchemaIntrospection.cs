using System.Data.Common;
using Itaku.Web.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Itaku.Web.Tests.Data;

/// <summary>
/// What a database's schema is, read from the engine's own catalogue (PRAGMA on SQLite, pg_catalog
/// on PostgreSQL) as sorted lines: tables, columns (name, type, nullability), primary keys,
/// indexes (columns, uniqueness) and foreign keys. The runner's own <c>__itaku_schema</c> is left out.
/// </summary>
internal static class SchemaIntrospection
{
    private const string HistoryTable = "__itaku_schema";

    public static DatabaseProvider Provider(string name) => Enum.Parse<DatabaseProvider>(name, ignoreCase: true);

    public static ItakuDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<ItakuDbContext>();
        if (provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(connectionString);
        }
        else
        {
            options.UseNpgsql(connectionString);
        }

        return new ItakuDbContext(options.Options);
    }

    public static DbConnection Connection(DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);

    public static async Task<List<string>> DescribeAsync(DatabaseProvider provider, string connectionString, CancellationToken ct)
    {
        await using var connection = Connection(provider, connectionString);
        await connection.OpenAsync(ct);
        var lines = provider == DatabaseProvider.Sqlite
            ? await DescribeSqliteAsync(connection, ct)
            : await DescribePostgresAsync(connection, ct);
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>A readable account of the difference, empty when there is none.</summary>
    public static string Diff(IReadOnlyCollection<string> scripts, IReadOnlyCollection<string> model)
    {
        var onlyScripts = scripts.Except(model, StringComparer.Ordinal).ToList();
        var onlyModel = model.Except(scripts, StringComparer.Ordinal).ToList();
        if (onlyScripts.Count == 0 && onlyModel.Count == 0)
        {
            return "";
        }

        return "The schema built by the migration scripts differs from the EF model's:\n"
            + "  only in the scripts (Migrations/*.sql):\n" + string.Concat(onlyScripts.Select(l => $"    - {l}\n"))
            + "  only in the model (EnsureCreated):\n" + string.Concat(onlyModel.Select(l => $"    + {l}\n"))
            + "Write a new numbered script (see `itaku db script`) or fix the model.";
    }

    private static async Task<List<string>> DescribeSqliteAsync(DbConnection connection, CancellationToken ct)
    {
        var lines = new List<string>();
        var tables = await QueryAsync(connection,
            $"SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '{HistoryTable}'",
            r => (Name: r.GetString(0), Sql: r.GetString(1)), ct);
        foreach (var (table, sql) in tables)
        {
            lines.Add($"table {table}" + (sql.Contains("AUTOINCREMENT", StringComparison.OrdinalIgnoreCase) ? " autoincrement" : ""));

            var columns = await QueryAsync(connection, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(@t)",
                r => (Name: r.GetString(0), Type: r.GetString(1), NotNull: r.GetInt64(2) != 0, Pk: r.GetInt64(3)), ct, table);
            lines.AddRange(columns.Select(c => $"column {table}.{c.Name} {c.Type.ToUpperInvariant()} {(c.NotNull ? "NOT NULL" : "NULL")}"));
            var pk = columns.Where(c => c.Pk > 0).OrderBy(c => c.Pk).Select(c => c.Name).ToList();
            if (pk.Count > 0)
            {
                lines.Add($"primary key {table} ({string.Join(", ", pk)})");
            }

            var indexes = await QueryAsync(connection, "SELECT name, \"unique\", origin FROM pragma_index_list(@t)",
                r => (Name: r.GetString(0), Unique: r.GetInt64(1) != 0, Origin: r.GetString(2)), ct, table);
            foreach (var index in indexes.Where(i => i.Origin != "pk"))
            {
                var indexColumns = await QueryAsync(connection, "SELECT name FROM pragma_index_info(@t) ORDER BY seqno", r => r.GetString(0), ct, index.Name);
                lines.Add($"{(index.Unique ? "unique index" : "index")} {table} ({string.Join(", ", indexColumns)})");
            }

            var keys = await QueryAsync(connection, "SELECT id, seq, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(@t)",
                r => (Id: r.GetInt64(0), Seq: r.GetInt64(1), Target: r.GetString(2), From: r.GetString(3), To: r.GetString(4), OnDelete: r.GetString(5)), ct, table);
            foreach (var fk in keys.GroupBy(k => k.Id))
            {
                var ordered = fk.OrderBy(k => k.Seq).ToList();
                lines.Add($"foreign key {table} ({string.Join(", ", ordered.Select(k => k.From))}) references {ordered[0].Target} ({string.Join(", ", ordered.Select(k => k.To))}) on delete {ordered[0].OnDelete.ToUpperInvariant()}");
            }
        }

        return lines;
    }

    private static async Task<List<string>> DescribePostgresAsync(DbConnection connection, CancellationToken ct)
    {
        var lines = new List<string>();
        const string tables = $"""
            SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> '{HistoryTable}'
            """;

        lines.AddRange(await QueryAsync(connection, $"SELECT 'table ' || relname FROM pg_class WHERE oid IN ({tables})", r => r.GetString(0), ct));

        lines.AddRange(await QueryAsync(connection, $"""
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity::text
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.oid IN ({tables}) AND a.attnum > 0 AND NOT a.attisdropped
            """,
            r => $"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2)} {(r.GetBoolean(3) ? "NOT NULL" : "NULL")}"
                + r.GetString(4) switch { "a" => " identity always", "d" => " identity by default", _ => "" },
            ct));

        lines.AddRange(await QueryAsync(connection, $"""
            SELECT t.relname, ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
            WHERE con.contype = 'p' AND t.oid IN ({tables})
            """,
            r => $"primary key {r.GetString(0)} ({string.Join(", ", r.GetFieldValue<string[]>(1))})", ct));

        lines.AddRange(await QueryAsync(connection, $"""
            SELECT t.relname, ix.indisunique,
                   ARRAY(SELECT a.attname FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)
            FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid
            WHERE NOT ix.indisprimary AND t.oid IN ({tables})
            """,
            r => $"{(r.GetBoolean(1) ? "unique index" : "index")} {r.GetString(0)} ({string.Join(", ", r.GetFieldValue<string[]>(2))})", ct));

        lines.AddRange(await QueryAsync(connection, $"""
            SELECT t.relname, f.relname, con.confdeltype::text,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord),
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class f ON f.oid = con.confrelid
            WHERE con.contype = 'f' AND t.oid IN ({tables})
            """,
            r => $"foreign key {r.GetString(0)} ({string.Join(", ", r.GetFieldValue<string[]>(3))}) references {r.GetString(1)} ({string.Join(", ", r.GetFieldValue<string[]>(4))}) on delete "
                + r.GetString(2) switch { "a" => "NO ACTION", "r" => "RESTRICT", "c" => "CASCADE", "n" => "SET NULL", "d" => "SET DEFAULT", var other => other },
            ct));

        return lines;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken ct, string? parameter = null)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (parameter is not null)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@t";
            p.Value = parameter;
            cmd.Parameters.Add(p);
        }

        var result = new List<T>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(read(reader));
        }

        return result;
    }
}
