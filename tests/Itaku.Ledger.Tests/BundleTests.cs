using System.IO.Compression;
using System.Text.Json.Nodes;
using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>Export bundles: they round-trip, and any edit to an entry, a proof hash or the checkpoint is caught.</summary>
public class BundleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 1000)]
    [InlineData(0, 517)]
    [InlineData(300, 301)]
    [InlineData(255, 769)]
    [InlineData(1000, 1000)]
    [InlineData(999, 1000)]
    public async Task Export_ThenVerify_Succeeds(long start, long end)
    {
        using var log = await TestLog.CreateAsync(1000);
        using var bundle = await BundleFile.ExportAsync(log, start, end);

        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);

        result.Failure.ShouldBeNull();
        result.Verified.ShouldBeTrue();
        result.EntriesChecked.ShouldBe(end - start);
        result.CheckpointSize.ShouldBe(1000);
        result.Root.ShouldBe(ReferenceTree.Mth(log.Entries));
        result.UsedBundleKey.ShouldBeFalse();
        result.BundleKeyMatchesTrusted.ShouldBe(true);
    }

    [Fact]
    public async Task Reader_ReturnsTheExportedEntriesAndHeader()
    {
        using var log = await TestLog.CreateAsync(40);
        using var bundle = await BundleFile.ExportAsync(log, 10, 20);
        using var reader = BundleReader.Open(bundle.Path);

        var header = reader.ReadHeader();
        header.Origin.ShouldBe(TestLog.Origin);
        header.VerifierKey.ShouldBe(log.Signer.VerifierKey);
        header.Left.Count.ShouldBe(2);
        var read = new List<byte[]>();
        while (reader.TryReadEntry(out long index, out var hash, out var entry))
        {
            index.ShouldBe(10 + read.Count);
            hash.ToArray().ShouldBe(ReferenceTree.LeafHash(entry.ToArray()));
            read.Add(entry.ToArray());
        }

        read.ShouldBe(log.Entries[10..20]);
    }

    [Fact]
    public async Task Verify_WithoutATrustedKey_UsesTheBundlesKeyAndSaysSo()
    {
        using var log = await TestLog.CreateAsync(50);
        using var bundle = await BundleFile.ExportAsync(log, 0, 50);
        var result = BundleVerifier.Verify(bundle.Path);
        result.Verified.ShouldBeTrue();
        result.UsedBundleKey.ShouldBeTrue();
    }

    [Fact]
    public async Task Verify_GzippedBundle_Succeeds()
    {
        using var log = await TestLog.CreateAsync(50);
        using var bundle = await BundleFile.ExportAsync(log, 5, 45);
        var gz = bundle.Path + ".gz";
        await using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            await output.WriteAsync(await File.ReadAllBytesAsync(bundle.Path, Ct), Ct);
        }

        BundleVerifier.Verify(gz, log.Signer.Verifier).Verified.ShouldBeTrue();
        File.Delete(gz);
    }

    [Fact]
    public async Task DamagedGzip_IsReportedNotThrown()
    {
        using var log = await TestLog.CreateAsync(3_000);
        using var bundle = await BundleFile.ExportAsync(log, 0, 3_000);
        var gz = bundle.Path + ".gz";
        await using (var output = new GZipStream(File.Create(gz), CompressionLevel.Fastest))
        {
            await output.WriteAsync(await File.ReadAllBytesAsync(bundle.Path, Ct), Ct);
        }

        var bytes = await File.ReadAllBytesAsync(gz, Ct);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(gz, bytes, Ct);

        BundleVerifier.Verify(gz, log.Signer.Verifier).Verified.ShouldBeFalse();
        File.Delete(gz);
    }

    [Fact]
    public async Task EditedEntry_IsNamed()
    {
        using var log = await TestLog.CreateAsync(100);
        using var bundle = await BundleFile.ExportAsync(log, 10, 90);
        bundle.EditLine(1 + 37, line => line["e"] = BundleFile.B64("{\"event\":\"record.deleted\"}"));

        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);
        result.Verified.ShouldBeFalse();
        result.FailedEntry.ShouldBe(47);
        result.Failure.ShouldNotBeNull().ShouldContain("Entry 47");
    }

    [Fact]
    public async Task EditedEntryWithRecomputedLeafHash_FailsTheRoot()
    {
        using var log = await TestLog.CreateAsync(100);
        using var bundle = await BundleFile.ExportAsync(log, 10, 90);
        var forged = "{\"event\":\"record.deleted\"}"u8.ToArray();
        bundle.EditLine(1 + 37, line =>
        {
            line["e"] = Convert.ToBase64String(forged);
            line["h"] = Convert.ToBase64String(TreeHasher.HashLeaf(forged));
        });

        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);
        result.Verified.ShouldBeFalse();
        result.Failure.ShouldNotBeNull().ShouldStartWith("Proof:");
    }

    [Theory]
    [InlineData("left", 0)]
    [InlineData("left", 1)]
    [InlineData("right", 0)]
    [InlineData("right", 2)]
    public async Task EditedProofHash_FailsTheRoot(string side, int position)
    {
        using var log = await TestLog.CreateAsync(1000);
        using var bundle = await BundleFile.ExportAsync(log, 300, 600);
        bundle.EditLine(0, header =>
        {
            var hashes = header[side]!.AsArray();
            var hash = Convert.FromBase64String(hashes[position]!.GetValue<string>());
            hash[3] ^= 0x40;
            hashes[position] = Convert.ToBase64String(hash);
        });

        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);
        result.Verified.ShouldBeFalse();
        result.Failure.ShouldNotBeNull().ShouldStartWith("Proof:");
    }

    [Theory]
    [InlineData("\n1000\n", "\n999\n")]
    [InlineData("itaku.test/audit\n", "itaku.test/other\n")]
    public async Task EditedCheckpoint_FailsItsSignature(string from, string to)
    {
        using var log = await TestLog.CreateAsync(1000);
        using var bundle = await BundleFile.ExportAsync(log, 0, 999);
        bundle.EditLine(0, header => header["checkpoint"] = header["checkpoint"]!.GetValue<string>().Replace(from, to, StringComparison.Ordinal));

        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);
        result.Verified.ShouldBeFalse();
        result.Failure.ShouldNotBeNull().ShouldStartWith("Checkpoint:");
    }

    [Fact]
    public async Task BundleResignedWithAnotherKey_FailsAgainstTheTrustedKey()
    {
        using var log = await TestLog.CreateAsync(20);
        using var impostor = NoteSigner.Generate(TestLog.Origin);
        using var bundle = await BundleFile.ExportAsync(log, 0, 20);
        bundle.EditLine(0, header =>
        {
            var note = header["checkpoint"]!.GetValue<string>();
            header["checkpoint"] = impostor.Sign(note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)]);
            header["key"] = impostor.VerifierKey;
        });

        BundleVerifier.Verify(bundle.Path).Verified.ShouldBeTrue("self-consistent under its own key");
        var result = BundleVerifier.Verify(bundle.Path, log.Signer.Verifier);
        result.Verified.ShouldBeFalse();
        result.Failure.ShouldNotBeNull().ShouldContain("no signature from a trusted key");
    }

    [Fact]
    public async Task ReorderedRemovedOrAddedLines_AreCaught()
    {
        using var log = await TestLog.CreateAsync(30);
        using var bundle = await BundleFile.ExportAsync(log, 0, 30);
        var lines = bundle.Lines();

        bundle.WriteLines([lines[0], .. lines[1..5], lines[6], lines[5], .. lines[7..]]);
        BundleVerifier.Verify(bundle.Path, log.Signer.Verifier).FailedEntry.ShouldBe(4);

        bundle.WriteLines(lines[..^1]);
        BundleVerifier.Verify(bundle.Path, log.Signer.Verifier).Failure.ShouldNotBeNull().ShouldContain("missing");

        bundle.WriteLines([.. lines, lines[^1]]);
        BundleVerifier.Verify(bundle.Path, log.Signer.Verifier).Failure.ShouldNotBeNull().ShouldContain("more entries");

        bundle.WriteLines([lines[0], .. lines[1..3], "{\"i\":2,\"h\":\"AA==\"}"]);
        BundleVerifier.Verify(bundle.Path, log.Signer.Verifier).Failure.ShouldNotBeNull().ShouldContain("Line 4");
    }

    [Fact]
    public async Task GarbageHeader_IsReportedNotThrown()
    {
        using var log = await TestLog.CreateAsync(3);
        using var bundle = await BundleFile.ExportAsync(log, 0, 3);
        bundle.EditLine(0, header => header["format"] = "something-else");
        BundleVerifier.Verify(bundle.Path).Failure.ShouldNotBeNull().ShouldContain("Unsupported bundle format");
        File.WriteAllText(bundle.Path, "not json\n");
        BundleVerifier.Verify(bundle.Path).Failure.ShouldNotBeNull().ShouldStartWith("Bundle header:");
    }

    [Fact]
    public async Task Export_BeyondTheCheckpoint_Throws()
    {
        using var log = await TestLog.CreateAsync(10);
        await log.AppendAsync(5);
        await using var output = new MemoryStream();
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => BundleWriter.ExportAsync(log.Store, log.Signer.Verifier, 0, 12, output, Ct));
    }

    [Fact]
    public void Writer_DoesNotEscapeBase64()
    {
        using var output = new MemoryStream();
        using (var writer = new BundleWriter(output, leaveOpen: true))
        {
            writer.WriteEntry(0, [0xfb, 0xff, 0xbf]);
        }

        var line = System.Text.Encoding.UTF8.GetString(output.ToArray());
        line.ShouldContain("\"e\":\"+/+/\"");
        JsonNode.Parse(line).ShouldNotBeNull();
    }
}
