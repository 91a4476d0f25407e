using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>
/// The self-audit over a log whose prefix was pruned (issue 3, items 6 and 8): the pruned range is recomputed
/// from its kept leaf hashes against the higher-level tiles, deleted level-0 tiles are not tampering, and
/// proofs and bundles for what remains still verify.
/// </summary>
public class PrunedAuditTests
{
    [Fact]
    public async Task PrunedLog_PassesTheAudit_CheckingEveryEntry()
    {
        using var log = await TestLog.CreateAsync(3_000);
        var store = await PrunedStore.CreateAsync(log, 1_300);

        var result = await LedgerAuditor.AuditAsync(store, log.Signer.Verifier, Ct);

        result.Mismatch.ShouldBeNull();
        result.EntriesChecked.ShouldBe(3_000);
        result.PrunedBefore.ShouldBe(1_300);
    }

    [Fact]
    public async Task AlteredKeptLeafHash_IsCaughtByTheLevel1Tile()
    {
        using var log = await TestLog.CreateAsync(3_000);
        var store = await PrunedStore.CreateAsync(log, 1_300);
        store.LeafHashes[700][0] ^= 1;

        var result = await LedgerAuditor.AuditAsync(store, log.Signer.Verifier, Ct);

        result.Mismatch.ShouldNotBeNull().ShouldStartWith("Tile tile/1/000");
        result.EntryIndex.ShouldBe(767);
    }

    [Fact]
    public async Task MissingKeptLeafHash_IsAMismatch()
    {
        using var log = await TestLog.CreateAsync(3_000);
        var store = await PrunedStore.CreateAsync(log, 1_300);
        store.LeafHashes.Remove(900);

        var result = await LedgerAuditor.AuditAsync(store, log.Signer.Verifier, Ct);

        result.Mismatch.ShouldNotBeNull().ShouldContain("Entry 900: its kept leaf hash is missing");
    }

    [Fact]
    public async Task PartlyPrunedLevel0Tile_MustStillBeThere()
    {
        using var log = await TestLog.CreateAsync(3_000);

        // 1,300 lies inside tile 5 (1,280–1,535); a store that lost it is damaged, not pruned.
        var store = new PrunedStore(new TileDroppingStore(log.Store, 5), 1_300, new HashSet<long>());
        for (long i = 0; i < 1_300; i++)
        {
            store.LeafHashes[i] = TreeHasher.HashLeaf(log.Entries[(int)i]);
        }

        var result = await LedgerAuditor.AuditAsync(store, log.Signer.Verifier, Ct);

        result.Mismatch.ShouldNotBeNull().ShouldContain("tile/0/005");
    }

    [Fact]
    public async Task KeptTileForACheckpointSize_StillProvesConsistency_AndExportsVerify()
    {
        using var log = await TestLog.CreateAsync(1_000);
        var old = (await log.PublishAsync()).Checkpoint;
        await log.AppendAsync(2_000);
        var latest = (await log.PublishAsync()).Checkpoint;

        // 1,000 is inside tile 3: pruning up to 2,000 keeps it, and the proof from the old checkpoint computes.
        var store = await PrunedStore.CreateAsync(log, 2_000, 3);
        var proof = await ProofBuilder.ConsistencyProofAsync(new TileHashReader(store), old.Size, latest.Size, Ct);
        ProofVerifier.VerifyConsistency(old.Size, latest.Size, proof, old.Root, latest.Root).ShouldBeTrue();

        // Without it the proof cannot be built: the tile is what pruning must keep.
        var careless = await PrunedStore.CreateAsync(log, 2_000);
        await Should.ThrowAsync<LedgerIntegrityException>(() => ProofBuilder.ConsistencyProofAsync(new TileHashReader(careless), old.Size, latest.Size, Ct));

        var path = Path.Combine(Path.GetTempPath(), $"itaku-pruned-{Guid.NewGuid():N}.jsonl");
        await using (var output = File.Create(path))
        {
            await BundleWriter.ExportAsync(store, log.Signer.Verifier, 2_000, 3_000, 2_000, output, Ct);
        }

        var verified = BundleVerifier.Verify(path, log.Signer.Verifier);
        File.Delete(path);
        verified.Verified.ShouldBeTrue(verified.Failure);
        verified.PrunedBefore.ShouldBe(2_000);
        verified.EntriesChecked.ShouldBe(1_000);
    }

    /// <summary>A store that has lost one level-0 tile.</summary>
    private sealed class TileDroppingStore(InMemoryLedgerStore inner, long dropped) : ILedgerStore
    {
        public async Task<byte[]?> ReadTileAsync(int level, long index, CancellationToken cancellationToken = default) =>
            level == 0 && index == dropped ? null : await inner.ReadTileAsync(level, index, cancellationToken);

        public Task<TreeHead> ReadHeadAsync(CancellationToken cancellationToken = default) => inner.ReadHeadAsync(cancellationToken);

        public Task<byte[]?> ReadEntryAsync(long index, CancellationToken cancellationToken = default) => inner.ReadEntryAsync(index, cancellationToken);

        public IAsyncEnumerable<byte[]> ReadEntriesAsync(long start, long end, CancellationToken cancellationToken = default) => inner.ReadEntriesAsync(start, end, cancellationToken);

        public Task WriteBatchAsync(LedgerBatch batch, CancellationToken cancellationToken = default) => inner.WriteBatchAsync(batch, cancellationToken);

        public Task<string?> ReadCheckpointAsync(CancellationToken cancellationToken = default) => inner.ReadCheckpointAsync(cancellationToken);

        public Task WriteCheckpointAsync(string note, long size, long? previousSize, CancellationToken cancellationToken = default) =>
            inner.WriteCheckpointAsync(note, size, previousSize, cancellationToken);
    }
}
