using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Requests;

internal sealed class RequestConfiguration : IEntityTypeConfiguration<Request>
{
    public void Configure(EntityTypeBuilder<Request> b)
    {
        b.Property(r => r.Kind).HasMaxLength(40).IsRequired();
        // The state a transition starts from is part of its UPDATE: of two racing decisions one finds it changed (409).
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        b.Property(r => r.Revision).IsConcurrencyToken();
        b.Property(r => r.DecisionNote).HasMaxLength(4000);
        b.HasOne<Contract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.ContractId, r.Kind, r.Status });
        b.HasMany(r => r.Revisions).WithOne().HasForeignKey(v => v.RequestId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RequestRevisionConfiguration : IEntityTypeConfiguration<RequestRevision>
{
    public void Configure(EntityTypeBuilder<RequestRevision> b)
    {
        b.Property(v => v.Title).HasMaxLength(200).IsRequired();
        b.Property(v => v.FieldsJson).IsRequired();
        b.Property(v => v.ReturnReason).HasMaxLength(4000);
        b.HasIndex(v => new { v.RequestId, v.Number }).IsUnique();
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(v => v.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
