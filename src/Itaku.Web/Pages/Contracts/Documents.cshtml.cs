using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Documents;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts;

/// <summary>
/// A contract's official documents, newest first, with their HTML and PDF. The files are served here too
/// (the API takes bearer tokens only), byte for byte as stored, so a saved copy verifies.
/// </summary>
public sealed class DocumentsModel(ContractService contracts, DocumentService documents) : PageModel
{
    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public IReadOnlyList<DocumentDto> Documents { get; private set; } = [];
    public string? NextCursor { get; private set; }

    /// <summary>Why the PDF asked for cannot be given (shown above the list).</summary>
    public string? PdfProblem { get; private set; }

    public async Task OnGetAsync(long id, string? cursor, CancellationToken ct)
    {
        await LoadAsync(id, cursor, ct);
        PdfRefresh.WhilePending(Response, Documents.Select(d => d.PdfStatus));
    }

    public async Task<IActionResult> OnGetHtmlAsync(long id, long docId, bool download, CancellationToken ct)
    {
        var file = await documents.GetHtmlAsync(id, docId, ct);
        Response.Headers.ContentSecurityPolicy = DocumentFiles.HtmlPolicy;
        return download
            ? File(file.Html, "text/html; charset=utf-8", DocumentFiles.FileName(file.Number, "html"))
            : File(file.Html, "text/html; charset=utf-8");
    }

    public async Task<IActionResult> OnGetPdfAsync(long id, long docId, bool download, CancellationToken ct)
    {
        var pdf = await documents.GetPdfAsync(id, docId, ct);
        if (pdf.Pdf is { } bytes)
        {
            return download ? File(bytes, "application/pdf", DocumentFiles.FileName(pdf.Number, "pdf")) : File(bytes, "application/pdf");
        }

        PdfProblem = pdf.Message;
        await LoadAsync(id, null, ct);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task LoadAsync(long id, string? cursor, CancellationToken ct)
    {
        var page = await documents.ListAsync(id, cursor, Cursor.MaxLimit, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Documents = page.Items;
        NextCursor = page.NextCursor;
    }
}
