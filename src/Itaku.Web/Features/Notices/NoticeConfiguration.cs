using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Notices;

internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> b)
    {
        b.Property(n => n.Kind).HasMaxLength(40).IsRequired();
        b.Property(n => n.Title).HasMaxLength(NoticeService.MaxTitleLength).IsRequired();
        b.Property(n => n.Body).HasMaxLength(NoticeService.MaxBodyLength).IsRequired();
        b.Property(n => n.FieldsJson).IsRequired();
        b.Property(n => n.AcknowledgedAt).IsConcurrencyToken();
        b.Property(n => n.AcknowledgementComment).HasMaxLength(NoticeService.MaxBodyLength);
        b.HasOne<Contract>().WithMany().HasForeignKey(n => n.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(n => n.SubmittedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Roster.RosterVersion>().WithMany().HasForeignKey(n => n.RosterVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(n => new { n.ContractId, n.Kind });
        b.HasIndex(n => n.RosterVersionId);
    }
}
