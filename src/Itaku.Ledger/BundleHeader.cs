namespace Itaku.Ledger;

/// <summary>The first line of an export bundle (see BUNDLE.md): everything but the entries.</summary>
public sealed class BundleHeader
{
    /// <summary>The format identifier this library writes and reads.</summary>
    public const string CurrentFormat = "itaku-ledger-bundle/v1";

    /// <summary>Format identifier; must be <see cref="CurrentFormat"/>.</summary>
    public string Format { get; init; } = CurrentFormat;

    /// <summary>The log's origin line.</summary>
    public required string Origin { get; init; }

    /// <summary>Index of the first exported entry.</summary>
    public required long Start { get; init; }

    /// <summary>One past the last exported entry.</summary>
    public required long End { get; init; }

    /// <summary>The signer's verifier key string (type 0x02), as the log publishes it.</summary>
    public required string VerifierKey { get; init; }

    /// <summary>The signed checkpoint note, for a tree size at least <see cref="End"/>.</summary>
    public required string Checkpoint { get; init; }

    /// <summary>
    /// Set when the export asked for entries that retention had already pruned: every entry below this
    /// index lost its payload, so the bundle starts no earlier. Informational; verification is unchanged.
    /// </summary>
    public long? PrunedBefore { get; init; }

    /// <summary>Compact range of [0, Start): node hashes of <see cref="NodeId.Decompose"/>(0, Start).</summary>
    public required IReadOnlyList<byte[]> Left { get; init; }

    /// <summary>Compact range of [End, checkpoint size): node hashes of <see cref="NodeId.Decompose"/>(End, size).</summary>
    public required IReadOnlyList<byte[]> Right { get; init; }
}
