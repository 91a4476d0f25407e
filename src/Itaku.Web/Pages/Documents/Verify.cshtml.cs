using Itaku.Web.Features.Documents;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Documents;

/// <summary>
/// Anyone signed in uploads a file and learns whether it is, byte for byte, a document Itaku issued (its HTML
/// or PDF); details only for documents of contracts they can see.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = DocumentService.MaxVerifyBytes + 64 * 1024)]
[RequestSizeLimit(DocumentService.MaxVerifyBytes + 64 * 1024)]
public sealed class VerifyModel(DocumentService documents) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    public VerifyResultDto? Result { get; private set; }

    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var bytes = await DocumentFiles.ReadUploadAsync(Upload, ct);
            FileName = Upload!.FileName;
            Result = await documents.VerifyAsync(bytes, ct);
        }
        catch (RequestValidationException e)
        {
            foreach (var m in e.Errors.SelectMany(x => x.Value))
            {
                ModelState.AddModelError(nameof(Upload), m);
            }
        }

        return Page();
    }
}
