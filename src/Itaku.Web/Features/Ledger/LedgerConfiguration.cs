using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Ledger;

internal sealed class LedgerLogConfiguration : IEntityTypeConfiguration<LedgerLog>
{
    public void Configure(EntityTypeBuilder<LedgerLog> b)
    {
        b.Property(l => l.Origin).HasMaxLength(200).IsRequired();
        b.HasIndex(l => l.Origin).IsUnique();
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(l => l.Name).HasMaxLength(200).IsRequired();
        b.Property(l => l.Size).IsConcurrencyToken();
        b.Property(l => l.RootHash).HasMaxLength(32).IsRequired();
        b.HasIndex(l => l.ContractId);
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> b)
    {
        b.HasKey(e => new { e.LogId, e.Index });
        b.Property(e => e.Data).IsRequired();
        b.Property(e => e.LeafHash).HasMaxLength(32);
        b.HasOne<LedgerLog>().WithMany().HasForeignKey(e => e.LogId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.LogId, e.ReceivedAt });
        // Partial: skewed entries are rare, so ingest writes this index only for them (migration 0011).
        // The bare column is a valid predicate on both engines (SQLite integer, PostgreSQL boolean).
        b.HasIndex(e => new { e.LogId, e.ClockSkewed }).HasFilter("\"ClockSkewed\"");
    }
}

internal sealed class LedgerTileConfiguration : IEntityTypeConfiguration<LedgerTile>
{
    public void Configure(EntityTypeBuilder<LedgerTile> b)
    {
        b.HasKey(t => new { t.LogId, t.Level, t.TileIndex });
        b.Property(t => t.Hashes).HasMaxLength(8192).IsRequired();
        b.HasOne<LedgerLog>().WithMany().HasForeignKey(t => t.LogId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LedgerCheckpointConfiguration : IEntityTypeConfiguration<LedgerCheckpoint>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpoint> b)
    {
        b.HasKey(c => new { c.LogId, c.Size });
        b.Property(c => c.Note).HasMaxLength(4000).IsRequired();
        b.HasOne<LedgerLog>().WithMany().HasForeignKey(c => c.LogId).OnDelete(DeleteBehavior.Restrict);
    }
}
