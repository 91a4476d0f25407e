using Itaku.Web.Features.Ledger;
using Itaku.Web.Infrastructure.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Admin;

/// <summary>
/// The administrator's view of the evidence ledger: the checkpoint verifier key, every log with its
/// self-audit status, a button that audits now, and each log's export bundle. Razor Pages cannot call
/// the bearer-only API from a cookie session, so the page uses the services directly.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class LedgerModel(
    LedgerService ledger, LedgerKeys keys, LedgerHealth health, SelfAuditService selfAudit, LedgerPruningService pruning, Features.Clock.ClockCheckService clock) : PageModel
{
    public string VerifierKey => keys.VerifierKey;
    public IReadOnlyList<LogDto> Logs { get; private set; } = [];
    public LedgerHealth Health => health;
    public IReadOnlyList<Features.Clock.ClockCheck> ClockChecks => clock.Latest;

    /// <summary>What "prune now" did, after the button was pressed; null otherwise.</summary>
    public IReadOnlyList<PruneResult>? Pruned { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Logs = await ledger.ListAsync(ct);

    /// <summary>Checks the clock against the NTP servers now (S17) and redisplays.</summary>
    public async Task<IActionResult> OnPostClockAsync(CancellationToken ct)
    {
        await clock.CheckAsync(ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAuditAsync(CancellationToken ct)
    {
        await selfAudit.RunAsync(ct);
        Logs = await ledger.ListAsync(ct);
        return Page();
    }

    /// <summary>Runs the daily retention job now (it prunes only what is past each log's retention period).</summary>
    public async Task<IActionResult> OnPostPruneAsync(CancellationToken ct)
    {
        Pruned = await pruning.RunAsync(ct);
        Logs = await ledger.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(long id, CancellationToken ct)
    {
        var export = await ledger.ExportAsync(id, null, null, ct);
        return File(export.File, "application/x-ndjson", $"itaku-log{id}-{export.Start}-{export.End}.bundle.jsonl");
    }
}
