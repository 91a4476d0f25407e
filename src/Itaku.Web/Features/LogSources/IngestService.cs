using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
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
public sealed class IngestService(ItakuDbContext db, IOptions<LedgerSettings> settings, TimeProvider time, IngestGroupCommit groups, IngestRateLimiter limiter)
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

    /// <summary>
    /// Checks and appends one request's lines. The leaves are built in one pooled buffer, returned to the pool only
    /// after the commit that contains them (or the failure that ends the request): no array per entry.
    /// </summary>
    public async Task<IngestResult> IngestAsync(LogSource source, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var receivedAt = Infrastructure.Audit.AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
        var (leaves, entries, times, skewed) = Parse(body.Span, receivedAt, settings.Value.MaxClockSkew);
        try
        {
            if (entries.Count == 0)
            {
                throw new RequestValidationException("body", "ログの行がありません。1行に1つの JSON オブジェクトを送ってください。");
            }

            if (limiter.TryTake(source.Id, entries.Count) is { } wait)
            {
                throw new IngestRateLimitedException(wait);
            }

            return await AppendAsync(source, entries, times, skewed, receivedAt, ct);
        }
        finally
        {
            // Safe: AppendAsync returns only once no group holds these entries any more (IngestGroupCommit.SubmitAsync).
            ArrayPool<byte>.Shared.Return(leaves);
        }
    }

    /// <summary>
    /// Appends events already parsed elsewhere (syslog): each a JSON object and its event time. They pass the same
    /// check as an HTTP line (exactly one object, unique keys), so no way in can put anything beside Itaku's fields.
    /// </summary>
    public async Task<IngestResult> IngestParsedAsync(LogSource source, IReadOnlyList<(byte[] Json, DateTime EventTime)> events, CancellationToken ct)
    {
        var keys = new List<(int Start, int Length)>();
        foreach (var (json, _) in events)
        {
            if (!TryEventTime(json, keys, out _, out var problem))
            {
                throw new InvalidOperationException($"A parsed event is not one JSON object with unique keys: {problem}");
            }
        }

        var receivedAt = Infrastructure.Audit.AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
        var received = new byte[ReceivedLength];
        FormatReceived(receivedAt, received);
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
        // One append for the whole group: one head read, one pass over the tiles, one INSERT loop, one head update.
        var entries = group.Count == 1 ? group[0].Entries : group.SelectMany(p => p.Entries).ToList();
        var leafHashes = group.Count == 1 ? group[0].LeafHashes : group.SelectMany(p => p.LeafHashes).ToArray();
        var times = new List<EntryTimes>(entries.Count);
        foreach (var p in group)
        {
            foreach (var (eventTime, skewed) in p.Times)
            {
                times.Add(new EntryTimes(p.ReceivedAt, eventTime, skewed));
            }
        }

        // Plain SQL through EfLedgerStore: nothing is tracked, so there is nothing for SaveChanges to do. At most
        // MaxCommitEntries a transaction: between two of them other writers (other logs, the web UI) get the database.
        // The log's writer slot stays held, so this group's entries stay contiguous; all are acknowledged at the end.
        var chunk = Math.Max(1, settings.Value.MaxCommitEntries);
        long? firstIndex = null;
        for (var at = 0; at < entries.Count; at += chunk)
        {
            var count = Math.Min(chunk, entries.Count - at);
            var part = at == 0 && count == entries.Count ? entries : entries.GetRange(at, count);
            var partHashes = leafHashes.AsMemory(at * TreeHasher.HashSize, count * TreeHasher.HashSize);
            var partTimes = at == 0 && count == entries.Count ? times : times.GetRange(at, count);
            var appended = await db.InTransactionAsync(async () =>
            {
                var store = new EfLedgerStore(db, logId, time) { Times = partTimes };
                await store.LockAsync(ct);
                return await new LedgerAppender(store).AppendAsync(part, partHashes, ct);
            }, ct);
            firstIndex ??= appended.FirstIndex;
        }

        var first = firstIndex!.Value;
        foreach (var p in group)
        {
            p.Completion.TrySetResult(new IngestResult(p.Entries.Count, first, first + p.Entries.Count - 1, p.Skewed));
            first += p.Entries.Count;
        }
    }

    /// <summary>
    /// Checks every line and builds the leaves of the good ones into one pooled buffer, which the caller returns to
    /// the pool (on an error it is returned here). The buffer grows with the leaves actually written, never with the
    /// number of lines: blank or bad lines cost nothing, so a body of 16 MiB of newlines cannot make it large.
    /// </summary>
    private static (byte[] Leaves, List<ReadOnlyMemory<byte>> Entries, List<(DateTime, bool)> Times, int Skewed) Parse(ReadOnlySpan<byte> body, DateTime receivedAt, TimeSpan maxSkew)
    {
        var spans = new List<(int Offset, int Length)>();
        var times = new List<(DateTime, bool)>();
        var errors = new Dictionary<string, string[]>();
        var skewed = 0;
        var keys = new List<(int Start, int Length)>();
        Span<byte> received = stackalloc byte[ReceivedLength];
        FormatReceived(receivedAt, received);
        var leaves = ArrayPool<byte>.Shared.Rent(body.Length + (body.Length / 4) + LeafOverhead);
        try
        {
            var offset = 0;
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

                if (!TryEventTime(line, keys, out var eventTime, out var problem))
                {
                    errors[$"line {lineNumber}"] = [problem];
                    continue;
                }

                var isSkewed = (eventTime - receivedAt).Duration() > maxSkew;
                skewed += isSkewed ? 1 : 0;
                times.Add((eventTime, isSkewed));
                if (leaves.Length - offset < line.Length + LeafOverhead)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(leaves.Length * 2, offset + line.Length + LeafOverhead));
                    leaves.AsSpan(0, offset).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(leaves);
                    leaves = larger;
                }

                var length = WriteLeaf(received, line, leaves.AsSpan(offset));
                spans.Add((offset, length));
                offset += length;
            }

            if (errors.Count > 0)
            {
                throw new RequestValidationException(errors);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(leaves);
            throw;
        }

        var entries = new List<ReadOnlyMemory<byte>>(spans.Count);
        foreach (var (offset, length) in spans)
        {
            entries.Add(leaves.AsMemory(offset, length));
        }

        return (leaves, entries, times, skewed);
    }

    /// <summary>Bytes a leaf adds around its line: the wrapper and Itaku's receive time.</summary>
    private static int LeafOverhead => LeafHead.Length + ReceivedLength + LeafMiddle.Length + 1;

    private static ReadOnlySpan<byte> LeafHead => "{\"receivedAt\":\""u8;

    private static ReadOnlySpan<byte> LeafMiddle => "\",\"event\":"u8;

    /// <summary>Length of Itaku's receive time in a leaf: yyyy-MM-ddTHH:mm:ss.ffffffZ.</summary>
    private const int ReceivedLength = 27;

    private static void FormatReceived(DateTime receivedAt, Span<byte> destination)
    {
        if (!receivedAt.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) || written != ReceivedLength)
        {
            throw new InvalidOperationException("The receive time did not format to its fixed length.");
        }
    }

    /// <summary>The leaf: {"receivedAt":"…","event":&lt;the line as sent&gt;} — both times are then covered by the tree.</summary>
    private static int WriteLeaf(ReadOnlySpan<byte> received, ReadOnlySpan<byte> line, Span<byte> destination)
    {
        LeafHead.CopyTo(destination);
        var at = LeafHead.Length;
        received.CopyTo(destination[at..]);
        at += received.Length;
        LeafMiddle.CopyTo(destination[at..]);
        at += LeafMiddle.Length;
        line.CopyTo(destination[at..]);
        at += line.Length;
        destination[at] = (byte)'}';
        return at + 1;
    }

    private static byte[] Leaf(ReadOnlySpan<byte> received, ReadOnlySpan<byte> line)
    {
        var leaf = new byte[LeafHead.Length + received.Length + LeafMiddle.Length + line.Length + 1];
        WriteLeaf(received, line, leaf);
        return leaf;
    }

    /// <summary>
    /// One forward pass of <see cref="Utf8JsonReader"/> over the line: it checks that the line is exactly one JSON
    /// object (whitespace around it allowed, nothing after it), that its top-level keys are unique, and picks the
    /// top-level "time" without building a document. Since the line is then exactly one object, the leaf that
    /// wraps it (<see cref="WriteLeaf"/>) has exactly Itaku's two fields, which nothing inside the event can reach.
    /// An unescaped time is parsed from the line's own bytes (<see cref="Rfc3339"/>); anything that parser does not
    /// take goes through the string path below, so both accept and reject exactly the same values.
    /// </summary>
    /// <param name="keys">Scratch list reused across lines: where the line's unescaped top-level keys are.</param>
    internal static bool TryEventTime(ReadOnlySpan<byte> line, List<(int Start, int Length)> keys, out DateTime eventTime, out string problem)
    {
        eventTime = default;
        problem = "";
        string? time = null;
        var rawStart = -1;
        var rawLength = 0;
        var escapedKey = false;
        keys.Clear();
        if (!Utf8.IsValid(line))
        {
            problem = "UTF-8 として正しくないバイトがあります。";
            return false;
        }

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
                if (reader.ValueIsEscaped)
                {
                    escapedKey = true;
                }
                else
                {
                    keys.Add(((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length));
                }

                var isTime = reader.ValueTextEquals("time"u8);
                reader.Read();
                if (isTime)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        if (reader.ValueIsEscaped)
                        {
                            time = reader.GetString();
                        }
                        else
                        {
                            rawStart = (int)reader.TokenStartIndex + 1;
                            rawLength = reader.ValueSpan.Length;
                        }
                    }
                }

                reader.Skip();
            }

            // The object has ended: only JSON whitespace may follow it on the line.
            if (line[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                problem = "JSON オブジェクトの後に余分なデータがあります。1行に1つの JSON オブジェクトだけを送ってください。";
                return false;
            }
        }
        catch (JsonException e)
        {
            problem = $"JSON として読み取れません: {e.Message}";
            return false;
        }

        if (DuplicateKey(line, keys, escapedKey) is { } duplicate)
        {
            problem = $"キー \"{duplicate}\" が2回以上あります。同じ階層のキーは1回だけにしてください。";
            return false;
        }

        if (rawStart >= 0)
        {
            var raw = line.Slice(rawStart, rawLength);
            if (Rfc3339.TryParseUtc(raw, out eventTime))
            {
                return true;
            }

            time = Encoding.UTF8.GetString(raw);
        }

        if (time is null || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) || !IsRfc3339(time))
        {
            problem = "\"time\" に RFC 3339 形式の日時（例: 2026-11-22T10:00:00+09:00）が必要です。";
            return false;
        }

        eventTime = parsed.UtcDateTime;
        return true;
    }

    /// <summary>
    /// A top-level key that occurs twice, or null. A few unescaped keys (the usual line) are compared byte for byte
    /// without allocating; many keys, or any escaped one ("\u0074ime" is "time"), go through a set of decoded names.
    /// </summary>
    private static string? DuplicateKey(ReadOnlySpan<byte> line, List<(int Start, int Length)> keys, bool escapedKey)
    {
        if (!escapedKey && keys.Count <= 32)
        {
            for (var i = 1; i < keys.Count; i++)
            {
                var key = line.Slice(keys[i].Start, keys[i].Length);
                for (var j = 0; j < i; j++)
                {
                    if (key.SequenceEqual(line.Slice(keys[j].Start, keys[j].Length)))
                    {
                        return Encoding.UTF8.GetString(key);
                    }
                }
            }

            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(line);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name))
            {
                return name;
            }

            reader.Read();
            reader.Skip();
        }

        return null;
    }

    /// <summary>RFC 3339 needs a date, a time and an offset (Z or ±hh:mm).</summary>
    private static bool IsRfc3339(string s) =>
        s.Length >= 20 && s[4] == '-' && s[7] == '-' && (s[10] == 'T' || s[10] == 't' || s[10] == ' ')
        && (s.EndsWith('Z') || s.EndsWith('z') || s[^3] == ':' && (s[^6] == '+' || s[^6] == '-'));
}
