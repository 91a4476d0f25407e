namespace Itaku.Ledger;

/// <summary>
/// A perfect subtree of the log: <see cref="Level"/> 0 is a leaf, and the node at (level, index)
/// covers entries [index·2^level, (index+1)·2^level).
/// </summary>
public readonly record struct NodeId(int Level, long Index)
{
    /// <summary>First entry covered by this node.</summary>
    public long Begin => Index << Level;

    /// <summary>One past the last entry covered by this node.</summary>
    public long End => (Index + 1) << Level;

    /// <summary>
    /// The compact range of [begin, end): the fewest perfect subtrees that exactly cover it, left to right.
    /// Sizes first grow (while alignment allows) and then shrink; for begin = 0 they follow the bits of end.
    /// </summary>
    public static IReadOnlyList<NodeId> Decompose(long begin, long end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(begin);
        ArgumentOutOfRangeException.ThrowIfLessThan(end, begin);
        var nodes = new List<NodeId>();
        while (begin < end)
        {
            // Largest aligned power of two that starts at begin and does not pass end.
            int level = 63 - (int)long.LeadingZeroCount(end - begin);
            if (begin != 0)
            {
                level = Math.Min(level, (int)long.TrailingZeroCount(begin));
            }

            nodes.Add(new NodeId(level, begin >> level));
            begin += 1L << level;
        }

        return nodes;
    }

    /// <inheritdoc />
    public override string ToString() => $"node({Level},{Index})";
}
