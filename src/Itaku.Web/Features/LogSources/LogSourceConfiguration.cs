using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.LogSources;

internal sealed class LogSourceConfiguration : IEntityTypeConfiguration<LogSource>
{
    public void Configure(EntityTypeBuilder<LogSource> b)
    {
        b.Property(s => s.Name).HasMaxLength(200).IsRequired();
        b.Property(s => s.TokenHash).HasMaxLength(64).IsRequired();
        b.HasIndex(s => s.TokenHash).IsUnique();
        b.HasIndex(s => s.ContractId);
        b.HasIndex(s => s.LogId).IsUnique();
        b.HasOne<Contract>().WithMany().HasForeignKey(s => s.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LedgerLog>().WithMany().HasForeignKey(s => s.LogId).OnDelete(DeleteBehavior.Restrict);
    }
}
