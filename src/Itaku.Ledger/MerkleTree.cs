namespace Itaku.Ledger;

/// <summary>
/// An append-only RFC 6962 tree kept as its compact range [0, size): one hash per set bit of the size,
/// largest subtree first. Appending costs one leaf hash plus, on average, one node hash, with no allocation,
/// so a verifier can stream millions of entries; the root of any size is a right-to-left fold of the range.
/// </summary>
public sealed class MerkleTree
{
    private const int H = TreeHasher.HashSize;

    // 64 slots: a size below 2^63 has at most 63 set bits.
    private readonly byte[] _hashes = new byte[64 * H];
    private readonly NodeVisitor? _visitor;
    private int _count;

    /// <summary>Creates an empty tree; <paramref name="visitor"/> sees every node completed by appends.</summary>
    public MerkleTree(NodeVisitor? visitor = null) => _visitor = visitor;

    /// <summary>Number of entries in the tree.</summary>
    public long Size { get; private set; }

    /// <summary>Rebuilds a tree of <paramref name="size"/> entries from its compact range (see <see cref="NodeId.Decompose"/>).</summary>
    public static MerkleTree FromCompactRange(long size, IReadOnlyList<byte[]> hashes, NodeVisitor? visitor = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (hashes.Count != long.PopCount(size))
        {
            throw new ArgumentException($"A tree of size {size} has {long.PopCount(size)} compact-range hashes, not {hashes.Count}.", nameof(hashes));
        }

        var tree = new MerkleTree(visitor);
        for (int i = 0; i < hashes.Count; i++)
        {
            if (hashes[i].Length != H)
            {
                throw new ArgumentException($"Compact-range hash {i} is {hashes[i].Length} bytes, not {H}.", nameof(hashes));
            }

            hashes[i].CopyTo(tree._hashes, i * H);
        }

        tree._count = hashes.Count;
        tree.Size = size;
        return tree;
    }

    /// <summary>The compact range [0, Size), largest subtree first.</summary>
    public IReadOnlyList<byte[]> CompactRange()
    {
        var range = new byte[_count][];
        for (int i = 0; i < _count; i++)
        {
            range[i] = _hashes.AsSpan(i * H, H).ToArray();
        }

        return range;
    }

    /// <summary>Appends one entry (hashing it as a leaf).</summary>
    public void Append(ReadOnlySpan<byte> entry)
    {
        Span<byte> leaf = stackalloc byte[H];
        TreeHasher.HashLeaf(entry, leaf);
        AppendSubtree(leaf, 0);
    }

    /// <summary>Appends an already computed leaf hash.</summary>
    public void AppendLeafHash(ReadOnlySpan<byte> leafHash) => AppendSubtree(leafHash, 0);

    /// <summary>
    /// Appends the hash of a perfect subtree of 2^<paramref name="level"/> entries starting at <see cref="Size"/>,
    /// which must be a multiple of 2^level. This is how a right-hand compact range is merged on.
    /// </summary>
    public void AppendSubtree(ReadOnlySpan<byte> hash, int level)
    {
        if (hash.Length != H)
        {
            throw new ArgumentException($"A node hash is {H} bytes.", nameof(hash));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 62);
        if ((Size & ((1L << level) - 1)) != 0)
        {
            throw new InvalidOperationException($"A level-{level} subtree cannot start at entry {Size}.");
        }

        long newSize = Size + (1L << level);
        Span<byte> current = stackalloc byte[H];
        hash.CopyTo(current);
        long index = Size >> level;
        _visitor?.Invoke(new NodeId(level, index), current);

        // Binary carry: while the tree already ends in a subtree of this height, the two become siblings.
        while (((Size >> level) & 1) == 1)
        {
            _count--;
            TreeHasher.HashChildren(_hashes.AsSpan(_count * H, H), current, current);
            level++;
            index >>= 1;
            _visitor?.Invoke(new NodeId(level, index), current);
        }

        current.CopyTo(_hashes.AsSpan(_count * H, H));
        _count++;
        Size = newSize;
    }

    /// <summary>Writes the root hash (RFC 9162 MTH) of the current tree into <paramref name="destination"/>.</summary>
    public void WriteRoot(Span<byte> destination)
    {
        if (_count == 0)
        {
            TreeHasher.EmptyRoot().CopyTo(destination);
            return;
        }

        // MTH of [0, n) with n not a power of two is H(left perfect subtree, MTH(rest)), i.e. a fold from the right.
        _hashes.AsSpan((_count - 1) * H, H).CopyTo(destination);
        for (int i = _count - 2; i >= 0; i--)
        {
            TreeHasher.HashChildren(_hashes.AsSpan(i * H, H), destination, destination);
        }
    }

    /// <summary>The root hash (RFC 9162 MTH) of the current tree.</summary>
    public byte[] Root()
    {
        var root = new byte[H];
        WriteRoot(root);
        return root;
    }
}
