using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Features.Compliance;

/// <summary>The status of one obligation, from its evidence rule's findings and the calendar.</summary>
public sealed record ObligationAssessment(ComplianceStatus Status, DateOnly? NextDue);

/// <summary>
/// Turns what the records show into a status. Pure: the same findings, dates and "today" always
/// give the same answer, so the matrix can be tested across time with an injected clock.
/// How each trigger is read (docs/obligations.md):
/// <list type="bullet">
/// <item><c>recurring</c>: due every <c>recurrence</c> from the contract start; each record settles one
/// period in order, and the end of the first unsettled period is the next due date.</item>
/// <item><c>attestation</c>: due <c>dueOffset</c> after the start; an accepted attestation fulfils it while
/// valid, and its last valid day is when a renewal is due.</item>
/// <item><c>standing</c>: fulfilled while a record exists; without one it is due at the start (plus <c>dueOffset</c>).</item>
/// <item><c>event</c>: owed only when something happens; the rule reports what is owed as duties.</item>
/// </list>
/// Duties reported by a rule are owed whatever the trigger; the earliest one wins.
/// </summary>
public static class ObligationAssessor
{
    public static ObligationAssessment Assess(
        ObligationEvidence spec,
        DateOnly start,
        DateOnly end,
        DateOnly today,
        IReadOnlyList<DateOnly> evidenceDates,
        IReadOnlyList<DateOnly?> validUntil,
        IReadOnlyList<DateOnly> dutyDates,
        int dueSoonDays)
    {
        var (due, fulfilled) = spec.Trigger switch
        {
            "recurring" => Recurring(CalendarPeriod.Parse(spec.Recurrence!), start, end, evidenceDates),
            "attestation" => Attested(spec, start, end, today, evidenceDates, validUntil),
            "standing" => evidenceDates.Count > 0 ? (null, true) : (Offset(spec, start), false),
            _ => ((DateOnly?)null, evidenceDates.Count > 0),
        };
        if (dutyDates.Count > 0)
        {
            var owed = dutyDates.Min();
            due = due is { } d && d < owed ? d : owed;
            fulfilled = false;
        }

        var status = due switch
        {
            { } d when today > d => ComplianceStatus.Overdue,
            { } d when d.DayNumber - today.DayNumber <= dueSoonDays => ComplianceStatus.DueSoon,
            _ => fulfilled ? ComplianceStatus.Met : ComplianceStatus.NotYetDue,
        };
        return new ObligationAssessment(status, due);
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
        ObligationEvidence spec, DateOnly start, DateOnly end, DateOnly today, IReadOnlyList<DateOnly> from, IReadOnlyList<DateOnly?> until)
    {
        DateOnly? validTo = null;
        var valid = false;
        DateOnly? expired = null;
        for (var i = 0; i < from.Count; i++)
        {
            if (from[i] <= today && (until[i] is null || until[i] >= today))
            {
                valid = true;
                var to = until[i] ?? DateOnly.MaxValue;
                validTo = validTo is { } v && v > to ? v : to;
            }
            else if (until[i] is { } u && u < today && (expired is null || u > expired))
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
