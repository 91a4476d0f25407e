using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>C2SP tlog-checkpoint bodies, their signatures, and the publisher's consistency guard.</summary>
public class CheckpointTests
{
    private static readonly byte[] Root = Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    [Fact]
    public void NoteText_IsOriginSizeRootAndExtensions()
    {
        new Checkpoint("example.com/log", 8, Root).ToNoteText()
            .ShouldBe("example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
        var withExtension = new Checkpoint("example.com/log", 0, Root, ["ext one"]);
        var parsed = Checkpoint.Parse(withExtension.ToNoteText());
        parsed.Extensions.ShouldBe(["ext one"]);
        parsed.Size.ShouldBe(0);
        parsed.Root.ShouldBe(Root);
    }

    [Theory]
    [InlineData("log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=")]
    [InlineData("log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("log\n-8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQy=\n")]
    [InlineData("log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=\n")]
    [InlineData("log\n8\n")]
    [InlineData("\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")]
    [InlineData("log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n")]
    public void Parse_RejectsMalformedBodies(string text) => Should.Throw<FormatException>(() => Checkpoint.Parse(text));

    [Fact]
    public void SignedCheckpoint_OpensOnlyWithTheRightKeyAndOrigin()
    {
        using var signer = NoteSigner.Generate("example.com/log");
        using var other = NoteSigner.Generate("example.com/log");
        var signed = SignedCheckpoint.Sign(new Checkpoint("example.com/log", 8, Root), signer);

        SignedCheckpoint.Open(signed.Note, signer.Verifier, "example.com/log").Checkpoint.Root.ShouldBe(Root);
        Should.Throw<NoteVerificationException>(() => SignedCheckpoint.Open(signed.Note, other.Verifier));
        Should.Throw<NoteVerificationException>(() => SignedCheckpoint.Open(signed.Note, signer.Verifier, "example.com/other"));
        var tampered = signed.Note.Replace("\n8\n", "\n9\n", StringComparison.Ordinal);
        Should.Throw<NoteVerificationException>(() => SignedCheckpoint.Open(tampered, signer.Verifier));
    }

    [Fact]
    public async Task Publisher_SignsTheHeadAndIsIdempotent()
    {
        using var log = await TestLog.CreateAsync(300);
        var first = await log.PublishAsync();
        first.Checkpoint.Size.ShouldBe(300);
        first.Checkpoint.Root.ShouldBe(ReferenceTree.Mth(log.Entries));
        (await log.PublishAsync()).Note.ShouldBe(first.Note);

        await log.AppendAsync(5);
        var next = await log.PublishAsync();
        next.Checkpoint.Size.ShouldBe(305);
        (await log.Store.ReadCheckpointAsync(Ct)).ShouldBe(next.Note);
    }

    [Fact]
    public async Task Publisher_RefusesToSignAHeadInconsistentWithThePublishedCheckpoint()
    {
        using var log = await TestLog.CreateAsync(300);
        await log.AppendAsync(20);

        // Damage the stored hash of entries [0,256), which the 300 -> 320 consistency proof is built from.
        var tile = (await log.Store.ReadTileAsync(1, 0, Ct))!;
        tile[0] ^= 1;
        log.Store.OverwriteTile(1, 0, tile);

        await Should.ThrowAsync<LedgerIntegrityException>(() => log.PublishAsync());
    }

    [Fact]
    public async Task Publisher_WithAStaleExpectedCheckpoint_Conflicts()
    {
        using var log = await TestLog.CreateAsync(3);
        await Should.ThrowAsync<LedgerConflictException>(() => log.Store.WriteCheckpointAsync("x", 3, previousSize: 1, Ct));
    }
}
