using Itaku.Web.Features.Compliance;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Attestations;

public static class AttestationsExtensions
{
    /// <summary>Attestations, their encrypted attachments, and their rule for the compliance matrix.</summary>
    public static WebApplicationBuilder AddItakuAttestations(this WebApplicationBuilder builder)
    {
        // A mistyped key or limit stops the start, rather than the first upload.
        builder.Services.AddOptions<AttachmentSettings>().Bind(builder.Configuration.GetSection("Attachments"))
            .Validate(s => s.MaxBytes > 0 && s.MaxFiles > 0, "Attachments:MaxBytes and Attachments:MaxFiles must be positive.")
            .Validate(s => string.IsNullOrWhiteSpace(s.Key) || AttachmentCipher.IsValidKey(s.Key), "Attachments:Key must be the base64 of 32 bytes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AttachmentCipher>();
        builder.Services.AddScoped<AttestationService>();
        builder.Services.AddEvidenceRule<AttestationEvidenceRule>();

        // The submission page takes files: its body may be as large as the settings allow (Kestrel's
        // default is 30 MB), and no larger. Set before antiforgery reads the form.
        builder.Services.AddOptions<RazorPagesOptions>().Configure<IOptions<AttachmentSettings>>((pages, settings) =>
            pages.Conventions.AddPageApplicationModelConvention("/Contracts/Attestations/Index", model =>
            {
                model.Filters.Add(new RequestSizeLimitAttribute(settings.Value.MaxRequestBytes));
                model.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = settings.Value.MaxRequestBytes });
            }));
        return builder;
    }
}
