using System.Diagnostics;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>Runs the real itaku-verify executable (copied next to the tests by the project reference).</summary>
public class VerifyProgramTests
{
    [Fact]
    public async Task GoodBundle_ExitsZeroWithASummary()
    {
        using var log = await TestLog.CreateAsync(2_000);
        using var bundle = await BundleFile.ExportAsync(log, 100, 1_900);
        var keyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(keyFile, log.Signer.VerifierKey + "\n", Ct);

        var (code, stdout, _) = await RunAsync(bundle.Path, "--key", keyFile);
        File.Delete(keyFile);

        code.ShouldBe(0);
        stdout.ShouldContain("VERIFIED");
        stdout.ShouldContain(TestLog.Origin);
        stdout.ShouldContain("[100, 1900)");
        stdout.ShouldContain("size 2000");
        stdout.ShouldContain(log.Signer.KeyId.ToString("x8"));
        stdout.ShouldContain("entries/s");
    }

    [Fact]
    public async Task BundleOfAPrunedLog_VerifiesAndSaysWhatWasPruned()
    {
        using var log = await TestLog.CreateAsync(600);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"itaku-bundle-{Guid.NewGuid():N}.jsonl");
        await using (var output = File.Create(path))
        {
            await BundleWriter.ExportAsync(log.Store, log.Signer.Verifier, 300, 600, 300, output, Ct);
        }

        var (code, stdout, _) = await RunAsync(path, "--key", log.Signer.VerifierKey);
        File.Delete(path);

        code.ShouldBe(0);
        stdout.ShouldContain("VERIFIED");
        stdout.ShouldContain("pruned:      entries before 300 were deleted by the log's retention period");
    }

    [Fact]
    public async Task GoodBundleWithoutKey_ExitsZeroAndSaysWhichKeyItUsed()
    {
        using var log = await TestLog.CreateAsync(10);
        using var bundle = await BundleFile.ExportAsync(log, 0, 10);
        var (code, stdout, _) = await RunAsync(bundle.Path);
        code.ShouldBe(0);
        stdout.ShouldContain("the bundle's own key");
    }

    [Fact]
    public async Task TamperedBundle_ExitsOneNamingTheEntry()
    {
        using var log = await TestLog.CreateAsync(2_000);
        using var bundle = await BundleFile.ExportAsync(log, 100, 1_900);
        bundle.EditLine(1 + 500, line => line["e"] = BundleFile.B64("{\"event\":\"nothing happened\"}"));

        var (code, _, stderr) = await RunAsync(bundle.Path, "--key", log.Signer.VerifierKey);

        code.ShouldBe(1);
        stderr.ShouldContain("NOT VERIFIED");
        stderr.ShouldContain("Entry 600");
    }

    [Fact]
    public async Task WrongKey_ExitsOne()
    {
        using var log = await TestLog.CreateAsync(10);
        using var other = Itaku.Ledger.NoteSigner.Generate(TestLog.Origin);
        using var bundle = await BundleFile.ExportAsync(log, 0, 10);
        (await RunAsync(bundle.Path, "--key", other.VerifierKey)).Code.ShouldBe(1);
    }

    [Fact]
    public async Task MissingFile_ExitsTwo() =>
        (await RunAsync("/nonexistent/bundle.jsonl")).Code.ShouldBe(2);

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "itaku-verify.dll");
        File.Exists(dll).ShouldBeTrue($"{dll} should be built by the project reference");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }
}
