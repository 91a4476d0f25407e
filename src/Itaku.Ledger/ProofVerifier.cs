namespace Itaku.Ledger;

/// <summary>
/// Verifies inclusion (RFC 9162 §2.1.3.2) and consistency (§2.1.4.2) proofs, including the final
/// "sn is 0" check that rejects a valid path presented for the wrong index or tree size.
/// </summary>
public static class ProofVerifier
{
    private const int H = TreeHasher.HashSize;

    /// <summary>True if <paramref name="proof"/> shows the leaf hash at <paramref name="index"/> is in the tree of <paramref name="treeSize"/> with <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= treeSize || leafHash.Length != H || root.Length != H)
        {
            return false;
        }

        long fn = index;
        long sn = treeSize - 1;
        Span<byte> r = stackalloc byte[H];
        leafHash.CopyTo(r);
        foreach (var p in proof)
        {
            if (p.Length != H || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHasher.HashChildren(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                TreeHasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && r.SequenceEqual(root);
    }

    /// <summary>True if <paramref name="proof"/> shows the tree (<paramref name="size1"/>, <paramref name="root1"/>) is a prefix of (<paramref name="size2"/>, <paramref name="root2"/>).</summary>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        if (size1 < 0 || size2 < size1 || root1.Length != H || root2.Length != H)
        {
            return false;
        }

        if (size1 == size2)
        {
            return proof.Count == 0 && root1.SequenceEqual(root2);
        }

        if (size1 == 0)
        {
            // Every tree extends the empty one; still insist the claimed old root is the empty root.
            return proof.Count == 0 && root1.SequenceEqual(TreeHasher.EmptyRoot());
        }

        if (proof.Count == 0 || proof.Any(p => p.Length != H))
        {
            return false;
        }

        // Step 2: when size1 is a power of two the old root is itself the first node of the path.
        IEnumerable<byte[]> path = long.IsPow2(size1) ? proof.Prepend(root1.ToArray()) : proof;
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        Span<byte> fr = stackalloc byte[H];
        Span<byte> sr = stackalloc byte[H];
        bool first = true;
        foreach (var c in path)
        {
            if (first)
            {
                c.CopyTo(fr);
                c.CopyTo(sr);
                first = false;
                continue;
            }

            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHasher.HashChildren(c, fr, fr);
                TreeHasher.HashChildren(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                TreeHasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && fr.SequenceEqual(root1) && sr.SequenceEqual(root2);
    }
}
