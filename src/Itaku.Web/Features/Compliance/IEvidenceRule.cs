namespace Itaku.Web.Features.Compliance;

/// <summary>
/// How a feature tells the compliance matrix about its records. Each rule answers for one record
/// type of the provision-set schema (<c>attestation</c>, <c>roster</c>, <c>request.copy</c>, …):
/// given some contracts, it reports the records that evidence their obligations and the duties
/// its records say are still owed. A feature plugs in with
/// <see cref="ComplianceExtensions.AddEvidenceRule{TRule}"/>; the matrix is not edited.
/// An obligation whose record type has no rule is shown as not tracked.
/// </summary>
public interface IEvidenceRule
{
    /// <summary>The record type this rule evidences, as written in provision-set files.</summary>
    string RecordType { get; }

    /// <summary>
    /// Adds to <paramref name="findings"/> what the rule's records show for <paramref name="query"/>'s
    /// contracts. One call covers many contracts (the dashboard), so query them together.
    /// </summary>
    Task FindAsync(EvidenceQuery query, EvidenceFindings findings, CancellationToken ct);
}

/// <summary>The contracts to assess and the moment of the assessment (the injected clock's now).</summary>
public sealed record EvidenceQuery(IReadOnlyCollection<long> ContractIds, DateTime Now);

/// <summary>
/// A record that evidences an obligation. <paramref name="At"/> (UTC) is when it took effect (an
/// attestation accepted, a report submitted); <paramref name="ValidUntil"/>, when set, is the last
/// day it still counts (an attestation's validity, an approval's 有効期間) and <paramref name="ValidFrom"/>
/// the first. <paramref name="Href"/> links to the record. <paramref name="Subject"/> ties a record to
/// one occurrence of a triggering event (<see cref="TriggerOccurrence"/>), e.g. <c>organization:12</c>
/// for a subcontractor's own roster.
/// </summary>
public sealed record EvidenceLink(
    string Label, DateTime At, DateOnly? ValidUntil = null, string? Href = null, DateOnly? ValidFrom = null,
    [property: System.Text.Json.Serialization.JsonIgnore] string? Subject = null);

/// <summary>Something the records say is owed by a date (e.g. a roster change to be reported within 7 days).</summary>
public sealed record OutstandingDuty(string Label, DateOnly DueOn, string? Href = null);

/// <summary>What the rules found, by contract and obligation key.</summary>
public sealed class EvidenceFindings
{
    private readonly Dictionary<(long, string?), List<EvidenceLink>> _evidence = [];
    private readonly Dictionary<(long, string?), List<OutstandingDuty>> _duties = [];

    /// <summary>
    /// Records evidence for obligation <paramref name="key"/> of a contract; with <paramref name="key"/>
    /// null it counts for every obligation of the rule's record type (e.g. a log source for all log duties).
    /// Each record type's rules get their own findings, so a key named here only matters if an obligation
    /// of that key has this rule's record type.
    /// </summary>
    public void AddEvidence(long contractId, string? key, EvidenceLink link) => Add(_evidence, (contractId, key), link);

    /// <summary>Records a duty still owed for <paramref name="key"/> (null: every obligation of the rule's record type).</summary>
    public void AddDuty(long contractId, string? key, OutstandingDuty duty) => Add(_duties, (contractId, key), duty);

    internal IReadOnlyList<EvidenceLink> EvidenceFor(long contractId, string key) => Both(_evidence, contractId, key);

    internal IReadOnlyList<OutstandingDuty> DutiesFor(long contractId, string key) => Both(_duties, contractId, key);

    private static void Add<T>(Dictionary<(long, string?), List<T>> map, (long, string?) at, T item)
    {
        if (!map.TryGetValue(at, out var list))
        {
            map[at] = list = [];
        }

        list.Add(item);
    }

    private static List<T> Both<T>(Dictionary<(long, string?), List<T>> map, long contractId, string key) =>
        [.. map.GetValueOrDefault((contractId, key)) ?? [], .. map.GetValueOrDefault((contractId, null)) ?? []];
}
