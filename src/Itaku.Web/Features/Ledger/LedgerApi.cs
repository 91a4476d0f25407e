using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Ledger;

public static class LedgerApi
{
    public static RouteGroupBuilder MapLedgerApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/logs").WithTags("Evidence ledger");
        group.MapGet("/", List);
        group.MapGet("/{id:long}/checkpoint", Checkpoint).Produces<string>(contentType: "text/plain");
        group.MapGet("/{id:long}/entries", Entries);
        group.MapGet("/{id:long}/proofs/inclusion", Inclusion);
        group.MapGet("/{id:long}/proofs/consistency", Consistency);
        group.MapGet("/{id:long}/export", Export).Produces(200, contentType: "application/x-ndjson");
        api.MapGet("/contracts/{id:long}/audit-events", ContractAudit).WithTags("Evidence ledger")
            .WithDescription("The contract's audit events, each with its inclusion proof against the audit trail's checkpoint (returned with them).");
        api.MapGet("/ledger/key", Key).WithTags("Evidence ledger").Produces<string>(contentType: "text/plain");
        return api;
    }

    private static async Task<Ok<List<LogDto>>> List(LedgerService ledger, CancellationToken ct) => TypedResults.Ok(await ledger.ListAsync(ct));

    private static async Task<Ok<ContractAuditDto>> ContractAudit(LedgerService ledger, long id, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await ledger.ContractAuditAsync(id, cursor, limit, ct));

    /// <summary>The latest signed checkpoint, as a C2SP signed note.</summary>
    private static async Task<ContentHttpResult> Checkpoint(LedgerService ledger, long id, CancellationToken ct) =>
        TypedResults.Text(await ledger.CheckpointAsync(id, ct), "text/plain; charset=utf-8");

    private static async Task<Ok<EntriesDto>> Entries(LedgerService ledger, long id, long? start, long? end, CancellationToken ct) =>
        TypedResults.Ok(await ledger.EntriesAsync(id, start ?? 0, end, ct));

    private static async Task<Ok<InclusionProofDto>> Inclusion(LedgerService ledger, long id, long? index, long? size, CancellationToken ct) =>
        TypedResults.Ok(await ledger.InclusionAsync(id, index ?? throw new RequestValidationException("index", "index を指定してください。"), size, ct));

    private static async Task<Ok<ConsistencyProofDto>> Consistency(LedgerService ledger, long id, long? from, long? to, CancellationToken ct) =>
        TypedResults.Ok(await ledger.ConsistencyAsync(id,
            from ?? throw new RequestValidationException("from", "from を指定してください。"),
            to ?? throw new RequestValidationException("to", "to を指定してください。"), ct));

    /// <summary>A verifiable bundle of the entries received in [from, to) — check it offline with itaku-verify.</summary>
    /// <remarks>When part of the range was pruned, the bundle header's <c>prunedBefore</c> and the <c>Itaku-Pruned-Before</c> header say from where.</remarks>
    private static async Task<FileStreamHttpResult> Export(LedgerService ledger, HttpResponse response, long id, DateTime? from, DateTime? to, CancellationToken ct)
    {
        var export = await ledger.ExportAsync(id, from?.ToUniversalTime(), to?.ToUniversalTime(), ct);
        if (export.PrunedBefore is { } pruned)
        {
            response.Headers["Itaku-Pruned-Before"] = pruned.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return TypedResults.File(export.File, "application/x-ndjson", $"itaku-log{id}-{export.Start}-{export.End}.bundle.jsonl");
    }

    /// <summary>The verifier key of the checkpoint-signing key (C2SP signed-note vkey).</summary>
    private static ContentHttpResult Key(LedgerKeys keys) => TypedResults.Text(keys.VerifierKey + "\n", "text/plain; charset=utf-8");
}
