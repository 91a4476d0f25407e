using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Itaku.Web.Features.Organizations;

namespace Itaku.Web.Features.Accounts;

internal sealed class ItakuUserConfiguration : IEntityTypeConfiguration<ItakuUser>
{
    public void Configure(EntityTypeBuilder<ItakuUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        b.Property(u => u.Role).HasConversion<string>().HasMaxLength(32);
        b.Property(u => u.DateStyle).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(u => u.OrganizationId);
    }
}
