using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Attestations;

internal sealed class AttestationConfiguration : IEntityTypeConfiguration<Attestation>
{
    public void Configure(EntityTypeBuilder<Attestation> b)
    {
        // Named here: the context has no DbSet for them (features reach them with Set<T>()).
        b.ToTable("Attestations");
        b.Property(a => a.ObligationKey).HasMaxLength(100).IsRequired();
        b.Property(a => a.Statement).HasMaxLength(AttestationService.MaxStatement).IsRequired();
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.DecisionComment).HasMaxLength(AttestationService.MaxComment);
        b.HasOne<Contract>().WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Attestation>().WithMany().HasForeignKey(a => a.BasedOnId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(a => a.SubmittedById).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ItakuUser>().WithMany().HasForeignKey(a => a.DecidedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Attachments).WithOne().HasForeignKey(f => f.AttestationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.ContractId, a.ObligationKey });
        b.HasIndex(a => a.BasedOnId);
        b.HasIndex(a => a.SubmittedById);
        b.HasIndex(a => a.DecidedById);
    }
}

internal sealed class AttestationAttachmentConfiguration : IEntityTypeConfiguration<AttestationAttachment>
{
    public void Configure(EntityTypeBuilder<AttestationAttachment> b)
    {
        b.ToTable("AttestationAttachments");
        b.Property(f => f.FileName).HasMaxLength(255).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(100).IsRequired();
        b.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
        b.Property(f => f.Nonce).HasMaxLength(12).IsRequired();
        b.Property(f => f.Ciphertext).IsRequired();
        b.Property(f => f.KeyId).HasMaxLength(16).IsRequired();
        b.HasIndex(f => new { f.AttestationId, f.Ordinal }).IsUnique();
    }
}
