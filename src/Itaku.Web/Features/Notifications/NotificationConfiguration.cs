using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Notifications;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(64).IsRequired();
        b.Property(n => n.Title).HasMaxLength(NotificationService.MaxTitle).IsRequired();
        b.Property(n => n.Body).HasMaxLength(NotificationService.MaxBody).IsRequired();
        b.Property(n => n.Link).HasMaxLength(NotificationService.MaxLink).IsRequired();
        b.Property(n => n.DedupKey).HasMaxLength(NotificationService.MaxDedupKey);
        b.Property(n => n.EmailState).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.EmailLastError).HasMaxLength(500);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contract>().WithMany().HasForeignKey(n => n.ContractId).OnDelete(DeleteBehavior.Cascade);

        // The inbox (newest first, keyset on Id) and the unread count both start from the recipient.
        b.HasIndex(n => new { n.RecipientId, n.ReadAt, n.Id });
        b.HasIndex(n => new { n.RecipientId, n.DedupKey }).IsUnique();
        b.HasIndex(n => n.ContractId);

        // The mailer's scan: pending rows whose next attempt is due.
        b.HasIndex(n => new { n.EmailState, n.EmailNextAttemptAt });
    }
}
