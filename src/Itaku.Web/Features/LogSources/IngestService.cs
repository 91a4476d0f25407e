using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Itaku.Ledger;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.LogSources;

/// <summary>
/// Log ingest over HTTP (JSON Lines). The whole request is one batch: every line is checked first and
/// a single bad line rejects the request with its line number, so nothing is half-stored. Each leaf
/// records Itaku's receive time and the source's line verbatim (with its own event time).
/// </summary>
public sealed class IngestService(ItakuDbContext db, IOptions<LedgerSettings> settings, TimeProvider time, IngestGroupCommit groups)
{
    public const int MaxLineBytes = 64 * 1024;
    public const int MaxRequestBytes = 16 * 1024 * 1024;

    /// <summary>404 for an unknown source, 401 for a missing or wrong token (never saying which).</summary>
    public async Task<LogSource> AuthenticateAsync(long sourceId, string? token, CancellationToken ct)
    {
        var source = await db.LogSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId, ct)
            ?? throw new NotFoundException("ログ送信元が見つかりません。");
        var expected = Convert.FromHexString(source.TokenHash);
        var presented = Convert.FromHexString(TokenService.Hash(token ?? ""));
        if (source.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            throw new IngestUnauthorizedException();
        }

        return source;
    }

    public async Task<IngestResult> IngestAsync(LogSource source, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var receivedAt = Infrastructure.Audit.AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
        var (entries, times, skewed) = Parse(body.Span, receivedAt, settings.Value.MaxClockSkew);
        if (entries.Count == 0)
        {
            throw new RequestValidationException("body", "ログの行がありません。1行に1つの JSON オブジェクトを送ってください。");
        }

        return await AppendAsync(source, entries, times, skewed, receivedAt, ct);
    }

    /// <summary>Appends events already parsed elsewhere (syslog): each a JSON object and its event time.</summary>
    public async Task<IngestResult> IngestParsedAsync(LogSource source, IReadOnlyList<(byte[] Json, DateTime EventTime)> events, CancellationToken ct)
    {
        var receivedAt = Infrastructure.Audit.AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
        var received = Encoding.UTF8.GetBytes(receivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        var maxSkew = settings.Value.MaxClockSkew;
        var entries = events.Select(e => (ReadOnlyMemory<byte>)Leaf(received, e.Json)).ToList();
        var times = events.Select(e => (e.EventTime, (e.EventTime - receivedAt).Duration() > maxSkew)).ToList();
        return await AppendAsync(source, entries, times, times.Count(t => t.Item2), receivedAt, ct);
    }

    /// <summary>
    /// Appends through the log's group commit: this request may be written by another request's transaction, or
    /// write others' with its own; either way it returns only after the commit that contains its entries.
    /// </summary>
    private Task<IngestResult> AppendAsync(LogSource source, List<ReadOnlyMemory<byte>> entries, List<(DateTime, bool)> times, int skewed, DateTime receivedAt, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        // Leaf hashes depend only on the bytes: computed here, in parallel with other requests, not in the write.
        var leafHashes = new byte[entries.Count * TreeHasher.HashSize];
        for (var i = 0; i < entries.Count; i++)
        {
            TreeHasher.HashLeaf(entries[i].Span, leafHashes.AsSpan(i * TreeHasher.HashSize, TreeHasher.HashSize));
        }

        return groups.SubmitAsync(source.LogId, new PendingIngest(entries, leafHashes, times, skewed, receivedAt), group => WriteGroupAsync(source.LogId, group));
    }

    /// <summary>
    /// One transaction for the whole group, in queue order; every request is completed only after the commit.
    /// Not cancellable: the other requests in the group depend on it, whatever happens to this request's client.
    /// </summary>
    private async Task WriteGroupAsync(long logId, IReadOnlyList<PendingIngest> group)
    {
        var ct = CancellationToken.None;
        List<IngestResult> results;
        try
        {
            results = await db.InTransactionAsync(async () =>
            {
                var done = new List<IngestResult>(group.Count);
                var store = new EfLedgerStore(db, logId, time);
                await store.LockAsync(ct);
                foreach (var p in group)
                {
                    store.ReceivedAt = p.ReceivedAt;
                    store.EventTimes = p.Times;
                    var result = await new LedgerAppender(store).AppendAsync(p.Entries, p.LeafHashes, ct);
                    done.Add(new IngestResult(p.Entries.Count, result.FirstIndex, result.NewSize - 1, p.Skewed));
                }

                await db.SaveChangesAsync(ct);
                return done;
            }, ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Completion.TrySetResult(results[i]);
        }
    }

    private static (List<ReadOnlyMemory<byte>> Entries, List<(DateTime, bool)> Times, int Skewed) Parse(ReadOnlySpan<byte> body, DateTime receivedAt, TimeSpan maxSkew)
    {
        var entries = new List<ReadOnlyMemory<byte>>();
        var times = new List<(DateTime, bool)>();
        var errors = new Dictionary<string, string[]>();
        var skewed = 0;
        var received = Encoding.UTF8.GetBytes(receivedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        var lineNumber = 0;
        while (!body.IsEmpty && errors.Count < 20)
        {
            lineNumber++;
            var end = body.IndexOf((byte)'\n');
            var line = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (!line.IsEmpty && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length > MaxLineBytes)
            {
                errors[$"line {lineNumber}"] = [$"1行は {MaxLineBytes / 1024} KiB までです（{line.Length} バイト）。"];
                continue;
            }

            if (!TryEventTime(line, out var eventTime, out var problem))
            {
                errors[$"line {lineNumber}"] = [problem];
                continue;
            }

            var isSkewed = (eventTime - receivedAt).Duration() > maxSkew;
            skewed += isSkewed ? 1 : 0;
            times.Add((eventTime, isSkewed));
            entries.Add(Leaf(received, line));
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        return (entries, times, skewed);
    }

    /// <summary>The leaf: {"receivedAt":"…","event":&lt;the line as sent&gt;} — both times are then covered by the tree.</summary>
    private static byte[] Leaf(byte[] received, ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> head = "{\"receivedAt\":\""u8;
        ReadOnlySpan<byte> middle = "\",\"event\":"u8;
        var leaf = new byte[head.Length + received.Length + middle.Length + line.Length + 1];
        var span = leaf.AsSpan();
        head.CopyTo(span);
        received.CopyTo(span[head.Length..]);
        middle.CopyTo(span[(head.Length + received.Length)..]);
        line.CopyTo(span[(head.Length + received.Length + middle.Length)..]);
        leaf[^1] = (byte)'}';
        return leaf;
    }

    /// <summary>
    /// One forward pass of <see cref="Utf8JsonReader"/> over the line: it validates the whole JSON value and picks
    /// the top-level "time" (the last one wins, as with <see cref="JsonDocument"/>) without building a document,
    /// which cost about a third of the parse time per batch (docs/benchmarks.md).
    /// </summary>
    private static bool TryEventTime(ReadOnlySpan<byte> line, out DateTime eventTime, out string problem)
    {
        eventTime = default;
        problem = "";
        string? time = null;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                problem = "JSON オブジェクトではありません。";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTime = reader.ValueTextEquals("time"u8);
                reader.Read();
                if (isTime)
                {
                    time = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException e)
        {
            problem = $"JSON として読み取れません: {e.Message}";
            return false;
        }

        if (time is null || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !IsRfc3339(time))
        {
            problem = "\"time\" に RFC 3339 形式の日時（例: 2026-11-22T10:00:00+09:00）が必要です。";
            return false;
        }

        eventTime = parsed.UtcDateTime;
        return true;
    }

    /// <summary>RFC 3339 needs a date, a time and an offset (Z or ±hh:mm).</summary>
    private static bool IsRfc3339(string s) =>
        s.Length >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't' || s[10] == ' ')
        && (s.EndsWith('Z') || s.EndsWith('z') || s[^3] == ':' && (s[^6] == '+' || s[^6] == '-'));
}
