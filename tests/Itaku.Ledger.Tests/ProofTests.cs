using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>
/// Every inclusion and consistency proof for every tree size up to 70, generated from tiles, equals the
/// reference transcription of RFC 9162, verifies, and stops verifying once anything about it is wrong.
/// </summary>
public class ProofTests
{
    private const int MaxSize = 70;
    private static readonly byte[] SomeHash = Convert.FromHexString("abacaba000000000000000000000000000000000000000000060061e00123456");

    [Fact]
    public async Task InclusionProofs_ForEveryIndexAndSizeUpTo70_MatchReferenceAndVerify()
    {
        using var log = await TestLog.CreateAsync(MaxSize, batch: 13, publish: false);
        var reader = new TileHashReader(log.Store);
        for (int size = 1; size <= MaxSize; size++)
        {
            var entries = log.Entries.Take(size).ToList();
            var root = ReferenceTree.Mth(entries);
            for (int index = 0; index < size; index++)
            {
                var proof = await ProofBuilder.InclusionProofAsync(reader, index, size, Ct);
                proof.ShouldBe(ReferenceTree.Path(index, entries), $"index {index} size {size}");
                var leaf = TreeHasher.HashLeaf(entries[index]);
                ProofVerifier.VerifyInclusion(index, size, leaf, proof, root).ShouldBeTrue($"index {index} size {size}");
                foreach (var (desc, i, n, l, p, r) in CorruptInclusion(index, size, leaf, proof, root))
                {
                    ProofVerifier.VerifyInclusion(i, n, l, p, r).ShouldBeFalse($"{desc}: index {index} size {size}");
                }
            }
        }
    }

    [Fact]
    public async Task ConsistencyProofs_ForEveryPairOfSizesUpTo70_MatchReferenceAndVerify()
    {
        using var log = await TestLog.CreateAsync(MaxSize, batch: 9, publish: false);
        var reader = new TileHashReader(log.Store);
        var roots = Enumerable.Range(0, MaxSize + 1).Select(n => ReferenceTree.Mth(log.Entries.Take(n).ToList())).ToArray();
        for (int size2 = 0; size2 <= MaxSize; size2++)
        {
            for (int size1 = 0; size1 <= size2; size1++)
            {
                var proof = await ProofBuilder.ConsistencyProofAsync(reader, size1, size2, Ct);
                proof.ShouldBe(ReferenceTree.Proof(size1, log.Entries.Take(size2).ToList()), $"{size1}->{size2}");
                ProofVerifier.VerifyConsistency(size1, size2, proof, roots[size1], roots[size2]).ShouldBeTrue($"{size1}->{size2}");
                if (proof.Count == 0)
                {
                    continue;
                }

                foreach (var (desc, m, n, p, r1, r2) in CorruptConsistency(size1, size2, proof, roots[size1], roots[size2]))
                {
                    ProofVerifier.VerifyConsistency(m, n, p, r1, r2).ShouldBeFalse($"{desc}: {size1}->{size2}");
                }
            }
        }
    }

    [Fact]
    public void ConsistencyEdgeCases_FollowRfc9162()
    {
        var empty = TreeHasher.EmptyRoot();
        ProofVerifier.VerifyConsistency(0, 0, [], empty, empty).ShouldBeTrue();
        ProofVerifier.VerifyConsistency(0, 5, [], empty, SomeHash).ShouldBeTrue();
        ProofVerifier.VerifyConsistency(0, 5, [], SomeHash, SomeHash).ShouldBeFalse("the empty tree has a known root");
        ProofVerifier.VerifyConsistency(3, 3, [], SomeHash, SomeHash).ShouldBeTrue();
        ProofVerifier.VerifyConsistency(3, 3, [], SomeHash, empty).ShouldBeFalse();
        ProofVerifier.VerifyConsistency(3, 3, [empty], SomeHash, SomeHash).ShouldBeFalse("equal sizes need an empty proof");
        ProofVerifier.VerifyConsistency(4, 3, [], SomeHash, SomeHash).ShouldBeFalse("trees do not shrink");
        ProofVerifier.VerifyConsistency(1, 2, [], SomeHash, empty).ShouldBeFalse("growth needs a proof");
    }

    [Fact]
    public void InclusionEdgeCases_AreRejected()
    {
        ProofVerifier.VerifyInclusion(0, 0, SomeHash, [], SomeHash).ShouldBeFalse();
        ProofVerifier.VerifyInclusion(1, 1, SomeHash, [], SomeHash).ShouldBeFalse();
        ProofVerifier.VerifyInclusion(-1, 1, SomeHash, [], SomeHash).ShouldBeFalse();
        ProofVerifier.VerifyInclusion(0, 1, SomeHash, [], SomeHash).ShouldBeTrue("a one-leaf tree's root is its leaf");
        ProofVerifier.VerifyInclusion(0, 1, SomeHash, [], SomeHash.AsSpan(0, 31)).ShouldBeFalse();
    }

    [Fact]
    public async Task Proofs_InATreeSpanningThreeTileLevels_VerifyAgainstIndependentRoots()
    {
        // 70,000 entries: full and partial tiles at levels 0 and 1 and a partial tile at level 2 (the spec's example).
        using var log = await TestLog.CreateAsync(70_000, batch: 4_321, publish: false);
        var reader = new TileHashReader(log.Store);
        var roots = new Dictionary<long, byte[]>();
        var tree = new MerkleTree();
        long[] sizes = [1, 255, 256, 257, 65_535, 65_536, 65_537, 69_999, 70_000];
        foreach (var entry in log.Entries)
        {
            tree.Append(entry);
            if (sizes.Contains(tree.Size))
            {
                roots[tree.Size] = tree.Root();
            }
        }

        foreach (long size in sizes)
        {
            (await ProofBuilder.RootAsync(reader, size, Ct)).ShouldBe(roots[size]);
            foreach (long index in new long[] { 0, size / 3, size / 2, size - 1 }.Distinct())
            {
                var proof = await ProofBuilder.InclusionProofAsync(reader, index, size, Ct);
                ProofVerifier.VerifyInclusion(index, size, TreeHasher.HashLeaf(log.Entries[(int)index]), proof, roots[size]).ShouldBeTrue($"{index}/{size}");
            }

            foreach (long older in sizes.Where(s => s <= size))
            {
                var proof = await ProofBuilder.ConsistencyProofAsync(reader, older, size, Ct);
                ProofVerifier.VerifyConsistency(older, size, proof, roots[older], roots[size]).ShouldBeTrue($"{older}->{size}");
            }
        }
    }

    [Fact]
    public async Task ProofBuilder_ForASizeBeyondTheLog_Throws()
    {
        using var log = await TestLog.CreateAsync(10, publish: false);
        await Should.ThrowAsync<LedgerIntegrityException>(() => ProofBuilder.InclusionProofAsync(new TileHashReader(log.Store), 3, 11, Ct));
    }

    // The probes of transparency-dev/merkle's corruptInclusionProof, plus every single-bit flip. Not "size + 1":
    // a path can be equally valid for a neighbouring size whose tree has the same shape along it, which is
    // why a root is only ever trusted together with its size (a signed checkpoint binds both).
    private static IEnumerable<(string, long, long, byte[], List<byte[]>, byte[])> CorruptInclusion(long index, long size, byte[] leaf, IReadOnlyList<byte[]> proof, byte[] root)
    {
        var p = proof.ToList();
        yield return ("index - 1", index - 1, size, leaf, p, root);
        yield return ("index + 1", index + 1, size, leaf, p, root);
        yield return ("index ^ 2", index ^ 2, size, leaf, p, root);
        yield return ("size * 2", index, size * 2, leaf, p, root);
        yield return ("size / 2", index, size / 2, leaf, p, root);
        yield return ("wrong leaf", index, size, SomeHash, p, root);
        yield return ("empty root", index, size, leaf, p, TreeHasher.EmptyRoot());
        yield return ("random root", index, size, leaf, p, SomeHash);
        yield return ("trailing garbage", index, size, leaf, [.. p, SomeHash], root);
        yield return ("trailing root", index, size, leaf, [.. p, root], root);
        yield return ("preceding root", index, size, leaf, [root, .. p], root);
        yield return ("short element", index, size, leaf, [.. p, Array.Empty<byte>()], root);
        for (int i = 0; i < p.Count; i++)
        {
            var flipped = p.Select(x => x.ToArray()).ToList();
            flipped[i][0] ^= 8;
            yield return ($"flipped proof[{i}]", index, size, leaf, flipped, root);
        }

        if (p.Count > 0)
        {
            yield return ("removed component", index, size, leaf, p[..^1], root);
        }
    }

    private static IEnumerable<(string, long, long, List<byte[]>, byte[], byte[])> CorruptConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, byte[] root1, byte[] root2)
    {
        var p = proof.ToList();
        yield return ("size1 - 1", size1 - 1, size2, p, root1, root2);
        yield return ("size1 + 1", size1 + 1, size2, p, root1, root2);
        yield return ("size1 ^ 2", size1 ^ 2, size2, p, root1, root2);
        yield return ("size2 * 2", size1, size2 * 2, p, root1, root2);
        yield return ("size2 / 2", size1, size2 / 2, p, root1, root2);
        yield return ("wrong root1", size1, size2, p, SomeHash, root2);
        yield return ("wrong root2", size1, size2, p, root1, SomeHash);
        yield return ("swapped roots", size1, size2, p, root2, root1);
        yield return ("empty proof", size1, size2, [], root1, root2);
        yield return ("trailing root1", size1, size2, [.. p, root1], root1, root2);
        yield return ("trailing root2", size1, size2, [.. p, root2], root1, root2);
        yield return ("preceding root1", size1, size2, [root1, .. p], root1, root2);
        yield return ("preceding root2", size1, size2, [root2, .. p], root1, root2);
        yield return ("preceding proof[0]", size1, size2, [p[0], .. p], root1, root2);
        yield return ("truncated", size1, size2, p[..^1], root1, root2);
        for (int i = 0; i < p.Count; i++)
        {
            var flipped = p.Select(x => x.ToArray()).ToList();
            flipped[i][0] ^= 16;
            yield return ($"flipped proof[{i}]", size1, size2, flipped, root1, root2);
        }
    }
}
