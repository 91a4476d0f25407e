using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Provisions;

internal sealed class ProvisionSetConfiguration : IEntityTypeConfiguration<ProvisionSet>
{
    public void Configure(EntityTypeBuilder<ProvisionSet> b)
    {
        b.Property(s => s.Code).HasMaxLength(100).IsRequired();
        b.Property(s => s.Version).HasMaxLength(64).IsRequired();
        b.Property(s => s.TitleJa).HasMaxLength(2000).IsRequired();
        b.Property(s => s.TitleEn).HasMaxLength(2000).IsRequired();
        b.Property(s => s.IssuerJa).HasMaxLength(2000).IsRequired();
        b.Property(s => s.IssuerEn).HasMaxLength(2000).IsRequired();
        b.Property(s => s.Json).IsRequired();
        b.Property(s => s.Sha256).HasMaxLength(64).IsRequired();
        b.Property(s => s.ImportedBy).HasMaxLength(256).IsRequired();
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(s => s.ImportedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.Code, s.Version }).IsUnique();
        b.HasIndex(s => s.ImportedById);
    }
}

internal sealed class ContractProvisionSnapshotConfiguration : IEntityTypeConfiguration<ContractProvisionSnapshot>
{
    public void Configure(EntityTypeBuilder<ContractProvisionSnapshot> b)
    {
        b.HasKey(s => s.ContractId);
        b.Property(s => s.ContractId).ValueGeneratedNever();
        b.HasOne<Contract>().WithOne().HasForeignKey<ContractProvisionSnapshot>(s => s.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.Code).HasMaxLength(100).IsRequired();
        b.Property(s => s.Version).HasMaxLength(64).IsRequired();
        b.Property(s => s.Json).IsRequired();
        b.Property(s => s.Sha256).HasMaxLength(64).IsRequired();
    }
}

internal sealed class NotApplicableObligationConfiguration : IEntityTypeConfiguration<NotApplicableObligation>
{
    public void Configure(EntityTypeBuilder<NotApplicableObligation> b)
    {
        b.HasKey(n => new { n.ContractId, n.ObligationKey });
        b.Property(n => n.ObligationKey).HasMaxLength(100);
        b.Property(n => n.Reason).HasMaxLength(1000).IsRequired();
        b.HasOne<Contract>().WithMany().HasForeignKey(n => n.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(n => n.DecidedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => n.DecidedById);
    }
}
