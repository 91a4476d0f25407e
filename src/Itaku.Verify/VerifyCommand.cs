using System.Diagnostics;
using System.Globalization;
using Itaku.Ledger;

namespace Itaku.Verify;

/// <summary>Runs one verification and prints a summary (success) or the first failure.</summary>
internal static class VerifyCommand
{
    public const int ExitVerified = 0;
    public const int ExitNotVerified = 1;
    public const int ExitUsage = 2;

    public static int Run(FileInfo bundle, string? keyArgument, TextWriter output, TextWriter error)
    {
        NoteVerifier? trusted = null;
        try
        {
            if (keyArgument is not null)
            {
                // A value that names an existing file is read from it; anything else is the key itself.
                var text = File.Exists(keyArgument) ? File.ReadAllText(keyArgument) : keyArgument;
                trusted = NoteVerifier.Parse(text.Trim());
            }
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"itaku-verify: invalid --key: {e.Message}");
            return ExitUsage;
        }

        if (!bundle.Exists)
        {
            error.WriteLine($"itaku-verify: no such file: {bundle.FullName}");
            return ExitUsage;
        }

        var clock = Stopwatch.StartNew();
        BundleVerificationResult result;
        try
        {
            result = BundleVerifier.Verify(bundle.FullName, trusted);
        }
        catch (InvalidDataException e)
        {
            // A damaged gzip stream is a bundle that does not verify, not a usage error.
            error.WriteLine($"NOT VERIFIED: the bundle is not readable: {e.Message}");
            return ExitNotVerified;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"itaku-verify: cannot read {bundle.FullName}: {e.Message}");
            return ExitUsage;
        }

        clock.Stop();
        if (!result.Verified)
        {
            error.WriteLine($"NOT VERIFIED: {result.Failure}");
            if (result.FailedEntry is { } entry)
            {
                error.WriteLine($"first failing entry: {entry}");
            }

            return ExitNotVerified;
        }

        double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine("VERIFIED");
        output.WriteLine($"origin:      {result.Origin}");
        output.WriteLine($"entries:     {result.EntriesChecked.ToString(inv)}");
        output.WriteLine($"range:       [{result.Start.ToString(inv)}, {result.End.ToString(inv)})");
        output.WriteLine($"checkpoint:  size {result.CheckpointSize?.ToString(inv)}");
        if (result.PrunedBefore is { } pruned)
        {
            output.WriteLine($"pruned:      entries before {pruned.ToString(inv)} were deleted by the log's retention period and are not in this bundle");
        }

        output.WriteLine($"root:        {Convert.ToHexStringLower(result.Root ?? [])}");
        output.WriteLine($"key:         {result.KeyName} {result.KeyId:x8}");
        output.WriteLine(result.UsedBundleKey
            ? "key source:  the bundle's own key (no --key given): this shows the bundle is intact and consistently signed, "
              + "not that the signer is the log; pass --key with the log's published key for that."
            : result.BundleKeyMatchesTrusted == true
                ? "key source:  --key (the bundle names the same key)"
                : "key source:  --key (the bundle names a different key, which was ignored)");
        output.WriteLine(string.Create(inv, $"elapsed:     {clock.Elapsed.TotalSeconds:F3} s"));
        output.WriteLine(string.Create(inv, $"speed:       {result.EntriesChecked / seconds:F0} entries/s"));
        return ExitVerified;
    }
}
