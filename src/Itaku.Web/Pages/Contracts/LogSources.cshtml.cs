using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts;

/// <summary>A contract's log sources; the contractor's 責任者 or 監督者 registers them and receives the ingest token once.</summary>
public sealed class LogSourcesModel(ContractService contracts, LogSourceService sources, IAuthorizationService authorization) : PageModel
{
    [BindProperty]
    public SourceInput Input { get; set; } = new();

    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public List<LogSourceDto> Sources { get; private set; } = [];
    public bool CanCreate { get; private set; }
    public CreatedLogSourceDto? Created { get; private set; }

    /// <summary>The new token after 「トークンを再発行」, shown once.</summary>
    public RotatedTokenDto? Rotated { get; private set; }

    /// <summary>What a button did, or why it could not.</summary>
    public string? Message { get; private set; }

    public async Task OnGetAsync(long id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                Created = await sources.CreateAsync(id, new CreateLogSourceRequest(Input.Name), ct);
                Input = new SourceInput();
                ModelState.Clear();
            }
            catch (RequestValidationException e)
            {
                ModelState.AddErrors(e);
            }
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(long id, long sourceId, CancellationToken ct)
    {
        try
        {
            Rotated = await sources.RotateTokenAsync(id, sourceId, ct);
        }
        catch (ConflictException e)
        {
            Message = e.Message;
        }

        await LoadAsync(id, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRevokeAsync(long id, long sourceId, CancellationToken ct) =>
        ActAsync(id, () => sources.RevokeAsync(id, sourceId, ct), "送信元を失効させました。", ct);

    public Task<IActionResult> OnPostDisableAsync(long id, long sourceId, CancellationToken ct) =>
        ActAsync(id, () => sources.SetDisabledAsync(id, sourceId, true, ct), "送信元を停止しました。", ct);

    public Task<IActionResult> OnPostEnableAsync(long id, long sourceId, CancellationToken ct) =>
        ActAsync(id, () => sources.SetDisabledAsync(id, sourceId, false, ct), "送信元を再開しました。", ct);

    private async Task<IActionResult> ActAsync(long id, Func<Task> action, string done, CancellationToken ct)
    {
        try
        {
            await action();
            Message = done;
        }
        catch (ConflictException e)
        {
            Message = e.Message;
        }

        await LoadAsync(id, ct);
        return Page();
    }

    private async Task LoadAsync(long id, CancellationToken ct)
    {
        var access = await contracts.RequireAsync(id, ContractOperations.Read, ct);
        ContractId = id;
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        Sources = await sources.ListAsync(id, ct);
        CanCreate = (await authorization.AuthorizeAsync(User, access, ContractOperations.ManageLogSources)).Succeeded;
    }

    public sealed class SourceInput
    {
        [Required(ErrorMessage = "名称を入力してください。"), StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string Name { get; set; } = "";
    }
}
