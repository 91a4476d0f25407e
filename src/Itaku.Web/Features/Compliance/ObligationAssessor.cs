using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The status of one obligation, from its evidence rule's findings and the calendar. <paramref name="Basis"/>
/// is the triggering event whose due date <paramref name="NextDue"/> is (for <c>event</c> obligations);
/// null when the due date counts from the contract start or the record start date.
/// </summary>
public sealed record ObligationAssessment(ComplianceStatus Status, DateOnly? NextDue, TriggerOccurrence? Basis = null);

/// <summary>
/// One record as the assessor sees it: when it took effect, the validity period it carries (an approval's
/// 有効期間, an attestation's last valid day) and, when it answers one occurrence of an event only (a
/// subcontractor's own roster), that occurrence's subject.
/// </summary>
public sealed record AssessedRecord(DateOnly At, DateOnly? ValidFrom = null, DateOnly? ValidUntil = null, string? Subject = null)
{
    /// <summary>Counts as evidence today: inside its validity period (a period not given is open).</summary>
    public bool InForce(DateOnly today) => At <= today && (ValidFrom is null || ValidFrom <= today) && (ValidUntil is null || ValidUntil >= today);
}

/// <summary>
/// One occurrence of the event that starts an <c>event</c> obligation's <c>dueOffset</c> (the contract's
/// activation, a subcontracting approval…). A record settles it when it names the same
/// <paramref name="Subject"/> or, naming none, was made on or after the event — or at any time when
/// <paramref name="EarlierRecordsCount"/> (a roster submitted while the contract was a draft).
/// </summary>
public sealed record TriggerOccurrence(DateOnly On, string Label, string? Subject = null, bool EarlierRecordsCount = false)
{
    public bool SettledBy(AssessedRecord r) => r.Subject is not null
        ? r.Subject == Subject
        : EarlierRecordsCount || r.At >= On;
}

/// <summary>
/// The contract as the assessor needs it. <paramref name="RecordStart"/> (記録開始日) is set when the contract
/// was registered after its start: due dates that count from the start count from it instead. Only a
/// <paramref name="Live"/> contract (Active, Closing) owes anything by a date.
/// </summary>
public sealed record ObligationContext(DateOnly Start, DateOnly End, DateOnly Today, int DueSoonDays, DateOnly? RecordStart = null, bool Live = true);

/// <summary>
/// Turns what the records show into a status. Pure: the same findings, dates and "today" always
/// give the same answer, so the matrix can be tested across time with an injected clock.
/// How each trigger is read (docs/obligations.md):
/// <list type="bullet">
/// <item><c>recurring</c>: due every <c>recurrence</c> from the contract start (the record start date when
/// later); each record settles one period in order, and the end of the first unsettled period is the next due date.</item>
/// <item><c>attestation</c>: due <c>dueOffset</c> after the start; an accepted attestation fulfils it while
/// valid, and its last valid day is when a renewal is due.</item>
/// <item><c>standing</c>: fulfilled while a record exists; without one it is due at the start (plus <c>dueOffset</c>).</item>
/// <item><c>event</c>: each occurrence of the triggering event owes a record <c>dueOffset</c> after it, until a
/// record settles it; without a known occurrence nothing is owed by a date. A record counts only inside its
/// validity period; a prior approval (<c>request.*</c>) whose period has ended gives 承認期限切れ.</item>
/// </list>
/// Duties reported by a rule are owed whatever the trigger; the earliest one wins. A contract that is not
/// live owes nothing by a date. A due date that, counted from the contract start, fell before the record
/// start date gives 記録開始前 (with the due date counted from the record start) instead of 期限超過.
/// </summary>
public static class ObligationAssessor
{
    /// <summary>The form the assessor had before events and validity periods: records without subjects or start dates.</summary>
    public static ObligationAssessment Assess(
        ObligationEvidence spec,
        DateOnly start,
        DateOnly end,
        DateOnly today,
        IReadOnlyList<DateOnly> evidenceDates,
        IReadOnlyList<DateOnly?> validUntil,
        IReadOnlyList<DateOnly> dutyDates,
        int dueSoonDays) =>
        Assess(spec, new ObligationContext(start, end, today, dueSoonDays),
            evidenceDates.Select((d, i) => new AssessedRecord(d, null, validUntil[i])).ToList(), dutyDates, []);

    public static ObligationAssessment Assess(
        ObligationEvidence spec,
        ObligationContext context,
        IReadOnlyList<AssessedRecord> records,
        IReadOnlyList<DateOnly> dutyDates,
        IReadOnlyList<TriggerOccurrence> events)
    {
        var result = AssessFrom(context.RecordStart is { } r && r > context.Start ? r : context.Start, spec, context, records, dutyDates, events);
        if (context.RecordStart is { } recordStart && recordStart > context.Start && result.Status is ComplianceStatus.NotYetDue
            && spec.Trigger is "recurring" or "attestation" or "standing"
            && AssessFrom(context.Start, spec, context, records, dutyDates, events) is { Status: ComplianceStatus.Overdue, NextDue: { } before } && before < recordStart)
        {
            // Counted from the contract start it fell due before Itaku's records begin: not overdue, and
            // the next due date counts from the record start date.
            return result with { Status = ComplianceStatus.BeforeRecordStart };
        }

        return result;
    }

    private static ObligationAssessment AssessFrom(
        DateOnly start, ObligationEvidence spec, ObligationContext context, IReadOnlyList<AssessedRecord> records,
        IReadOnlyList<DateOnly> dutyDates, IReadOnlyList<TriggerOccurrence> events)
    {
        var today = context.Today;
        TriggerOccurrence? basis = null;
        var expired = false;
        var (due, fulfilled) = spec.Trigger switch
        {
            "recurring" => Recurring(CalendarPeriod.Parse(spec.Recurrence!), start, context.End, records.Select(r => r.At).ToList()),
            "attestation" => Attested(spec, start, context.End, today, records),
            "standing" => records.Count > 0 ? (null, true) : (Offset(spec, start), false),
            _ => Event(spec, today, records, events, out basis, out expired),
        };
        if (dutyDates.Count > 0)
        {
            var owed = dutyDates.Min();
            if (due is not { } d || owed < d)
            {
                due = owed;
                basis = null;
            }

            fulfilled = false;
        }

        if (!context.Live)
        {
            return new ObligationAssessment(fulfilled ? ComplianceStatus.Met : ComplianceStatus.NotYetDue, null);
        }

        var status = due switch
        {
            { } d when today > d => ComplianceStatus.Overdue,
            { } d when d.DayNumber - today.DayNumber <= context.DueSoonDays => ComplianceStatus.DueSoon,
            _ when expired => ComplianceStatus.ApprovalExpired,
            _ => fulfilled ? ComplianceStatus.Met : ComplianceStatus.NotYetDue,
        };
        return new ObligationAssessment(status, due, basis);
    }

    private static (DateOnly? Due, bool Fulfilled) Event(
        ObligationEvidence spec, DateOnly today, IReadOnlyList<AssessedRecord> records, IReadOnlyList<TriggerOccurrence> events,
        out TriggerOccurrence? basis, out bool expired)
    {
        basis = null;
        var inForce = records.Where(r => r.InForce(today)).ToList();
        // A prior approval that has lapsed is no longer evidence, and says so (承認期限切れ).
        expired = inForce.Count == 0 && spec.RecordType.StartsWith("request.", StringComparison.Ordinal)
            && records.Any(r => r.ValidUntil is { } u && u < today);
        DateOnly? due = null;
        if (spec.DueOffset is { } offset)
        {
            var period = CalendarPeriod.Parse(offset);
            foreach (var e in events)
            {
                if (inForce.Any(e.SettledBy))
                {
                    continue;
                }

                var owed = period.AddTo(e.On);
                if (due is null || owed < due)
                {
                    (due, basis) = (owed, e);
                }
            }
        }

        return (due, due is null && inForce.Count > 0);
    }

    private static (DateOnly? Due, bool Fulfilled) Recurring(CalendarPeriod period, DateOnly start, DateOnly end, IReadOnlyList<DateOnly> evidence)
    {
        // Each record settles one period, in order, so a late report for one month does not also
        // stand for the next. The first unsettled period's last day is the next due date.
        DateOnly next;
        try
        {
            next = period.Step(start, evidence.Count + 1);
        }
        catch (ArgumentOutOfRangeException)
        {
            next = DateOnly.MaxValue; // past year 9999: certainly after the contract
        }

        if (next > end)
        {
            // A contract shorter than one period still owes the record once, by its end.
            return (evidence.Count == 0 ? end : null, evidence.Count > 0);
        }

        return (next, evidence.Count > 0);
    }

    private static (DateOnly? Due, bool Fulfilled) Attested(
        ObligationEvidence spec, DateOnly start, DateOnly end, DateOnly today, IReadOnlyList<AssessedRecord> records)
    {
        DateOnly? validTo = null;
        var valid = false;
        DateOnly? expired = null;
        foreach (var r in records)
        {
            if (r.InForce(today))
            {
                valid = true;
                var to = r.ValidUntil ?? DateOnly.MaxValue;
                validTo = validTo is { } v && v > to ? v : to;
            }
            else if (r.ValidUntil is { } u && u < today && (expired is null || u > expired))
            {
                expired = u;
            }
        }

        if (valid)
        {
            // Renew by the last valid day, unless the attestation outlives the contract.
            return (validTo >= end ? null : validTo, true);
        }

        return (expired ?? Offset(spec, start), false);
    }

    private static DateOnly Offset(ObligationEvidence spec, DateOnly start) =>
        spec.DueOffset is { } offset ? CalendarPeriod.Parse(offset).AddTo(start) : start;
}
