using System.Collections.Concurrent;

namespace Itaku.Web.Features.LogSources;

/// <summary>
/// Group commit for ingest (docs/decisions/0012-ingest-group-commit.md). Requests for the same log that arrive
/// while another request holds that log's writer slot wait in a queue; the next request to take the slot appends
/// every queued request's batch in one transaction, so one fsync and one write lock cover all of them. Each
/// request is acknowledged only after the commit that contains its entries. Requests are parsed and validated
/// before they enter the queue, so a bad request can never share (or spoil) another request's transaction.
/// </summary>
public sealed class IngestGroupCommit
{
    /// <summary>Upper bound of entries in one group transaction: keeps one commit's memory and latency bounded.</summary>
    public const int MaxGroupEntries = 16_000;

    private readonly ConcurrentDictionary<long, LogQueue> _logs = new();

    /// <summary>
    /// Queues <paramref name="pending"/> for <paramref name="logId"/> and returns once a commit containing it has
    /// completed (or failed). Whoever takes the writer slot writes all queued requests with <paramref name="writeGroup"/>,
    /// which must complete every request it is given only after its transaction committed.
    /// </summary>
    internal async Task<IngestResult> SubmitAsync(long logId, PendingIngest pending, Func<IReadOnlyList<PendingIngest>, Task> writeGroup)
    {
        var queue = _logs.GetOrAdd(logId, _ => new LogQueue());
        queue.Pending.Enqueue(pending);
        while (!pending.Completion.Task.IsCompleted)
        {
            // No cancellation while queued: the request is already in the queue and may be written by another
            // request's transaction; giving up here would only lose its acknowledgement, not its entries.
            await queue.Writer.WaitAsync(CancellationToken.None);
            try
            {
                if (pending.Completion.Task.IsCompleted)
                {
                    break;
                }

                var group = new List<PendingIngest>();
                var count = 0;
                while (count < MaxGroupEntries && queue.Pending.TryDequeue(out var next))
                {
                    group.Add(next);
                    count += next.Entries.Count;
                }

                try
                {
                    await writeGroup(group);
                }
                catch (Exception e)
                {
                    foreach (var p in group)
                    {
                        p.Completion.TrySetException(e);
                    }
                }
            }
            finally
            {
                queue.Writer.Release();
            }
        }

        return await pending.Completion.Task;
    }

    private sealed class LogQueue
    {
        public SemaphoreSlim Writer { get; } = new(1, 1);

        public ConcurrentQueue<PendingIngest> Pending { get; } = new();
    }
}

/// <summary>One validated request's batch waiting for its group's commit.</summary>
internal sealed class PendingIngest(List<ReadOnlyMemory<byte>> entries, byte[] leafHashes, List<(DateTime, bool)> times, int skewed, DateTime receivedAt)
{
    public List<ReadOnlyMemory<byte>> Entries { get; } = entries;

    /// <summary>The entries' RFC 6962 leaf hashes, 32 bytes each, computed before queueing.</summary>
    public byte[] LeafHashes { get; } = leafHashes;

    public List<(DateTime, bool)> Times { get; } = times;

    public int Skewed { get; } = skewed;

    public DateTime ReceivedAt { get; } = receivedAt;

    public TaskCompletionSource<IngestResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
