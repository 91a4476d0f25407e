using System.Security.Cryptography;
using Itaku.Ledger;

namespace Itaku.Ledger.Tests;

/// <summary>
/// A deliberately naive, recursive transcription of RFC 9162 §2.1 (MTH, PATH, SUBPROOF) over a list of
/// entries, sharing no code with the library beyond SHA-256, to cross-check the fast implementations.
/// </summary>
internal static class ReferenceTree
{
    public static byte[] LeafHash(byte[] entry) => SHA256.HashData([0x00, .. entry]);

    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        if (d.Count == 0)
        {
            return SHA256.HashData(Array.Empty<byte>());
        }

        if (d.Count == 1)
        {
            return LeafHash(d[0]);
        }

        int k = LargestPowerOfTwoBelow(d.Count);
        return SHA256.HashData([0x01, .. Mth(d.Take(k).ToList()), .. Mth(d.Skip(k).ToList())]);
    }

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count <= 1)
        {
            return [];
        }

        int k = LargestPowerOfTwoBelow(d.Count);
        var left = d.Take(k).ToList();
        var right = d.Skip(k).ToList();
        return m < k ? [.. Path(m, left), Mth(right)] : [.. Path(m - k, right), Mth(left)];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) =>
        m == 0 || m == d.Count ? [] : SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        if (m == d.Count)
        {
            return b ? [] : [Mth(d)];
        }

        int k = LargestPowerOfTwoBelow(d.Count);
        var left = d.Take(k).ToList();
        var right = d.Skip(k).ToList();
        return m <= k ? [.. SubProof(m, left, b), Mth(right)] : [.. SubProof(m - k, right, false), Mth(left)];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        int k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}
