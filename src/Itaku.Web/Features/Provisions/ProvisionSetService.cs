using System.Globalization;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// Provision sets in the database: listing and reading them (anyone signed in: the provisions are
/// the public part of every contract), importing a municipality's set (administrators: policy on
/// the endpoint and page), seeding the shipped ones, and freezing one into a new contract.
/// </summary>
public sealed class ProvisionSetService(
    ItakuDbContext db, ProvisionSetReader reader, AuditTrail audit, CurrentUser current, TimeProvider time,
    IConfiguration configuration, ILogger<ProvisionSetService> log)
{
    /// <summary>The set new contracts get when none is chosen: its newest import. Configurable per municipality.</summary>
    public const string DefaultSetSetting = "Provisions:DefaultSet";
    public const string DefaultCode = "gunma-outsourcing-security";

    private static readonly Expression<Func<ProvisionSet, ProvisionSetSummaryDto>> Summary = s => new ProvisionSetSummaryDto(
        s.Id, s.Code, s.Version, new LocalizedText(s.TitleJa, s.TitleEn), new LocalizedText(s.IssuerJa, s.IssuerEn), s.Sha256, s.ImportedAt, s.ImportedBy);

    public async Task<CursorPage<ProvisionSetSummaryDto>> ListAsync(string? code, string? cursor, int? limit, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.DecodeLong(cursor);
        var query = db.ProvisionSets.AsNoTracking();
        if (!string.IsNullOrEmpty(code))
        {
            query = query.Where(s => s.Code == code);
        }

        if (after is not null)
        {
            query = query.Where(s => s.Id > after);
        }

        var rows = await query.OrderBy(s => s.Id).Take(take + 1).Select(Summary).ToListAsync(ct);
        return Cursor.ToPage(rows, take, s => s.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<ProvisionSetDto> GetAsync(long id, CancellationToken ct)
    {
        var set = await db.ProvisionSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException("特記事項セットが見つかりません。");
        return set.ToDto(ProvisionSetReader.Deserialize(set.Json), reader.Taxonomy);
    }

    /// <summary>
    /// Imports a set file. The same id and version again is accepted once more only with the same
    /// content (<c>Created</c> is then false); with other content it is a conflict, because contracts
    /// may already be signed against the stored version: a changed document is a new version.
    /// </summary>
    public async Task<(ProvisionSetDto Set, bool Created)> ImportAsync(string json, CancellationToken ct)
    {
        var document = reader.Read(json);
        var existing = await FindAsync(document, ct);
        if (existing is not null)
        {
            return SameContent(existing, json)
                ? (existing.ToDto(ProvisionSetReader.Deserialize(existing.Json), reader.Taxonomy), false)
                : throw Conflict(document);
        }

        var set = NewSet(document, json, current.IdOrNull, current.Name);
        db.ProvisionSets.Add(set);
        try
        {
            await db.InTransactionAsync(async () =>
            {
                await db.SaveChangesAsync(ct);
                audit.Record("provision-set.imported", nameof(ProvisionSet), Id(set), details: new { set.Code, set.Version, set.Sha256 });
                return await db.SaveChangesAsync(ct);
            }, ct);
        }
        catch (DbUpdateException) when (db.Database.CurrentTransaction is null)
        {
            // Two administrators importing the same version at once: the unique index decides.
            db.ChangeTracker.Clear();
            if (await FindAsync(document, ct) is not null)
            {
                throw Conflict(document);
            }

            throw;
        }

        return (set.ToDto(document, reader.Taxonomy), true);
    }

    /// <summary>
    /// Stores every shipped set (Provisions/*.json) whose id and version is not in the database
    /// yet; run at each start, so it must change nothing the second time. A shipped file is data we
    /// wrote and tested: if it is invalid, start-up stops.
    /// </summary>
    public async Task<int> SeedShippedAsync(CancellationToken ct)
    {
        var added = 0;
        foreach (var file in ShippedProvisions.SetFiles())
        {
            var json = ShippedProvisions.Read(file);
            var errors = reader.Check(json, out var document);
            if (errors.Count > 0)
            {
                throw new InvalidDataException($"Shipped provision set {file} is invalid:\n" + string.Join("\n", errors.Select(e => $"  {e.Path}: {e.Message}")));
            }

            var existing = await FindAsync(document!, ct);
            if (existing is not null)
            {
                if (!SameContent(existing, json))
                {
                    log.LogWarning("Shipped provision set {File} differs from the stored {Code} version {Version}; the stored one is kept. Publish a change as a new version.",
                        file, existing.Code, existing.Version);
                }

                continue;
            }

            var set = NewSet(document!, json, null, "system");
            db.ProvisionSets.Add(set);
            try
            {
                await db.InTransactionAsync(async () =>
                {
                    await db.SaveChangesAsync(ct);
                    audit.Record("provision-set.seeded", nameof(ProvisionSet), Id(set), details: new { set.Code, set.Version, set.Sha256, file }, actor: "system");
                    return await db.SaveChangesAsync(ct);
                }, ct);
                added++;
            }
            catch (DbUpdateException)
            {
                // Another instance starting against the same PostgreSQL seeded it a moment before.
                db.ChangeTracker.Clear();
                if (await FindAsync(document!, ct) is null)
                {
                    throw;
                }
            }
        }

        return added;
    }

    /// <summary>The set a new contract is signed against: the one asked for, or the newest import of the default set.</summary>
    public async Task<ProvisionSet?> FindForContractAsync(long? id, CancellationToken ct) => id is { } wanted
        ? await db.ProvisionSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == wanted, ct)
        : await db.ProvisionSets.AsNoTracking().Where(s => s.Code == DefaultSetCode).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);

    public async Task<long?> DefaultIdAsync(CancellationToken ct) =>
        await db.ProvisionSets.AsNoTracking().Where(s => s.Code == DefaultSetCode).OrderByDescending(s => s.Id).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct);

    /// <summary>Freezes <paramref name="set"/> for the contract, in the caller's unit of work, with its audit event.</summary>
    public void AddSnapshot(long contractId, ProvisionSet set)
    {
        var snapshot = new ContractProvisionSnapshot
        {
            ContractId = contractId,
            Code = set.Code,
            Version = set.Version,
            Json = set.Json,
            Sha256 = Hash(set.Json),
            TakenAt = time.GetUtcNow().UtcDateTime,
        };
        db.ContractProvisionSnapshots.Add(snapshot);
        audit.Record("contract.provision-set-snapshotted", nameof(ContractProvisionSnapshot), contractId.ToString(CultureInfo.InvariantCulture), contractId,
            new { provisionSetId = set.Id, snapshot.Code, snapshot.Version, snapshot.Sha256 });
    }

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    private string DefaultSetCode => configuration[DefaultSetSetting] ?? DefaultCode;

    private Task<ProvisionSet?> FindAsync(ProvisionSetDocument document, CancellationToken ct) =>
        db.ProvisionSets.AsNoTracking().FirstOrDefaultAsync(s => s.Code == document.Id && s.Version == document.Version, ct);

    /// <summary>Byte for byte, or the same JSON written differently (indentation, line endings, member order).</summary>
    private static bool SameContent(ProvisionSet existing, string json) =>
        existing.Sha256 == Hash(json) || JsonNode.DeepEquals(JsonNode.Parse(existing.Json), JsonNode.Parse(json));

    private static ConflictException Conflict(ProvisionSetDocument d) => new(
        $"特記事項セット {d.Id} の版 {d.Version} は既に別の内容で登録されています。登録済みの版は変更できません。version を改めて、新しい版として取り込んでください。");

    private ProvisionSet NewSet(ProvisionSetDocument d, string json, Guid? importedById, string importedBy) => new()
    {
        Code = d.Id,
        Version = d.Version,
        TitleJa = d.Title.Ja,
        TitleEn = d.Title.En,
        IssuerJa = d.Issuer.Ja,
        IssuerEn = d.Issuer.En,
        Json = json,
        Sha256 = Hash(json),
        ImportedAt = time.GetUtcNow().UtcDateTime,
        ImportedById = importedById,
        ImportedBy = importedBy.Length <= 256 ? importedBy : importedBy[..256],
    };

    private static string Id(ProvisionSet s) => s.Id.ToString(CultureInfo.InvariantCulture);
}
