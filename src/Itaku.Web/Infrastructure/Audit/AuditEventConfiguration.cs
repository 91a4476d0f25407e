using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Infrastructure.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(e => e.Actor).HasMaxLength(256).IsRequired();
        b.Property(e => e.Action).HasMaxLength(100).IsRequired();
        b.Property(e => e.SubjectType).HasMaxLength(50).IsRequired();
        b.Property(e => e.SubjectId).HasMaxLength(100);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.HasIndex(e => e.OccurredAt);
        b.HasIndex(e => new { e.ContractId, e.OccurredAt });
        b.HasIndex(e => e.LedgerIndex).IsUnique();
    }
}
