using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Documents;

/// <summary>
/// How a contract's two parties are written on its documents: the client's department (under its
/// client body) and the contractor, each with its representative when one is registered — 「様」 to a
/// person, 「御中」 to an organisation, as Japanese letters address them.
/// </summary>
public sealed record DocumentParties(string ClientAddressee, string ClientSender, string ContractorAddressee, string ContractorSender)
{
    public static async Task<DocumentParties> ForContractAsync(ItakuDbContext db, long contractId, CancellationToken ct)
    {
        var c = await db.Contracts.AsNoTracking().Where(c => c.Id == contractId).Select(c => new { c.ClientDepartmentId, c.ContractorId }).FirstAsync(ct);
        var dept = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.ClientDepartmentId, ct);
        var body = dept.ParentId is { } parent ? await db.Organizations.AsNoTracking().Where(o => o.Id == parent).Select(o => o.Name).FirstOrDefaultAsync(ct) : null;
        var contractor = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == c.ContractorId, ct);
        var client = body is null ? dept.Name : $"{body} {dept.Name}";
        return new DocumentParties(
            Addressee(client, dept.Representative),
            Sender(client, dept.Representative),
            Addressee(contractor.Name, contractor.Representative),
            Sender(contractor.Name, contractor.Representative));
    }

    private static string Addressee(string organization, string? representative) =>
        string.IsNullOrWhiteSpace(representative) ? $"{organization} 御中" : $"{organization}\n{representative} 様";

    private static string Sender(string organization, string? representative) =>
        string.IsNullOrWhiteSpace(representative) ? organization : $"{organization}\n{representative}";
}
