namespace Itaku.Ledger;

/// <summary>
/// Verifies an export bundle in one streaming pass: the checkpoint's signature, each entry against its
/// leaf hash, and that left range + entries + right range recompute the checkpoint's root. Memory use is
/// constant in the number of entries.
/// </summary>
public static class BundleVerifier
{
    /// <summary>Verifies the bundle file at <paramref name="path"/> (plain or gzip).</summary>
    public static BundleVerificationResult Verify(string path, NoteVerifier? trustedKey = null)
    {
        using var reader = BundleReader.Open(path);
        return Verify(reader, trustedKey);
    }

    /// <summary>
    /// Verifies a bundle; the checkpoint must be signed by <paramref name="trustedKey"/>, or, when it is
    /// null, by the key written in the bundle (reported by <see cref="BundleVerificationResult.UsedBundleKey"/>).
    /// </summary>
    public static BundleVerificationResult Verify(BundleReader reader, NoteVerifier? trustedKey = null)
    {
        BundleHeader header;
        NoteVerifier key;
        bool? keysMatch = null;
        try
        {
            header = reader.ReadHeader();

            // With a trusted key the bundle's own key is only compared, so a broken one is not fatal.
            var bundleKey = trustedKey is null ? NoteVerifier.Parse(header.VerifierKey) : TryParseKey(header.VerifierKey);
            key = trustedKey ?? bundleKey!;
            keysMatch = trustedKey is null ? null : trustedKey.VerifierKey == bundleKey?.VerifierKey;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            return new BundleVerificationResult { Failure = "Bundle header: " + e.Message, KeyName = trustedKey?.Name, KeyId = trustedKey?.KeyId };
        }

        var result = new BundleVerificationResult
        {
            Origin = header.Origin,
            Start = header.Start,
            End = header.End,
            PrunedBefore = header.PrunedBefore,
            KeyName = key.Name,
            KeyId = key.KeyId,
            UsedBundleKey = trustedKey is null,
            BundleKeyMatchesTrusted = keysMatch,
        };

        Checkpoint checkpoint;
        try
        {
            checkpoint = SignedCheckpoint.Open(header.Checkpoint, key, header.Origin).Checkpoint;
        }
        catch (NoteVerificationException e)
        {
            return Fail(result, "Checkpoint: " + e.Message);
        }

        result = result with { CheckpointSize = checkpoint.Size, Root = checkpoint.Root };
        try
        {
            return CheckEntries(reader, header, checkpoint, result);
        }
        catch (FormatException e)
        {
            return Fail(result, e.Message);
        }
        catch (InvalidDataException e)
        {
            return Fail(result, $"After line {reader.LineNumber}: the compressed bundle is damaged: {e.Message}");
        }
    }

    private static BundleVerificationResult CheckEntries(BundleReader reader, BundleHeader header, Checkpoint checkpoint, BundleVerificationResult result)
    {
        if (header.Start < 0 || header.End < header.Start || header.End > checkpoint.Size)
        {
            return Fail(result, $"Range [{header.Start},{header.End}) is not within the checkpoint's {checkpoint.Size} entries.");
        }

        var rightNodes = NodeId.Decompose(header.End, checkpoint.Size);
        if (header.Left.Count != long.PopCount(header.Start) || header.Left.Any(h => h.Length != TreeHasher.HashSize))
        {
            return Fail(result, $"Left proof: [0,{header.Start}) needs {long.PopCount(header.Start)} hashes of 32 bytes; the bundle has {header.Left.Count}.");
        }

        if (header.Right.Count != rightNodes.Count || header.Right.Any(h => h.Length != TreeHasher.HashSize))
        {
            return Fail(result, $"Right proof: [{header.End},{checkpoint.Size}) needs {rightNodes.Count} hashes of 32 bytes; the bundle has {header.Right.Count}.");
        }

        var tree = MerkleTree.FromCompactRange(header.Start, header.Left);
        Span<byte> leaf = stackalloc byte[TreeHasher.HashSize];
        long expected = header.Start;
        while (reader.TryReadEntry(out long index, out var leafHash, out var entry))
        {
            if (expected == header.End)
            {
                return Fail(result, $"Line {reader.LineNumber}: the bundle has more entries than its range [{header.Start},{header.End}).", expected, expected - header.Start);
            }

            if (index != expected)
            {
                return Fail(result, $"Entry {expected}: line {reader.LineNumber} holds index {index}; entries must be consecutive.", expected, expected - header.Start);
            }

            TreeHasher.HashLeaf(entry, leaf);
            if (!leaf.SequenceEqual(leafHash))
            {
                return Fail(result, $"Entry {expected}: its content does not match its leaf hash (the entry was altered).", expected, expected - header.Start);
            }

            tree.AppendLeafHash(leaf);
            expected++;
        }

        if (expected != header.End)
        {
            return Fail(result, $"Entry {expected}: missing; the bundle ends before its range [{header.Start},{header.End}) does.", expected, expected - header.Start);
        }

        for (int i = 0; i < rightNodes.Count; i++)
        {
            tree.AppendSubtree(header.Right[i], rightNodes[i].Level);
        }

        var root = tree.Root();
        return root.AsSpan().SequenceEqual(checkpoint.Root)
            ? result with { EntriesChecked = expected - header.Start }
            : Fail(result,
                $"Proof: entries [{header.Start},{header.End}) with the left and right hashes give root {Convert.ToHexStringLower(root)}, "
                + $"not the checkpoint's {Convert.ToHexStringLower(checkpoint.Root)}. An entry and its leaf hash, or a left/right proof hash, "
                + "were altered, or entries were inserted, removed or reordered.",
                null, expected - header.Start);
    }

    private static BundleVerificationResult Fail(BundleVerificationResult result, string failure, long? entry = null, long? checkedCount = null) =>
        result with { Failure = failure, FailedEntry = entry, EntriesChecked = checkedCount ?? result.EntriesChecked };

    private static NoteVerifier? TryParseKey(string verifierKey)
    {
        try
        {
            return NoteVerifier.Parse(verifierKey);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
