using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Tests.Compliance;

/// <summary>How each trigger turns records and dates into a status (docs/obligations.md), without a database.</summary>
public sealed class ObligationAssessorTests
{
    private static readonly DateOnly Start = new(2026, 4, 1);
    private static readonly DateOnly End = new(2027, 3, 31);

    private static ObligationAssessment Assess(ObligationEvidence spec, DateOnly today, DateOnly[]? records = null, DateOnly?[]? validUntil = null, DateOnly[]? duties = null) =>
        ObligationAssessor.Assess(spec, Start, End, today, records ?? [], validUntil ?? (records ?? []).Select(_ => (DateOnly?)null).ToArray(), duties ?? [], dueSoonDays: 14);

    private static readonly ObligationEvidence Monthly = new("periodic-report", "recurring", "P1M", null);
    private static readonly ObligationEvidence Attestation = new("attestation", "attestation", null, "P14D");
    private static readonly ObligationEvidence Standing = new("evidence-ledger", "standing", null, null);
    private static readonly ObligationEvidence Event = new("request.copy", "event", null, null);

    [Theory]
    [InlineData("2026-04-01", ComplianceStatus.NotYetDue, "2026-05-01")] // 30 days ahead
    [InlineData("2026-04-17", ComplianceStatus.DueSoon, "2026-05-01")]   // exactly 14 days ahead
    [InlineData("2026-04-16", ComplianceStatus.NotYetDue, "2026-05-01")] // 15 days ahead
    [InlineData("2026-05-01", ComplianceStatus.DueSoon, "2026-05-01")]   // due today is not late
    [InlineData("2026-05-02", ComplianceStatus.Overdue, "2026-05-01")]
    public void Recurring_WithoutRecords_IsDueAtTheEndOfTheFirstPeriod(string today, ComplianceStatus status, string due) =>
        Assess(Monthly, DateOnly.Parse(today)).ShouldBe(new ObligationAssessment(status, DateOnly.Parse(due)));

    [Fact]
    public void Recurring_EachRecordSettlesOnePeriodInOrder()
    {
        var today = new DateOnly(2026, 6, 10);
        // Two periods have ended (5/1, 6/1); one report settles only the first.
        Assess(Monthly, today, [new(2026, 6, 5)]).ShouldBe(new ObligationAssessment(ComplianceStatus.Overdue, new DateOnly(2026, 6, 1)));
        // With both settled, the next is due 7/1 (21 days away): met.
        Assess(Monthly, today, [new(2026, 4, 28), new(2026, 6, 5)]).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void Recurring_StopsAtTheContractEnd()
    {
        var twelve = Enumerable.Range(0, 12).Select(i => Start.AddMonths(i)).ToArray();
        Assess(Monthly, new DateOnly(2027, 3, 20), twelve).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, null));
        // A yearly duty in a contract shorter than a year is owed once, by the end.
        var yearly = new ObligationEvidence("training-record", "recurring", "P2Y", null);
        Assess(yearly, new DateOnly(2026, 4, 1)).ShouldBe(new ObligationAssessment(ComplianceStatus.NotYetDue, End));
    }

    [Fact]
    public void CalendarMonths_DoNotDrift()
    {
        var p = CalendarPeriod.Parse("P1M");
        p.Step(new DateOnly(2026, 1, 31), 1).ShouldBe(new DateOnly(2026, 2, 28));
        p.Step(new DateOnly(2026, 1, 31), 2).ShouldBe(new DateOnly(2026, 3, 31));
        CalendarPeriod.Parse("PT24H").ShouldBe(new CalendarPeriod(0, 0, 1));
        CalendarPeriod.Parse("P1Y6M").ShouldBe(new CalendarPeriod(1, 6, 0));
        Should.Throw<FormatException>(() => CalendarPeriod.Parse("P"));
        Should.Throw<FormatException>(() => CalendarPeriod.Parse("14D"));
    }

    [Fact]
    public void Attestation_IsDueAfterTheOffset_MetWhileValid_DueAgainAtExpiry()
    {
        Assess(Attestation, new DateOnly(2026, 4, 1)).ShouldBe(new ObligationAssessment(ComplianceStatus.DueSoon, new DateOnly(2026, 4, 15)));
        Assess(Attestation, new DateOnly(2026, 4, 16)).Status.ShouldBe(ComplianceStatus.Overdue);

        DateOnly[] accepted = [new(2026, 4, 10)];
        Assess(Attestation, new DateOnly(2026, 4, 16), accepted, [new DateOnly(2026, 9, 30)])
            .ShouldBe(new ObligationAssessment(ComplianceStatus.Met, new DateOnly(2026, 9, 30)));
        Assess(Attestation, new DateOnly(2026, 9, 20), accepted, [new DateOnly(2026, 9, 30)]).Status.ShouldBe(ComplianceStatus.DueSoon);
        Assess(Attestation, new DateOnly(2026, 10, 1), accepted, [new DateOnly(2026, 9, 30)])
            .ShouldBe(new ObligationAssessment(ComplianceStatus.Overdue, new DateOnly(2026, 9, 30)));
        // Valid past the contract's end: nothing more to renew.
        Assess(Attestation, new DateOnly(2026, 10, 1), accepted, [new DateOnly(2027, 3, 31)]).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, null));
    }

    [Fact]
    public void Standing_IsDueAtTheStart_AndMetWhileARecordExists()
    {
        Assess(Standing, new DateOnly(2026, 3, 1)).ShouldBe(new ObligationAssessment(ComplianceStatus.NotYetDue, Start));
        Assess(Standing, new DateOnly(2026, 4, 2)).ShouldBe(new ObligationAssessment(ComplianceStatus.Overdue, Start));
        Assess(Standing, new DateOnly(2026, 4, 2), [new(2026, 4, 2)]).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, null));
    }

    [Fact]
    public void Event_OwesNothingUntilARuleReportsADuty_ThenTheEarliestDutyCounts()
    {
        var today = new DateOnly(2026, 6, 1);
        Assess(Event, today).ShouldBe(new ObligationAssessment(ComplianceStatus.NotYetDue, null));
        Assess(Event, today, [new(2026, 5, 1)]).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, null));
        Assess(Event, today, [new(2026, 5, 1)], duties: [new(2026, 7, 1), new(2026, 6, 10)])
            .ShouldBe(new ObligationAssessment(ComplianceStatus.DueSoon, new DateOnly(2026, 6, 10)));
        Assess(Event, today, duties: [new(2026, 5, 31)]).Status.ShouldBe(ComplianceStatus.Overdue);
        // A duty also overrides a recurring schedule that is otherwise met.
        Assess(Monthly, new DateOnly(2026, 4, 20), [new(2026, 4, 20)], duties: [new(2026, 4, 19)]).Status.ShouldBe(ComplianceStatus.Overdue);
    }

    [Fact]
    public void RecordStart_DueDatesCountFromIt_AndWhatFellDueBeforeItIsBeforeRecordStart()
    {
        var recordStart = new DateOnly(2026, 12, 6);
        var context = new ObligationContext(Start, End, recordStart, 14, recordStart);
        // Monthly from 4/1 it would be overdue since 5/1; counted from the record start it is due 1/6.
        ObligationAssessor.Assess(Monthly, context, [], [], []).ShouldBe(new ObligationAssessment(ComplianceStatus.BeforeRecordStart, new DateOnly(2027, 1, 6)));
        // Due within the window counted from the record start: due soon, not overdue.
        ObligationAssessor.Assess(Attestation, context, [], [], []).ShouldBe(new ObligationAssessment(ComplianceStatus.DueSoon, new DateOnly(2026, 12, 20)));
        // Without a record start date the same day is overdue.
        ObligationAssessor.Assess(Monthly, context with { RecordStart = null }, [], [], []).Status.ShouldBe(ComplianceStatus.Overdue);
        // A contract that is not live owes nothing by a date.
        ObligationAssessor.Assess(Monthly, context with { RecordStart = null, Live = false }, [], [], []).ShouldBe(new ObligationAssessment(ComplianceStatus.NotYetDue, null));
    }

    [Fact]
    public void EventWithOffset_IsDueAfterEachOccurrence_UntilARecordSettlesIt()
    {
        var roster = new ObligationEvidence("roster", "event", null, "P7D");
        var context = new ObligationContext(Start, End, new DateOnly(2026, 6, 10), 14);
        var sub = new TriggerOccurrence(new DateOnly(2026, 6, 1), "再委託の承認（A社）", "organization:1");
        ObligationAssessor.Assess(roster, context, [], [], [sub]).ShouldBe(new ObligationAssessment(ComplianceStatus.Overdue, new DateOnly(2026, 6, 8), sub));
        // A record of another subject does not settle it; one of its own does.
        ObligationAssessor.Assess(roster, context, [new(new DateOnly(2026, 6, 9), Subject: "organization:2")], [], [sub]).Status.ShouldBe(ComplianceStatus.Overdue);
        ObligationAssessor.Assess(roster, context, [new(new DateOnly(2026, 6, 9), Subject: "organization:1")], [], [sub]).ShouldBe(new ObligationAssessment(ComplianceStatus.Met, null));
        // Without a subject, a record made before the event does not settle it unless earlier records count.
        var activation = new TriggerOccurrence(new DateOnly(2026, 6, 1), "契約の有効化（締結）");
        ObligationAssessor.Assess(roster, context, [new(new DateOnly(2026, 5, 20))], [], [activation]).Status.ShouldBe(ComplianceStatus.Overdue);
        ObligationAssessor.Assess(roster, context, [new(new DateOnly(2026, 5, 20))], [], [activation with { EarlierRecordsCount = true }]).Status.ShouldBe(ComplianceStatus.Met);
    }

    [Fact]
    public void Approval_CountsOnlyInsideItsValidityPeriod()
    {
        var approval = new AssessedRecord(new DateOnly(2026, 5, 1), new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 31));
        ComplianceStatus On(DateOnly today) => ObligationAssessor.Assess(Event, new ObligationContext(Start, End, today, 14), [approval], [], []).Status;
        On(new DateOnly(2026, 5, 9)).ShouldBe(ComplianceStatus.NotYetDue);
        On(new DateOnly(2026, 5, 10)).ShouldBe(ComplianceStatus.Met);
        On(new DateOnly(2026, 5, 31)).ShouldBe(ComplianceStatus.Met);
        On(new DateOnly(2026, 6, 1)).ShouldBe(ComplianceStatus.ApprovalExpired);
        // An attestation-type event record past its period is simply not evidence (no approval to expire).
        ObligationAssessor.Assess(new ObligationEvidence("attestation", "event", null, null), new ObligationContext(Start, End, new DateOnly(2026, 6, 1), 14), [approval], [], [])
            .Status.ShouldBe(ComplianceStatus.NotYetDue);
    }
}
