using Itaku.Ledger;
using static Itaku.Ledger.Tests.Cancellation;

namespace Itaku.Ledger.Tests;

/// <summary>
/// RFC 6962 test vectors as published by certificate-transparency and kept in
/// github.com/transparency-dev/merkle (testonly/constants.go: LeafInputs, RootHashes; proof/verify_test.go:
/// inclusionProofs, consistencyProofs). The 9-leaf root is not published there: it extends the vectors with
/// the 32-byte leaf 0x70..0x8f and was computed with an independent Python hashlib implementation.
/// </summary>
public class KnownAnswerTests
{
    private static readonly byte[][] Leaves =
    [
        [],
        H("00"),
        H("10"),
        H("2021"),
        H("3031"),
        H("40414243"),
        H("5051525354555657"),
        H("606162636465666768696a6b6c6d6e6f"),
        H("707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f"),
    ];

    public static TheoryData<int, string> Roots => new()
    {
        { 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { 1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d" },
        { 2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" },
        { 3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77" },
        { 4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" },
        { 5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4" },
        { 6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef" },
        { 7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c" },
        { 8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328" },
        { 9, "e2834d5f59dd6f6ea28c05b772d63c10640bda7037a96f088fd4f26ddccc95d2" },
    };

    public static TheoryData<long, long, string[]> InclusionVectors => new()
    {
        { 0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
        { 1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 0, 1, [] },
    };

    public static TheoryData<long, long, string[]> ConsistencyVectors => new()
    {
        { 1, 1, [] },
        { 1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
        { 6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
        { 2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
        { 6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
    };

    [Theory]
    [MemberData(nameof(Roots))]
    public void MerkleTree_RootOfFirstNLeaves_MatchesPublishedVector(int size, string expected)
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves.Take(size))
        {
            tree.Append(leaf);
        }

        Convert.ToHexStringLower(tree.Root()).ShouldBe(expected);
        Convert.ToHexStringLower(ReferenceTree.Mth(Leaves.Take(size).ToList())).ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public async Task Appender_RootFromTiles_MatchesPublishedVector(int size, string expected)
    {
        var store = new InMemoryLedgerStore();
        var result = await new LedgerAppender(store).AppendAsync(Leaves.Take(size).Select(l => (ReadOnlyMemory<byte>)l).ToList(), Ct);

        Convert.ToHexStringLower(result.Root).ShouldBe(expected);
        Convert.ToHexStringLower(await ProofBuilder.RootAsync(new TileHashReader(store), size, Ct)).ShouldBe(expected);
    }

    [Fact]
    public void LeafHash_OfSecondVector_IsPublishedValue() =>
        Convert.ToHexStringLower(TreeHasher.HashLeaf(Leaves[1])).ShouldBe("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7");

    [Theory]
    [MemberData(nameof(InclusionVectors))]
    public async Task InclusionProof_FromTiles_MatchesPublishedVectorAndVerifies(long index, long size, string[] expected)
    {
        var store = await StoreWithVectorsAsync((int)size);
        var proof = await ProofBuilder.InclusionProofAsync(new TileHashReader(store), index, size, Ct);

        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
        ProofVerifier.VerifyInclusion(index, size, TreeHasher.HashLeaf(Leaves[index]), proof, ReferenceTree.Mth(Leaves.Take((int)size).ToList())).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(ConsistencyVectors))]
    public async Task ConsistencyProof_FromTiles_MatchesPublishedVectorAndVerifies(long size1, long size2, string[] expected)
    {
        var store = await StoreWithVectorsAsync((int)size2);
        var proof = await ProofBuilder.ConsistencyProofAsync(new TileHashReader(store), size1, size2, Ct);

        proof.Select(Convert.ToHexStringLower).ShouldBe(expected);
        ProofVerifier.VerifyConsistency(size1, size2, proof, ReferenceTree.Mth(Leaves.Take((int)size1).ToList()), ReferenceTree.Mth(Leaves.Take((int)size2).ToList())).ShouldBeTrue();
    }

    private static async Task<InMemoryLedgerStore> StoreWithVectorsAsync(int size)
    {
        var store = new InMemoryLedgerStore();
        await new LedgerAppender(store).AppendAsync(Leaves.Take(size).Select(l => (ReadOnlyMemory<byte>)l).ToList(), Ct);
        return store;
    }

    private static byte[] H(string hex) => Convert.FromHexString(hex);
}
