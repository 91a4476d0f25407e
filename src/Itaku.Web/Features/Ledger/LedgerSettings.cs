namespace Itaku.Web.Features.Ledger;

/// <summary>Section <c>Ledger</c> of the configuration.</summary>
public sealed class LedgerSettings
{
    /// <summary>First part of every log's origin line and the signing key's name, e.g. itaku.pref.gunma.lg.jp.</summary>
    public string OriginPrefix { get; set; } = "itaku.localhost";

    /// <summary>PKCS#8 PEM of the ECDSA P-256 checkpoint key; created on first start with mode 0600.</summary>
    public string SigningKeyPath { get; set; } = "App_Data/ledger-signing-key.pem";

    /// <summary>How often a growing log gets a new signed checkpoint.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>An ingested entry whose event time differs from its receive time by more is flagged.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the self-audit recomputes every log and checks its tiles, checkpoints and audit events.</summary>
    public TimeSpan SelfAuditInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Per-source ingest rate (entries a second, averaged; 0 = no limit). A source over it gets 429 with Retry-After,
    /// so one contractor's system cannot take the writer from the others' ingest and the web UI.
    /// </summary>
    public int IngestEntriesPerSecond { get; set; } = 25_000;

    /// <summary>Entries a source may send at once above its rate (the bucket's size).</summary>
    public int IngestBurstEntries { get; set; } = 100_000;

    /// <summary>
    /// Most entries one ingest transaction writes: a larger group (or one large request) is written in several
    /// commits, one after another, and acknowledged together, so no commit holds the database writer for long.
    /// </summary>
    public int MaxCommitEntries { get; set; } = 4_000;

    public string AuditOrigin => $"{OriginPrefix}/audit";

    public string SourceOrigin(long contractId, long sourceId) => $"{OriginPrefix}/contracts/{contractId}/sources/{sourceId}";
}
