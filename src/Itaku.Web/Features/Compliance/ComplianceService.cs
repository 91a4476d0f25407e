using System.Collections.Concurrent;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The compliance matrix: for every obligation of each contract's frozen provision set, its status,
/// next due date and evidence, computed from the findings of the registered <see cref="IEvidenceRule"/>s.
/// It does not check access — callers pass only contracts the user may read
/// (<see cref="ContractObligationService"/> for one contract, <see cref="DashboardService"/> for many).
/// </summary>
public sealed class ComplianceService(
    ItakuDbContext db, IEnumerable<IEvidenceRule> rules, ObligationTaxonomy taxonomy, TimeProvider time,
    IOptions<ComplianceSettings> settings, OfficeCalendar calendar)
{
    // Snapshots are immutable, and contracts signed with the same set share its text: parse each once.
    private static readonly ConcurrentDictionary<string, ProvisionSetDocument> Documents = new(StringComparer.Ordinal);
    private const int MaxCachedDocuments = 64;

    /// <summary>Today in the client's time zone: due dates are calendar days there.</summary>
    public DateOnly Today => calendar.Today;

    public async Task<Dictionary<long, ContractObligationsDto>> AssessAsync(IReadOnlyCollection<long> contractIds, CancellationToken ct)
    {
        var ids = contractIds.Distinct().ToList();
        var contracts = await db.Contracts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.StartDate, c.EndDate, c.ProvisionSetId, c.Status, c.ActivatedOn }).ToListAsync(ct);
        var snapshots = await db.ContractProvisionSnapshots.AsNoTracking().Where(s => ids.Contains(s.ContractId)).ToDictionaryAsync(s => s.ContractId, ct);
        var marks = (await db.NotApplicableObligations.AsNoTracking()
            .Where(n => ids.Contains(n.ContractId))
            .Select(n => new { n.ContractId, n.ObligationKey, n.Reason, n.DecidedAt, By = db.Users.Where(u => u.Id == n.DecidedById).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(ct))
            .ToDictionary(n => (n.ContractId, n.ObligationKey));

        var documents = snapshots.Values.ToDictionary(s => s.ContractId, Document);
        var recordTypes = documents.Values.SelectMany(d => d.Articles).SelectMany(a => a.Obligations).Select(o => o.Evidence.RecordType).ToHashSet(StringComparer.Ordinal);
        // One set of findings per record type: a rule's "every obligation of my type" (key null) must not
        // spill into obligations of another type.
        var findingsByType = new Dictionary<string, EvidenceFindings>(StringComparer.Ordinal);
        var now = time.GetUtcNow().UtcDateTime;
        var withSnapshot = snapshots.Keys.ToList();
        foreach (var rule in rules.Where(r => recordTypes.Contains(r.RecordType)))
        {
            if (!findingsByType.TryGetValue(rule.RecordType, out var own))
            {
                findingsByType[rule.RecordType] = own = new EvidenceFindings();
            }

            await rule.FindAsync(new EvidenceQuery(withSnapshot, now), own, ct);
        }

        var events = await TriggerEvents.FindAsync(
            db, calendar, contracts.Where(c => snapshots.ContainsKey(c.Id)).Select(c => new TriggerEvents.ContractFacts(c.Id, c.StartDate, c.Status, c.ActivatedOn)).ToList(), ct);
        var today = ToDate(now);
        var dueSoon = settings.Value.DueSoonDays;
        var result = new Dictionary<long, ContractObligationsDto>();
        foreach (var c in contracts)
        {
            // Only a live contract owes anything by a date: a draft has not begun, a closed one has ended.
            var live = c.Status is ContractStatus.Active or ContractStatus.Closing;
            DateOnly? recordStart = c.ActivatedOn is { } on && on > c.StartDate ? on : null;
            if (!snapshots.TryGetValue(c.Id, out var snapshot))
            {
                result[c.Id] = new ContractObligationsDto(null, today, ComplianceCounts.Of([]), [], recordStart, live);
                continue;
            }

            var context = new ObligationContext(c.StartDate, c.EndDate, today, dueSoon, recordStart, live);
            var startBasis = recordStart is { } rs ? new TriggerOccurrence(rs, "記録開始日") : new TriggerOccurrence(c.StartDate, "契約開始日");
            var document = documents[c.Id];
            var items = Rows(document).Values.Select(r =>
            {
                var key = r.First.Key;
                var mark = marks.GetValueOrDefault((c.Id, key));
                var spec = r.First.Evidence;
                var findings = findingsByType.GetValueOrDefault(spec.RecordType);
                var evidence = findings?.EvidenceFor(c.Id, key).OrderByDescending(e => e.At).ToList() ?? [];
                var owed = findings?.DutiesFor(c.Id, key).OrderBy(d => d.DueOn).ToList() ?? [];
                var after = taxonomy.Find(key)?.DueAfter;
                var occurrences = spec.Trigger == "event" && after is not null ? events.GetValueOrDefault((c.Id, after)) ?? [] : [];
                var assessment = mark is not null ? new ObligationAssessment(ComplianceStatus.NotApplicable, null)
                    : findings is null ? new ObligationAssessment(ComplianceStatus.NotTracked, null)
                    : ObligationAssessor.Assess(
                        spec, context,
                        evidence.Select(e => new AssessedRecord(ToDate(e.At), e.ValidFrom, e.ValidUntil, e.Subject)).ToList(),
                        owed.Select(d => d.DueOn).ToList(), occurrences);
                var dueFrom = assessment.NextDue is null ? null
                    : assessment.Basis ?? (spec.Trigger is "recurring" or "attestation" or "standing" ? startBasis : null);
                return new ContractObligationDto(
                    key, taxonomy.Find(key)?.Description, r.First.Party, r.Citations, spec,
                    Applicable: mark is null, mark?.Reason, mark?.DecidedAt, mark?.By,
                    assessment.Status, assessment.NextDue, evidence, owed, dueFrom);
            }).ToList();
            var set = new ContractProvisionSetDto(c.ProvisionSetId, snapshot.Code, snapshot.Version, document.Title, snapshot.Sha256, snapshot.TakenAt);
            result[c.Id] = new ContractObligationsDto(set, today, ComplianceCounts.Of(items.Select(i => i.Status)), items, recordStart, live);
        }

        return result;
    }

    /// <summary>One row per key, in the order the document first names it, citing every article that names it.</summary>
    internal static OrderedDictionary<string, (ProvisionObligation First, List<ObligationCitation> Citations)> Rows(ProvisionSetDocument document)
    {
        var rows = new OrderedDictionary<string, (ProvisionObligation First, List<ObligationCitation> Citations)>(StringComparer.Ordinal);
        var items = CitationText.IsItemNumbered(document);
        foreach (var article in document.Articles)
        {
            foreach (var o in article.Obligations)
            {
                if (!rows.TryGetValue(o.Key, out var row))
                {
                    rows[o.Key] = row = (o, []);
                }

                row.Citations.Add(new ObligationCitation(article.Number, o.Clause, items));
            }
        }

        return rows;
    }

    internal static ProvisionSetDocument Document(ContractProvisionSnapshot snapshot)
    {
        if (Documents.TryGetValue(snapshot.Sha256, out var cached))
        {
            return cached;
        }

        if (Documents.Count >= MaxCachedDocuments)
        {
            Documents.Clear();
        }

        return Documents[snapshot.Sha256] = ProvisionSetReader.Deserialize(snapshot.Json);
    }

    private DateOnly ToDate(DateTime utc) => calendar.DateOf(utc);
}
