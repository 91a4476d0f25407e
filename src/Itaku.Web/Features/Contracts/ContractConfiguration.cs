using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Contracts;

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.Property(c => c.Number).HasMaxLength(50).IsRequired();
        b.HasIndex(c => c.Number).IsUnique();
        b.Property(c => c.Title).HasMaxLength(200).IsRequired();
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        b.Ignore(c => c.RecordStartDate);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ClientDepartmentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.ContractorId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.ClientDepartmentId);
        b.HasIndex(c => c.ContractorId);
        b.HasOne<ProvisionSet>().WithMany().HasForeignKey(c => c.ProvisionSetId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => c.ProvisionSetId);
        b.HasMany(c => c.WorkLocations).WithOne().HasForeignKey(l => l.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Members).WithOne().HasForeignKey(m => m.ContractId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContractWorkLocationConfiguration : IEntityTypeConfiguration<ContractWorkLocation>
{
    public void Configure(EntityTypeBuilder<ContractWorkLocation> b)
    {
        b.Property(l => l.Name).HasMaxLength(200).IsRequired();
        b.Property(l => l.Address).HasMaxLength(400).IsRequired();
    }
}

internal sealed class ContractMemberConfiguration : IEntityTypeConfiguration<ContractMember>
{
    public void Configure(EntityTypeBuilder<ContractMember> b)
    {
        b.HasKey(m => new { m.ContractId, m.UserId });
        b.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class ContractSubcontractorConfiguration : IEntityTypeConfiguration<ContractSubcontractor>
{
    public void Configure(EntityTypeBuilder<ContractSubcontractor> b)
    {
        b.HasKey(s => new { s.ContractId, s.OrganizationId });
        b.HasOne<Contract>().WithMany().HasForeignKey(s => s.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.OrganizationId);
    }
}
