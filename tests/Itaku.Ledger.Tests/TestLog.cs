using System.Text;
using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>An in-memory log with a signing key, filled with predictable entries.</summary>
internal sealed class TestLog : IDisposable
{
    public const string Origin = "itaku.test/audit";

    public InMemoryLedgerStore Store { get; } = new();

    public NoteSigner Signer { get; } = NoteSigner.Generate(Origin);

    public List<byte[]> Entries { get; } = [];

    public static byte[] Entry(long i) => Encoding.UTF8.GetBytes($"{{\"event\":\"record.updated\",\"seq\":{i},\"actor\":\"user{i % 7}\"}}");

    public static async Task<TestLog> CreateAsync(long size, int batch = 1000, bool publish = true)
    {
        var log = new TestLog();
        await log.AppendAsync(size, batch);
        if (publish)
        {
            await log.PublishAsync();
        }

        return log;
    }

    public async Task AppendAsync(long count, int batch = 1000)
    {
        var appender = new LedgerAppender(Store);
        long start = Entries.Count;
        for (long done = 0; done < count;)
        {
            int n = (int)Math.Min(batch, count - done);
            var entries = Enumerable.Range(0, n).Select(i => Entry(start + done + i)).ToList();
            await appender.AppendAsync(entries.Select(e => (ReadOnlyMemory<byte>)e).ToList(), Ct);
            Entries.AddRange(entries);
            done += n;
        }
    }

    public Task<SignedCheckpoint> PublishAsync() => new CheckpointPublisher(Store, Signer, Origin).PublishAsync(Ct);

    public void Dispose() => Signer.Dispose();
}
