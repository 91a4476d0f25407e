using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.ProvisionSets;

/// <summary>Another municipality's set, uploaded as a file; an invalid one is refused with every error listed by its JSON path.</summary>
[Authorize(Policy = Policies.Admin)]
[RequestFormLimits(MultipartBodyLengthLimit = 2 * ProvisionSetUpload.MaxBytes)]
[RequestSizeLimit(2 * ProvisionSetUpload.MaxBytes)]
public sealed class ImportModel(ProvisionSetService provisionSets) : PageModel
{
    [BindProperty]
    public IFormFile? Upload { get; set; }

    /// <summary>The file's errors, keyed by JSON path, in the order found.</summary>
    public IReadOnlyList<KeyValuePair<string, string[]>> Errors { get; private set; } = [];

    public string? FileName { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "取り込むファイルを選んでください。");
            return Page();
        }

        FileName = Upload.FileName;
        try
        {
            await using var stream = Upload.OpenReadStream();
            var json = await ProvisionSetUpload.ReadAsync(stream, Upload.Length, ct);
            var (set, created) = await provisionSets.ImportAsync(json, ct);
            return Redirect($"/ProvisionSets/{set.Id}?outcome={(created ? "imported" : "unchanged")}");
        }
        catch (RequestValidationException e)
        {
            Errors = e.Errors.ToList();
        }
        catch (ConflictException e)
        {
            ModelState.AddModelError(nameof(Upload), e.Message);
        }
        catch (BadHttpRequestException e)
        {
            ModelState.AddModelError(nameof(Upload), e.Message);
        }

        return Page();
    }
}
