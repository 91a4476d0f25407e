using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>The appender: batches of any size give the same tree, and it will not build on bad storage.</summary>
public class AppenderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task Append_InBatchesOfAnySize_GivesTheReferenceRoot(int batch)
    {
        using var log = await TestLog.CreateAsync(1_300, batch, publish: false);
        var head = await log.Store.ReadHeadAsync(Ct);
        head.Size.ShouldBe(1_300);
        head.Root.ShouldBe(ReferenceTree.Mth(log.Entries));
        (await log.Store.ReadEntryAsync(1_299, Ct)).ShouldBe(log.Entries[1_299]);
    }

    [Fact]
    public async Task Append_ReportsFirstIndexSizeAndRoot()
    {
        var store = new InMemoryLedgerStore();
        var appender = new LedgerAppender(store);
        (await appender.AppendAsync(new byte[] { 1 }, Ct)).FirstIndex.ShouldBe(0);
        var result = await appender.AppendAsync([new byte[] { 2 }, new byte[] { 3 }], Ct);
        result.FirstIndex.ShouldBe(1);
        result.NewSize.ShouldBe(3);
        result.Root.ShouldBe(ReferenceTree.Mth([[1], [2], [3]]));
    }

    [Fact]
    public async Task Append_WithPrecomputedLeafHashes_GivesTheSameTreeAndTiles_AndRefusesAWrongLength()
    {
        var entries = Enumerable.Range(0, 700).Select(i => (ReadOnlyMemory<byte>)BitConverter.GetBytes(i * 7919)).ToList();
        var hashed = new InMemoryLedgerStore();
        var given = new InMemoryLedgerStore();
        foreach (var chunk in entries.Chunk(300))
        {
            await new LedgerAppender(hashed).AppendAsync(chunk, Ct);
            var leafHashes = chunk.SelectMany(e => TreeHasher.HashLeaf(e.Span)).ToArray();
            await new LedgerAppender(given).AppendAsync(chunk, leafHashes, Ct);
        }

        (await given.ReadHeadAsync(Ct)).Root.ShouldBe(ReferenceTree.Mth(entries.Select(e => e.ToArray()).ToList()));
        (await given.ReadHeadAsync(Ct)).Root.ShouldBe((await hashed.ReadHeadAsync(Ct)).Root);
        (await given.ReadTileAsync(0, 2, Ct)).ShouldBe(await hashed.ReadTileAsync(0, 2, Ct));
        (await given.ReadEntryAsync(699, Ct)).ShouldBe(entries[699].ToArray());
        await Should.ThrowAsync<ArgumentException>(() => new LedgerAppender(given).AppendAsync([new byte[] { 1 }], new byte[31], Ct));
    }

    [Fact]
    public async Task Append_OfNothing_ChangesNothing()
    {
        using var log = await TestLog.CreateAsync(10, publish: false);
        var result = await new LedgerAppender(log.Store).AppendAsync([], Ct);
        result.NewSize.ShouldBe(10);
        result.Root.ShouldBe(ReferenceTree.Mth(log.Entries));
    }

    [Fact]
    public async Task WriteBatch_ComputedAgainstAStaleSize_Conflicts()
    {
        var store = new InMemoryLedgerStore();
        await new LedgerAppender(store).AppendAsync(new byte[] { 1 }, Ct);
        var stale = new LedgerBatch(0, [new byte[] { 9 }], [], new TreeHead(1, new byte[32]));
        await Should.ThrowAsync<LedgerConflictException>(() => store.WriteBatchAsync(stale, Ct));
    }

    [Fact]
    public async Task Append_OnTilesThatDoNotReproduceTheHead_Refuses()
    {
        using var log = await TestLog.CreateAsync(300, publish: false);
        var tile = (await log.Store.ReadTileAsync(0, 1, Ct))!;
        tile[0] ^= 0xff;
        log.Store.OverwriteTile(0, 1, tile);
        await Should.ThrowAsync<LedgerIntegrityException>(() => new LedgerAppender(log.Store).AppendAsync(new byte[] { 1 }, Ct));
    }

    [Fact]
    public async Task Append_LargeEntry_IsHashedLikeASmallOne()
    {
        var big = new byte[100_000];
        new Random(1).NextBytes(big);
        var store = new InMemoryLedgerStore();
        var result = await new LedgerAppender(store).AppendAsync(big, Ct);
        result.Root.ShouldBe(ReferenceTree.LeafHash(big));
    }
}
