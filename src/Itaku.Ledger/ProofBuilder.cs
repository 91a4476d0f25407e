namespace Itaku.Ledger;

/// <summary>
/// Builds RFC 9162 inclusion (§2.1.3.1) and consistency (§2.1.4.1) proofs from stored node hashes.
/// Each proof element is MTH of some range; ranges are decomposed into perfect subtrees, all read in one
/// batch, so a proof costs O(log n) hash reads (a handful of tiles).
/// </summary>
public static class ProofBuilder
{
    /// <summary>The audit path for entry <paramref name="index"/> in the tree of <paramref name="treeSize"/> entries, leaf to root.</summary>
    public static Task<IReadOnlyList<byte[]>> InclusionProofAsync(IHashReader reader, long index, long treeSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, treeSize);
        var ranges = new List<(long Begin, long End)>();
        Path(index, 0, treeSize, ranges);
        return ReadRangesAsync(reader, ranges, cancellationToken);
    }

    /// <summary>The proof that the tree of <paramref name="size1"/> entries is a prefix of the tree of <paramref name="size2"/>.</summary>
    public static Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(IHashReader reader, long size1, long size2, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size2, size1);
        var ranges = new List<(long Begin, long End)>();
        if (size1 > 0 && size1 < size2)
        {
            SubProof(size1, 0, size2, true, ranges);
        }

        return ReadRangesAsync(reader, ranges, cancellationToken);
    }

    /// <summary>The root of the tree of <paramref name="treeSize"/> entries, from its compact range.</summary>
    public static async Task<byte[]> RootAsync(IHashReader reader, long treeSize, CancellationToken cancellationToken = default)
    {
        var hashes = await ReadRangesAsync(reader, [(0, treeSize)], cancellationToken);
        return hashes.Count == 0 ? TreeHasher.EmptyRoot() : hashes[0];
    }

    // PATH(m, D[lo:hi]) of RFC 9162 §2.1.3.1, as the ranges whose MTH forms the path.
    private static void Path(long m, long lo, long hi, List<(long, long)> output)
    {
        long n = hi - lo;
        if (n <= 1)
        {
            return;
        }

        long k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(m, lo, lo + k, output);
            output.Add((lo + k, hi));
        }
        else
        {
            Path(m - k, lo + k, hi, output);
            output.Add((lo, lo + k));
        }
    }

    // SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1.
    private static void SubProof(long m, long lo, long hi, bool isOriginalTree, List<(long, long)> output)
    {
        long n = hi - lo;
        if (m == n)
        {
            if (!isOriginalTree)
            {
                output.Add((lo, hi));
            }

            return;
        }

        long k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(m, lo, lo + k, isOriginalTree, output);
            output.Add((lo + k, hi));
        }
        else
        {
            SubProof(m - k, lo + k, hi, false, output);
            output.Add((lo, lo + k));
        }
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - (int)long.LeadingZeroCount(n - 1));

    // Every range here starts at a multiple of a power of two at least its length, so its MTH is the
    // right-to-left fold of its compact range, exactly as for a tree [0, n).
    private static async Task<IReadOnlyList<byte[]>> ReadRangesAsync(IHashReader reader, IReadOnlyList<(long Begin, long End)> ranges, CancellationToken cancellationToken)
    {
        var perRange = ranges.Select(r => NodeId.Decompose(r.Begin, r.End)).ToList();
        var hashes = await reader.ReadHashesAsync(perRange.SelectMany(n => n).ToList(), cancellationToken);
        var result = new List<byte[]>(ranges.Count);
        int next = 0;
        foreach (var nodes in perRange)
        {
            if (nodes.Count == 0)
            {
                continue;
            }

            var hash = hashes[next + nodes.Count - 1].ToArray();
            for (int i = nodes.Count - 2; i >= 0; i--)
            {
                TreeHasher.HashChildren(hashes[next + i], hash, hash);
            }

            next += nodes.Count;
            result.Add(hash);
        }

        return result;
    }
}
