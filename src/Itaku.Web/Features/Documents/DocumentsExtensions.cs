using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Documents;

public static class DocumentsExtensions
{
    /// <summary>Official documents: numbering and snapshots, the PDF printer and its background worker.</summary>
    public static WebApplicationBuilder AddItakuDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentSettings>()
            .Bind(builder.Configuration.GetSection("Documents"))
            .Validate(s => DocumentNumbers.Problem(s.NumberFormat) is null, "Documents:NumberFormat needs {seq} and only the placeholders {fy}, {era}, {contract}, {seq}.")
            .Validate(s => s.PdfTimeout > TimeSpan.Zero && s.PdfSweepInterval > TimeSpan.Zero, "Documents:PdfTimeout and Documents:PdfSweepInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PdfPrinter>();
        builder.Services.AddSingleton<DocumentPdfWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DocumentPdfWorker>());
        builder.Services.AddScoped<DocumentService>();
        return builder;
    }
}
