namespace Itaku.Web.Features.LogSources;

/// <summary>The source sent more than its rate (Ledger:IngestEntriesPerSecond): answered 429 with Retry-After.</summary>
public sealed class IngestRateLimitedException(TimeSpan retryAfter) : Exception("The log source is over its ingest rate.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
