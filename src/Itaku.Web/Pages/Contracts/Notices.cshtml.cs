using Itaku.Web.Features.Compliance;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Notices;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts;

/// <summary>
/// A contract's notices (届出・報告): the list with their content, the management-structure form for the
/// contractor's 責任者 or 監督者, and the acknowledgement (受理) for the client's Owner or Reviewer.
/// </summary>
public sealed class NoticesModel(ContractService contracts, NoticeService notices, IAuthorizationService authorization, ProvisionCitations citations) : PageModel
{
    [BindProperty]
    public StructureInput Input { get; set; } = new();

    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public List<NoticeDto> Notices { get; private set; } = [];
    public bool CanSubmit { get; private set; }

    /// <summary>The articles of the contract's set asking for the management-structure notice; null: the set does not, and the form is not offered.</summary>
    public string? StructureBasis { get; private set; }
    public bool CanAcknowledge { get; private set; }

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostSubmitAsync(long id, CancellationToken ct)
    {
        try
        {
            var fields = new JsonObject { ["internalRules"] = Input.InternalRules, ["emergencyContacts"] = Input.EmergencyContacts, ["workSchedule"] = Input.WorkSchedule };
            await notices.SubmitAsync(id, new SubmitNoticeRequest(Input.Kind, Input.Title, Input.Body, fields), ct);
            return RedirectToPage(new { id });
        }
        catch (RequestValidationException e)
        {
            var flattened = e.Errors.ToDictionary(x => x.Key.StartsWith("fields.", StringComparison.Ordinal) ? x.Key["fields.".Length..] : x.Key, x => x.Value);
            ModelState.AddErrors(new RequestValidationException(flattened));
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, long noticeId, string? comment, CancellationToken ct)
    {
        try
        {
            await notices.AcknowledgeAsync(id, noticeId, new AcknowledgeNoticeRequest(comment), ct);
            return RedirectToPage(null, null, new { id }, $"notice-{noticeId}");
        }
        catch (Exception e) when (e is RequestValidationException or ConflictException)
        {
            ModelState.AddModelError("", e is RequestValidationException v ? string.Join(" ", v.Errors.SelectMany(x => x.Value)) : e.Message);
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Notices = await notices.ListAsync(id, null, ct);
        CanSubmit = (await authorization.AuthorizeAsync(User, access, ContractOperations.SubmitRequests)).Succeeded;
        CanAcknowledge = (await authorization.AuthorizeAsync(User, access, ContractOperations.DecideRequests)).Succeeded;
        StructureBasis = await citations.ForObligationAsync(id, "management-structure.submit", ct);
    }

    /// <summary>A management-structure notice (S3): internal rules, emergency contacts, work schedule.</summary>
    public sealed class StructureInput
    {
        public string Kind { get; set; } = NoticeKinds.ManagementStructure;
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? InternalRules { get; set; }
        public string? EmergencyContacts { get; set; }
        public string? WorkSchedule { get; set; }
    }
}
