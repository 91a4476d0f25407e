using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>The self-audit finds the first place where entries, tiles, head and checkpoint disagree.</summary>
public class AuditTests
{
    [Fact]
    public async Task CleanLog_PassesTheAudit()
    {
        using var log = await TestLog.CreateAsync(70_000, batch: 5_000);
        var result = await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct);
        result.Mismatch.ShouldBeNull();
        result.EntriesChecked.ShouldBe(70_000);
        result.CheckpointSize.ShouldBe(70_000);
    }

    [Fact]
    public async Task EmptyLog_PassesTheAudit()
    {
        using var log = await TestLog.CreateAsync(0);
        (await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct)).Ok.ShouldBeTrue();
    }

    [Fact]
    public async Task EditedEntry_IsTheFirstMismatch()
    {
        using var log = await TestLog.CreateAsync(1_000);
        log.Store.OverwriteEntry(612, "{\"event\":\"record.deleted\"}"u8.ToArray());

        var result = await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct);
        result.Ok.ShouldBeFalse();
        result.EntryIndex.ShouldBe(612);
        result.Mismatch.ShouldNotBeNull().ShouldContain("Entry 612");
    }

    [Theory]
    [InlineData(0, 2, 17)]
    [InlineData(1, 0, 1)]
    public async Task EditedTileHash_IsFound(int level, long tile, int offset)
    {
        using var log = await TestLog.CreateAsync(1_000);
        var hashes = (await log.Store.ReadTileAsync(level, tile, Ct))!;
        hashes[(offset * 32) + 31] ^= 1;
        log.Store.OverwriteTile(level, tile, hashes);

        var result = await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct);
        result.Ok.ShouldBeFalse();
        result.Tile.ShouldNotBeNull().Level.ShouldBe(level);
        result.Tile!.Value.Index.ShouldBe(tile);
        result.EntryIndex.ShouldBe((((tile * 256) + offset + 1) << (8 * level)) - 1);
    }

    [Fact]
    public async Task TruncatedTile_IsFound()
    {
        using var log = await TestLog.CreateAsync(600);
        log.Store.OverwriteTile(0, 2, new byte[32 * 10]);
        (await LedgerAuditor.AuditAsync(log.Store, null, Ct)).Mismatch.ShouldNotBeNull().ShouldContain("tile/0/002");
    }

    [Fact]
    public async Task TamperedCheckpoint_IsFound()
    {
        using var log = await TestLog.CreateAsync(500);
        var note = (await log.Store.ReadCheckpointAsync(Ct))!;
        log.Store.OverwriteCheckpoint(note.Replace("\n500\n", "\n499\n", StringComparison.Ordinal));

        (await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct)).Mismatch.ShouldNotBeNull().ShouldStartWith("Checkpoint:");

        // Without the key the signature is not checked, but the body still disagrees with the entries.
        (await LedgerAuditor.AuditAsync(log.Store, null, Ct)).Mismatch.ShouldNotBeNull().ShouldContain("differs from the root recomputed");
    }

    [Fact]
    public async Task CheckpointForAnOlderSize_IsComparedAtThatSize()
    {
        using var log = await TestLog.CreateAsync(500);
        await log.AppendAsync(100);
        (await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct)).Ok.ShouldBeTrue();

        using var impostor = NoteSigner.Generate(TestLog.Origin);
        var forged = SignedCheckpoint.Sign(new Checkpoint(TestLog.Origin, 550, new byte[32]), impostor);
        log.Store.OverwriteCheckpoint(forged.Note);
        (await LedgerAuditor.AuditAsync(log.Store, log.Signer.Verifier, Ct)).Mismatch.ShouldNotBeNull().ShouldContain("no signature from a trusted key");
        (await LedgerAuditor.AuditAsync(log.Store, null, Ct)).Mismatch.ShouldNotBeNull().ShouldContain("size 550");
    }
}
