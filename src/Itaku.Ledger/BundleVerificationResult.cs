namespace Itaku.Ledger;

/// <summary>The outcome of <see cref="BundleVerifier"/>: either everything checked, or the first thing that did not.</summary>
public sealed record BundleVerificationResult
{
    /// <summary>True if the signature, every entry and the recomputed root all check.</summary>
    public bool Verified => Failure is null;

    /// <summary>What failed first, in words; null when verified.</summary>
    public string? Failure { get; init; }

    /// <summary>Index of the entry that failed, when the failure is about one entry.</summary>
    public long? FailedEntry { get; init; }

    /// <summary>The log's origin, once the header was read.</summary>
    public string? Origin { get; init; }

    /// <summary>First exported entry.</summary>
    public long Start { get; init; }

    /// <summary>One past the last exported entry.</summary>
    public long End { get; init; }

    /// <summary>From the header: entries below this index were pruned by the log's retention and are not in the bundle.</summary>
    public long? PrunedBefore { get; init; }

    /// <summary>Entries that were read and matched their leaf hashes.</summary>
    public long EntriesChecked { get; init; }

    /// <summary>Tree size of the checkpoint, once it verified.</summary>
    public long? CheckpointSize { get; init; }

    /// <summary>Root hash of the checkpoint, once it verified.</summary>
    public byte[]? Root { get; init; }

    /// <summary>Name of the key the checkpoint was checked against.</summary>
    public string? KeyName { get; init; }

    /// <summary>ID of the key the checkpoint was checked against.</summary>
    public uint? KeyId { get; init; }

    /// <summary>
    /// True when no trusted key was supplied and the bundle's own key was used: that proves the bundle is
    /// intact and signed by whoever holds that key, not that the key is the log's.
    /// </summary>
    public bool UsedBundleKey { get; init; }

    /// <summary>With a trusted key supplied: whether the key written in the bundle is the same key.</summary>
    public bool? BundleKeyMatchesTrusted { get; init; }
}
