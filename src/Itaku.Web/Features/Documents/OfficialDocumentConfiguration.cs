using Itaku.Web.Features.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Itaku.Web.Features.Documents;

internal sealed class OfficialDocumentConfiguration : IEntityTypeConfiguration<OfficialDocument>
{
    public void Configure(EntityTypeBuilder<OfficialDocument> b)
    {
        b.ToTable("OfficialDocuments");
        b.Property(d => d.Number).HasMaxLength(200).IsRequired();
        b.Property(d => d.Kind).HasMaxLength(100).IsRequired();
        b.Property(d => d.Subject).HasMaxLength(500).IsRequired();
        b.Property(d => d.Addressee).HasMaxLength(1000).IsRequired();
        b.Property(d => d.Sender).HasMaxLength(1000).IsRequired();
        b.Property(d => d.Html).IsRequired();
        b.Property(d => d.HtmlSha256).HasMaxLength(64).IsRequired();
        b.Property(d => d.PdfSha256).HasMaxLength(64);
        b.Property(d => d.PdfStatus).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.PdfError).HasMaxLength(1000);
        b.Property(d => d.RelatedType).HasMaxLength(50);
        b.Property(d => d.RelatedId).HasMaxLength(100);

        // The backstop of number allocation: two documents can never share a number, whatever the lock did.
        b.HasIndex(d => new { d.ContractId, d.FiscalYear, d.Sequence }).IsUnique();
        b.HasIndex(d => d.HtmlSha256);
        b.HasIndex(d => d.PdfSha256);
        b.HasIndex(d => d.PdfStatus);
        b.HasIndex(d => new { d.RelatedType, d.RelatedId });
        b.HasOne<Contract>().WithMany().HasForeignKey(d => d.ContractId).OnDelete(DeleteBehavior.Restrict);
    }
}
