using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Ledger;

[JsonConverter(typeof(EnumNames<LedgerLogKind>))]
public enum LedgerLogKind
{
    /// <summary>The application's own audit trail (G3, S16).</summary>
    Audit,
    /// <summary>Access and event logs pushed by a contractor's system (G9, S16).</summary>
    Source,
}

/// <summary>One named Merkle log (its C2SP origin line) and its current head.</summary>
public sealed class LedgerLog
{
    public long Id { get; set; }
    public string Origin { get; set; } = "";
    public LedgerLogKind Kind { get; set; }
    public long? ContractId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Number of entries; a concurrency token, so two appenders can never both extend the same head.</summary>
    public long Size { get; set; }

    public byte[] RootHash { get; set; } = [];
    /// <summary>Retention in force at the latest pruning run (Ledger:Retention); shown with the log.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>
    /// Entries below this index have lost their payload to retention (their leaf hash, index and times
    /// stay); level-0 tiles wholly below it are gone except those a signed checkpoint still needs.
    /// </summary>
    public long PrunedBefore { get; set; }
    public DateTime CreatedAt { get; set; }
}
