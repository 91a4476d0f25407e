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
        builder.Services.Configure<AttachmentSettings>(builder.Configuration.GetSection("Attachments"));
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
