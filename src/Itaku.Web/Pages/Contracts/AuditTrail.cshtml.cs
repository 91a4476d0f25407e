using Itaku.Ledger;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Contracts;

/// <summary>
/// The contract's own audit events (ADR 15): what anyone who may read the contract sees of the audit trail, each
/// event's inclusion proof checked here against the signed checkpoint, and the page's proofs as a JSON download.
/// </summary>
public sealed class AuditTrailModel(ContractService contracts, LedgerService ledger, LedgerKeys keys) : PageModel
{
    public long ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public ContractAuditDto Audit { get; private set; } = null!;

    /// <summary>Whether each event's proof leads to the root of the signed checkpoint, by index.</summary>
    public Dictionary<long, bool> Verified { get; } = [];

    public async Task OnGetAsync(long id, string? cursor, CancellationToken ct)
    {
        ContractTitle = (await contracts.GetAsync(id, ct)).Title;
        ContractId = id;
        Audit = await ledger.ContractAuditAsync(id, cursor, null, ct);
        if (Audit.Checkpoint is { } note)
        {
            var root = SignedCheckpoint.Open(note, keys.Verifier).Checkpoint.Root;
            foreach (var item in Audit.Items)
            {
                Verified[item.Index] = ProofVerifier.VerifyInclusion(item.Index, Audit.TreeSize, TreeHasher.HashLeaf(Convert.FromBase64String(item.Data)),
                    item.Hashes.Select(Convert.FromBase64String).ToList(), root);
            }
        }
    }

    public async Task<IActionResult> OnGetProofsAsync(long id, string? cursor, CancellationToken ct) =>
        new JsonResult(await ledger.ContractAuditAsync(id, cursor, null, ct)) { ContentType = "application/json" };
}
