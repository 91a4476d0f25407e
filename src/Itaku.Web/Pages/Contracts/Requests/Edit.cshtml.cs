using Itaku.Web.Features.Compliance;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Requests;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts.Requests;

/// <summary>
/// Writes a new request, or rewrites a draft or the next revision of a returned one; the form is
/// built from the kind's fields. "Submit" saves and submits in one step.
/// </summary>
public sealed class EditModel(ContractService contracts, RequestService requests, ProvisionCitations basis) : PageModel
{
    [BindProperty]
    public string Title { get; set; } = "";

    [BindProperty]
    public Dictionary<string, string?> Fields { get; set; } = [];

    public ContractDto Contract { get; private set; } = null!;
    public RequestKind Kind { get; private set; } = RequestKinds.All[0];
    public long? RequestId { get; private set; }
    public bool Revising { get; private set; }

    /// <summary>The articles of the contract's own provision set that call for this kind.</summary>
    public string Basis { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(long id, long? requestId, string? kind, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        var bases = await basis.ForRequestKindsAsync(id, ct);
        await contracts.RequireAsync(id, ContractOperations.SubmitRequests, ct);
        if (requestId is { } rid)
        {
            var request = await requests.GetAsync(id, rid, ct);
            if (request.Status is not (RequestStatus.Draft or RequestStatus.Returned))
            {
                return RedirectToPage("Details", new { id, requestId = rid });
            }

            (Kind, RequestId, Title) = (RequestKinds.Find(request.Kind)!, rid, request.Current.Title);
            Revising = request.Current.SubmittedAt is not null;
            Fields = Kind.Fields.ToDictionary(f => f.Name, f => (string?)RequestFields.Display(request.Current.Fields, f));
            Basis = bases.GetValueOrDefault(Kind.Key, "");
            return Page();
        }

        Kind = RequestKinds.Find(kind) is { } k && bases.ContainsKey(k.Key) ? k : RequestKinds.All.First(k => bases.ContainsKey(k.Key));
        Basis = bases.GetValueOrDefault(Kind.Key, "");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long? requestId, string? kind, bool submit, CancellationToken ct)
    {
        Contract = await contracts.GetAsync(id, ct);
        var fields = new JsonObject();
        foreach (var (name, value) in Fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                fields[name] = value.Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        try
        {
            RequestDto saved;
            if (requestId is { } rid)
            {
                var current = await requests.GetAsync(id, rid, ct);
                (Kind, RequestId, Revising) = (RequestKinds.Find(current.Kind)!, rid, current.Current.SubmittedAt is not null);
                saved = await requests.UpdateAsync(id, rid, new UpdateRequestRequest(Title, fields), ct);
                if (submit)
                {
                    saved = await requests.SubmitAsync(id, rid, ct);
                }
            }
            else
            {
                Kind = RequestKinds.Find(kind) ?? RequestKinds.All[0];
                saved = await requests.CreateAsync(id, new CreateRequestRequest(Kind.Key, Title, fields, submit), ct);
            }

            return Redirect($"/Contracts/{id}/Requests/{saved.Id}");
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                var key = field.StartsWith("fields.", StringComparison.Ordinal) ? $"Fields[{field["fields.".Length..]}]" : "Title";
                foreach (var m in messages)
                {
                    ModelState.AddModelError(key, m);
                }
            }

            // A draft saved before a failed submit keeps its id, so the next attempt edits it.
            Basis = (await basis.ForRequestKindsAsync(id, ct)).GetValueOrDefault(Kind.Key, "");
            return Page();
        }
    }
}
