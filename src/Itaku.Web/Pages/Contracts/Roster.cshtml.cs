using Itaku.Web.Features.Compliance;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Roster;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts;

/// <summary>
/// A contract's roster: one version with its people (decrypted, so the view is recorded as
/// <c>roster.viewed</c>), the change from the previous version, the history, and for the contractor's
/// 責任者 or 監督者 the draft editor — a plain form with blank rows and an "add rows" button, no script.
/// </summary>
public sealed partial class RosterModel(ContractService contracts, RosterService roster, IAuthorizationService authorization, ProvisionCitations citations) : PageModel
{
    private const int BlankRows = 3;

    [BindProperty]
    public DraftInput Input { get; set; } = new();

    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public List<RosterVersionSummaryDto> Versions { get; private set; } = [];
    public RosterVersionDto? Shown { get; private set; }
    public RosterVersionSummaryDto? Draft { get; private set; }
    public bool CanWrite { get; private set; }

    /// <summary>The articles of the contract's own set that ask for the roster.</summary>
    public string? Basis { get; private set; }

    /// <summary>Approved subcontractors, each of which keeps its own roster (G14-3).</summary>
    public List<SubcontractorDto> Subcontractors { get; private set; } = [];

    public async Task OnGetAsync(long id, int? version, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        var number = version ?? (CanWrite && Draft is not null ? Draft.Number : Versions.FirstOrDefault(v => v.Status != RosterStatus.Draft)?.Number);
        if (number is { } n)
        {
            Shown = await roster.GetAsync(id, n, ct);
            if (Shown.Version.Status == RosterStatus.Draft)
            {
                Input = DraftInput.From(Shown);
            }
        }
    }

    public async Task<IActionResult> OnPostCreateDraftAsync(long id, long? organizationId, CancellationToken ct)
    {
        try
        {
            var draft = await roster.CreateDraftAsync(id, ct, organizationId);
            return RedirectToPage(new { id, version = draft.Version.Number });
        }
        catch (ConflictException)
        {
            // That roster already has a draft: open it.
            await LoadAsync(id, ct);
            var existing = Versions.First(v => v.Status == RosterStatus.Draft && v.OrganizationId == organizationId);
            return RedirectToPage(new { id, version = existing.Number });
        }
    }

    /// <summary>Re-shows the posted draft with more blank rows; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddRowsAsync(long id, int version, CancellationToken ct)
    {
        await LoadAsync(id, ct);
        Shown = await roster.GetAsync(id, version, ct);
        Input.Pad(BlankRows);
        ModelState.Clear();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(long id, int version, CancellationToken ct) => await SaveAsync(id, version, submit: false, ct);

    public async Task<IActionResult> OnPostSubmitAsync(long id, int version, CancellationToken ct) => await SaveAsync(id, version, submit: true, ct);

    private async Task<IActionResult> SaveAsync(long id, int version, bool submit, CancellationToken ct)
    {
        var (request, entryRows, contactRows) = Input.ToRequest();
        try
        {
            await roster.UpdateDraftAsync(id, version, request, ct);
            if (submit)
            {
                await roster.SubmitAsync(id, version, ct);
            }

            return RedirectToPage(new { id, version });
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var m in messages)
                {
                    ModelState.AddModelError(FormKey(field, entryRows, contactRows), m);
                }
            }
        }

        await LoadAsync(id, ct);
        Shown = await roster.GetAsync(id, version, ct);
        Input.Pad(0);
        return Page();
    }

    /// <summary>Maps a service field (<c>entries[1].name</c>, counting only filled rows) to the form's input name.</summary>
    private static string FormKey(string field, List<int> entryRows, List<int> contactRows)
    {
        var m = RowField().Match(field);
        if (!m.Success)
        {
            return field == "entries" ? "Input.Entries" : field == "note" ? "Input.Note" : "";
        }

        var rows = m.Groups[1].Value == "entries" ? entryRows : contactRows;
        var row = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var list = m.Groups[1].Value == "entries" ? "Entries" : "Contacts";
        var name = m.Groups[3].Value;
        return $"Input.{list}[{(row < rows.Count ? rows[row] : row)}].{char.ToUpperInvariant(name[0])}{name[1..]}";
    }

    [GeneratedRegex(@"^(entries|emergencyContacts)\[(\d+)\]\.(\w+)$")]
    private static partial Regex RowField();

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Versions = await roster.ListAsync(id, ct);
        CanWrite = (await authorization.AuthorizeAsync(User, access, ContractOperations.SubmitRequests)).Succeeded;
        Draft = CanWrite ? Versions.FirstOrDefault(v => v.Status == RosterStatus.Draft && v.OrganizationId is null) : null;
        Subcontractors = await contracts.ListSubcontractorsAsync(id, ct);
        Basis = await citations.ForObligationAsync(id, "roster.submit", ct);
    }

    /// <summary>The draft editor's form: rows for people and emergency contacts; blank rows are ignored.</summary>
    public sealed class DraftInput
    {
        public string? Note { get; set; }
        public List<EntryRow> Entries { get; set; } = [];
        public List<ContactRow> Contacts { get; set; } = [];

        public static DraftInput From(RosterVersionDto v)
        {
            var input = new DraftInput
            {
                Note = v.Version.Note,
                Entries = [.. v.Entries.Select(e => new EntryRow
                {
                    Key = e.Key, Name = e.Name, Role = e.Role, Responsibilities = e.Responsibilities, WorkScope = e.WorkScope,
                    WorkLocation = e.WorkLocation, HandlesPersonalInformation = e.HandlesPersonalInformation, HandlesMedia = e.HandlesMedia, Contact = e.Contact,
                })],
                Contacts = [.. v.EmergencyContacts.Select(c => new ContactRow { Key = c.Key, Name = c.Name, Phone = c.Phone, Role = c.Role, Hours = c.Hours })],
            };
            input.Pad(BlankRows);
            return input;
        }

        public void Pad(int rows)
        {
            Entries.AddRange(Enumerable.Range(0, rows).Select(_ => new EntryRow()));
            Contacts.AddRange(Enumerable.Range(0, rows == 0 ? 0 : 1).Select(_ => new ContactRow()));
        }

        /// <summary>The request, and for each request row the form row it came from (for error messages).</summary>
        public (UpdateRosterRequest, List<int>, List<int>) ToRequest()
        {
            var entryRows = Entries.Select((e, i) => (e, i)).Where(x => !x.e.Remove && !x.e.IsBlank).ToList();
            var contactRows = Contacts.Select((c, i) => (c, i)).Where(x => !x.c.Remove && !x.c.IsBlank).ToList();
            var request = new UpdateRosterRequest(Note,
                [.. entryRows.Select(x => new RosterEntryInput(x.e.Key, x.e.Name, x.e.Role, x.e.Responsibilities, x.e.WorkScope, x.e.WorkLocation,
                    x.e.HandlesPersonalInformation, x.e.HandlesMedia, x.e.Contact))],
                [.. contactRows.Select(x => new EmergencyContactInput(x.c.Key, x.c.Name, x.c.Phone, x.c.Role, x.c.Hours))]);
            return (request, [.. entryRows.Select(x => x.i)], [.. contactRows.Select(x => x.i)]);
        }
    }

    public sealed class EntryRow
    {
        public Guid? Key { get; set; }
        public string? Name { get; set; }
        public RosterRole? Role { get; set; }
        public string? Responsibilities { get; set; }
        public string? WorkScope { get; set; }
        public string? WorkLocation { get; set; }
        public bool HandlesPersonalInformation { get; set; }
        public bool HandlesMedia { get; set; }
        public string? Contact { get; set; }
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && Role is null && string.IsNullOrWhiteSpace(Responsibilities)
            && string.IsNullOrWhiteSpace(WorkScope) && string.IsNullOrWhiteSpace(WorkLocation) && string.IsNullOrWhiteSpace(Contact);
    }

    public sealed class ContactRow
    {
        public Guid? Key { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public string? Role { get; set; }
        public string? Hours { get; set; }
        public bool Remove { get; set; }

        public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Role) && string.IsNullOrWhiteSpace(Hours);
    }
}
