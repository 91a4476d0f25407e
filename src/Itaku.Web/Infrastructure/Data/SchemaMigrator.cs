using System.Data.Common;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Data;

/// <summary>
/// Applies the numbered SQL scripts of the current provider, each in its own transaction, and
/// records each with its SHA-256. A recorded script whose text has changed stops start-up:
/// an edited migration means the database no longer matches what the code believes it is.
/// </summary>
public sealed class SchemaMigrator(ItakuDbContext db, DatabaseSettings settings, TimeProvider time, ILogger<SchemaMigrator> log)
{
    private const string HistoryTable = "__itaku_schema";

    public sealed record Script(string Id, string Sql, string Checksum);

    public static IReadOnlyList<Script> LoadScripts(DatabaseProvider provider)
    {
        var prefix = $"migrations/{provider}/";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
                return new Script(n[prefix.Length..], sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
            })
            .ToList();
    }

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        var scripts = LoadScripts(settings.Provider);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                // Several instances may start at once against one server: only one migrates.
                await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(7401150401)", ct);
            }
            else
            {
                await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
            }

            await ExecuteAsync(connection, null,
                $"CREATE TABLE IF NOT EXISTS {HistoryTable} (id VARCHAR(200) PRIMARY KEY, checksum VARCHAR(64) NOT NULL, applied_at VARCHAR(40) NOT NULL)", ct);

            var applied = await ReadAppliedAsync(connection, ct);
            CheckDrift(scripts, applied);

            var count = 0;
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Id)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await ExecuteAsync(connection, tx, script.Sql, ct);
                await using (var insert = connection.CreateCommand())
                {
                    insert.Transaction = tx;
                    insert.CommandText = $"INSERT INTO {HistoryTable} (id, checksum, applied_at) VALUES (@id, @checksum, @at)";
                    AddParameter(insert, "@id", script.Id);
                    AddParameter(insert, "@checksum", script.Checksum);
                    AddParameter(insert, "@at", time.GetUtcNow().ToString("O"));
                    await insert.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                log.LogInformation("Applied schema script {Script}", script.Id);
                count++;
            }

            return count;
        }
        finally
        {
            if (settings.Provider == DatabaseProvider.Postgres)
            {
                await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(7401150401)", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    private static void CheckDrift(IReadOnlyList<Script> scripts, Dictionary<string, string> applied)
    {
        var known = scripts.ToDictionary(s => s.Id);
        foreach (var (id, checksum) in applied)
        {
            if (!known.TryGetValue(id, out var script))
            {
                throw new SchemaDriftException(
                    $"The database has schema script '{id}' applied, which this version of Itaku does not have. " +
                    "It was created by a newer version: run that version, or restore a backup taken before the upgrade.");
            }

            if (!string.Equals(script.Checksum, checksum, StringComparison.OrdinalIgnoreCase))
            {
                throw new SchemaDriftException(
                    $"Schema script '{id}' was edited after it was applied to this database " +
                    $"(applied sha256 {checksum}, now {script.Checksum}). Itaku refuses to start. " +
                    "Restore the script as it was and put the change in a new numbered script.");
            }
        }
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(DbConnection connection, CancellationToken ct)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT id, checksum FROM {HistoryTable}";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
