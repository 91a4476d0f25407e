using Itaku.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// A due-date reminder one person has had: <see cref="ItemKey"/> names the stage (期限間近, 期限超過,
/// 承認期限切れ), contract, obligation and due date. The daily digest leaves out what is marked, so each
/// stage of each due date reaches each person once.
/// </summary>
public sealed class DueReminderMark
{
    public const int MaxItemKey = 200;

    public Guid RecipientId { get; set; }
    public string ItemKey { get; set; } = "";
    public DateOnly SentOn { get; set; }
}

internal sealed class DueReminderMarkConfiguration : IEntityTypeConfiguration<DueReminderMark>
{
    public void Configure(EntityTypeBuilder<DueReminderMark> b)
    {
        b.ToTable("DueReminderMarks");
        b.HasKey(m => new { m.RecipientId, m.ItemKey });
        b.Property(m => m.ItemKey).HasMaxLength(DueReminderMark.MaxItemKey);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(m => m.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}
