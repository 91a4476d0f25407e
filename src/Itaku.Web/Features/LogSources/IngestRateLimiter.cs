using System.Collections.Concurrent;
using Itaku.Web.Features.Ledger;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.LogSources;

/// <summary>
/// A token bucket per log source, in entries (Ledger:IngestEntriesPerSecond, Ledger:IngestBurstEntries). A request
/// is let in while the bucket is not empty and takes all its entries, which may leave the bucket in debt: a request
/// larger than the burst still goes through once, and the source then waits until the debt is paid back.
/// </summary>
public sealed class IngestRateLimiter(IOptions<LedgerSettings> settings, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();

    /// <summary>Takes <paramref name="entries"/> from the source's bucket, or says how long to wait (null: go ahead).</summary>
    public TimeSpan? TryTake(long sourceId, int entries)
    {
        var rate = settings.Value.IngestEntriesPerSecond;
        if (rate <= 0)
        {
            return null;
        }

        var burst = Math.Max(1, settings.Value.IngestBurstEntries);
        var now = time.GetUtcNow();
        var bucket = _buckets.GetOrAdd(sourceId, _ => new Bucket(burst, now));
        lock (bucket)
        {
            bucket.Tokens = Math.Min(burst, bucket.Tokens + (Math.Max(0, (now - bucket.At).TotalSeconds) * rate));
            bucket.At = now;
            if (bucket.Tokens <= 0)
            {
                return TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling((1 - bucket.Tokens) / rate)));
            }

            bucket.Tokens -= entries;
            return null;
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset at)
    {
        public double Tokens { get; set; } = tokens;
        public DateTimeOffset At { get; set; } = at;
    }
}
