using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Roster;

internal sealed class RosterVersionConfiguration : IEntityTypeConfiguration<RosterVersion>
{
    public void Configure(EntityTypeBuilder<RosterVersion> b)
    {
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        b.Property(v => v.Note).HasMaxLength(RosterService.MaxNoteLength);
        b.HasOne<Contract>().WithMany().HasForeignKey(v => v.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(v => v.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.ContractId, v.Number }).IsUnique();
        b.HasMany(v => v.Entries).WithOne().HasForeignKey(e => e.RosterVersionId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(v => v.EmergencyContacts).WithOne().HasForeignKey(e => e.RosterVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RosterEntryConfiguration : IEntityTypeConfiguration<RosterEntry>
{
    public void Configure(EntityTypeBuilder<RosterEntry> b)
    {
        b.Property(e => e.NameCipher).HasMaxLength(1000).IsRequired();
        b.Property(e => e.ContactCipher).HasMaxLength(2000);
        b.Property(e => e.Role).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Responsibilities).HasMaxLength(RosterService.MaxTextLength).IsRequired();
        b.Property(e => e.WorkScope).HasMaxLength(RosterService.MaxTextLength).IsRequired();
        b.Property(e => e.WorkLocation).HasMaxLength(RosterService.MaxTextLength).IsRequired();
        b.HasIndex(e => new { e.RosterVersionId, e.Position });
    }
}

internal sealed class RosterEmergencyContactConfiguration : IEntityTypeConfiguration<RosterEmergencyContact>
{
    public void Configure(EntityTypeBuilder<RosterEmergencyContact> b)
    {
        b.Property(e => e.NameCipher).HasMaxLength(1000).IsRequired();
        b.Property(e => e.PhoneCipher).HasMaxLength(1000).IsRequired();
        b.Property(e => e.Role).HasMaxLength(100).IsRequired();
        b.Property(e => e.Hours).HasMaxLength(100).IsRequired();
        b.HasIndex(e => new { e.RosterVersionId, e.Position });
    }
}
