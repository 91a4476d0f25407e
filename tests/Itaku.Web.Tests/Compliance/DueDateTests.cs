using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Requests;
using Itaku.Web.Features.Roster;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Compliance;

/// <summary>
/// Event duties fall due from the event that triggers them (issue 10, Deliver 1), only live contracts owe
/// anything by a date and a contract registered late opens with its record start date (Deliver 7), and an
/// approval counts only inside its validity period (Deliver 2) — walked through time with the test clock.
/// </summary>
public sealed class DueDateTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private DateOnly Today() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);

    private void MoveTo(DateOnly day)
    {
        _factory.Clock.Advance(TimeSpan.FromDays(day.DayNumber - Today().DayNumber));
        _world.ForgetTokens();
    }

    private async Task<ContractObligationsDto> MatrixAsync(long contract)
    {
        using var client = await _world.ClientAsync(_world.StaffA);
        return (await client.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{contract}/obligations", Ct))!;
    }

    private static ContractObligationDto Row(ContractObligationsDto m, string key) => m.Items.Single(i => i.Key == key);

    private Task<long> SetIdAsync(string code) =>
        _factory.DbAsync(db => db.ProvisionSets.Where(s => s.Code == code).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync(Ct));

    private async Task<ContractDto> CreateAsync(HttpClient owner, string code, DateOnly start, string status)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/contracts", new
        {
            number = $"R8-期限-{Guid.NewGuid():N}"[..20],
            title = "住民情報システム運用保守業務委託",
            clientDepartmentId = _world.DeptA,
            contractorId = _world.ContractorX,
            startDate = start,
            endDate = start.AddYears(1).AddDays(-1),
            status,
            provisionSetId = await SetIdAsync(code),
        }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
    }

    private async Task<ContractDto> SetStatusAsync(HttpClient owner, ContractDto c, string status)
    {
        var response = await owner.PutAsJsonAsync($"/api/v1/contracts/{c.Id}", new
        {
            number = c.Number, title = c.Title, clientDepartmentId = c.ClientDepartmentId, contractorId = c.ContractorId,
            startDate = c.StartDate, endDate = c.EndDate, status,
        }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
    }

    private Task SubmitRosterAsync(long contract, long? organization = null) => _factory.DbAsync(async db =>
    {
        var number = await db.RosterVersions.CountAsync(v => v.ContractId == contract, Ct) + 1;
        var now = _factory.Clock.GetUtcNow().UtcDateTime;
        db.RosterVersions.Add(new RosterVersion
        {
            ContractId = contract, Number = number, OrganizationId = organization, Status = RosterStatus.Submitted,
            CreatedById = _world.ResponsibleX.Id, CreatedAt = now, UpdatedAt = now, SubmittedById = _world.ResponsibleX.Id, SubmittedAt = now,
        });
        return await db.SaveChangesAsync(Ct);
    });

    [Fact]
    public async Task Draft_OwesNothingByADate_ActivationStartsTheRosterAndNoticeClocks()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var start = Today().AddDays(20);
        var draft = await CreateAsync(owner, ProvisionFixtures.Setagaya, start, "Draft");
        draft.ActivatedOn.ShouldBeNull();

        // A draft: nothing is due, even once its start date has passed.
        MoveTo(start.AddDays(3));
        var m = await MatrixAsync(draft.Id);
        m.Live.ShouldBeFalse();
        m.Items.ShouldAllBe(i => i.NextDue == null);
        (m.Counts.Overdue + m.Counts.DueSoon).ShouldBe(0);

        // Activated three days after its start: the roster and the management-structure notice (S3 「締結後直ちに」,
        // Itaku's P7D) fall due 7 days after activation, which is also the record start date.
        using var owner2 = await _world.ClientAsync(_world.StaffA);
        var active = await SetStatusAsync(owner2, draft, "Active");
        var activated = Today();
        (active.ActivatedOn, active.RecordStartDate).ShouldBe((activated, activated));
        m = await MatrixAsync(draft.Id);
        (m.Live, m.RecordStartDate).ShouldBe((true, activated));
        foreach (var key in new[] { "roster.submit", "management-structure.submit" })
        {
            var row = Row(m, key);
            (row.Status, row.NextDue).ShouldBe((ComplianceStatus.DueSoon, activated.AddDays(7)), key);
            row.DueFrom.ShouldBe(new TriggerOccurrence(activated, "契約の有効化（締結）", EarlierRecordsCount: true));
        }

        MoveTo(activated.AddDays(8));
        (Row(await MatrixAsync(draft.Id), "roster.submit").Status).ShouldBe(ComplianceStatus.Overdue);
        using var later = await _world.ClientAsync(_world.StaffA);

        await SubmitRosterAsync(draft.Id);
        m = await MatrixAsync(draft.Id);
        (Row(m, "roster.submit").Status, Row(m, "roster.submit").NextDue).ShouldBe((ComplianceStatus.Met, (DateOnly?)null));
        Row(m, "management-structure.submit").Status.ShouldBe(ComplianceStatus.Overdue);

        // Closed: nothing is owed by a date any more.
        await SetStatusAsync(later, await SetStatusAsync(later, active, "Closing"), "Closed");
        m = await MatrixAsync(draft.Id);
        m.Live.ShouldBeFalse();
        m.Counts.Overdue.ShouldBe(0);
        Row(m, "roster.submit").Status.ShouldBe(ComplianceStatus.Met);
    }

    [Fact]
    public async Task ActivatedBeforeItsStart_HasNoRecordStartDate_AndOwesTheRosterAfterActivation()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var start = Today().AddDays(30);
        var c = await CreateAsync(owner, ProvisionFixtures.Gunma, start, "Active");

        (c.ActivatedOn, c.RecordStartDate).ShouldBe((Today(), (DateOnly?)null));
        var m = await MatrixAsync(c.Id);
        m.RecordStartDate.ShouldBeNull();
        (Row(m, "roster.submit").Status, Row(m, "roster.submit").NextDue).ShouldBe((ComplianceStatus.DueSoon, Today().AddDays(7)));
        // Duties that count from the start count from the contract start.
        Row(m, "policy.compliance").NextDue.ShouldBe(start.AddDays(14));
        Row(m, "policy.compliance").DueFrom!.Label.ShouldBe("契約開始日");
    }

    [Fact]
    public async Task BackDatedContract_OpensWithTheRecordStartDate_NotAFloodOfOverdueItems_AndOneDigestPerPerson()
    {
        // Contract A started on 2026-04-01 and is registered (activated) only today.
        var today = Today();
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await _factory.DbAsync(async db =>
        {
            var c = await db.Contracts.SingleAsync(x => x.Id == _world.ContractA, Ct);
            (c.StartDate, c.EndDate, c.ActivatedOn) = (today.AddMonths(-8), today.AddMonths(4), today);
            return await db.SaveChangesAsync(Ct);
        });

        var m = await MatrixAsync(_world.ContractA);

        m.RecordStartDate.ShouldBe(today);
        m.Counts.Overdue.ShouldBe(0);
        Row(m, "policy.compliance").NextDue.ShouldBe(today.AddDays(14));
        Row(m, "policy.compliance").DueFrom.ShouldBe(new TriggerOccurrence(today, "記録開始日"));
        Row(m, "roster.submit").NextDue.ShouldBe(today.AddDays(7));

        var reminders = _factory.Services.GetRequiredService<DueReminderService>();
        (await reminders.RunAsync(Ct)).ShouldBe(2); // 責任者 (contractor duties) and 所管課 (its own), one digest each
        var digests = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind.StartsWith("due.")).ToListAsync(Ct));
        digests.Select(n => n.RecipientId).ShouldBe([_world.ResponsibleX.Id, _world.StaffA.Id], ignoreOrder: true);
        var lead = digests.Single(n => n.RecipientId == _world.ResponsibleX.Id);
        lead.Kind.ShouldBe("due.digest");
        lead.Body.ShouldContain("期限間近");
        lead.Body.ShouldContain("名簿");
        lead.Link.ShouldBe($"/Contracts/{_world.ContractA}");

        // Again today: nothing (one digest a day, each stage once). Past the roster's due date: the overdue stage.
        (await reminders.RunAsync(Ct)).ShouldBe(0);
        MoveTo(today.AddDays(8));
        (await reminders.RunAsync(Ct)).ShouldBeGreaterThanOrEqualTo(1);
        var overdue = (await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.RecipientId == _world.ResponsibleX.Id).OrderBy(n => n.Id).ToListAsync(Ct)))[^1];
        overdue.Title.ShouldStartWith("期限のお知らせ：期限超過");
        overdue.Body.ShouldContain("名簿");
    }

    [Fact]
    public async Task DraftContracts_SendNoReminders()
    {
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await _factory.DbAsync(async db =>
        {
            (await db.Contracts.SingleAsync(x => x.Id == _world.ContractA, Ct)).Status = ContractStatus.Draft;
            return await db.SaveChangesAsync(Ct);
        });

        (await _factory.Services.GetRequiredService<DueReminderService>().RunAsync(Ct)).ShouldBe(0);
        (await MatrixAsync(_world.ContractA)).Counts.Overdue.ShouldBe(0);
    }

    [Fact]
    public async Task SubcontractorApproval_StartsItsRosterAndFlowDownClocks_AndOnlyItsOwnRosterSettlesIt()
    {
        var today = Today();
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await SubmitRosterAsync(_world.ContractA); // the contractor's own roster
        var m = await MatrixAsync(_world.ContractA);
        // No subcontractor approved: nothing owed under G14-3/4.
        Row(m, "subcontracting.roster-submit").NextDue.ShouldBeNull();
        Row(m, "subcontracting.flow-down").NextDue.ShouldBeNull();

        var sub = await _factory.DbAsync(async db =>
        {
            var org = new Organization { Kind = OrganizationKind.Contractor, Name = "榛名ソフト株式会社", CreatedAt = DateTime.UtcNow };
            db.Organizations.Add(org);
            await db.SaveChangesAsync(Ct);
            var request = NewRequest(_world.ContractA, "subcontracting", null, null);
            db.Requests.Add(request);
            await db.SaveChangesAsync(Ct);
            db.ContractSubcontractors.Add(new ContractSubcontractor { ContractId = _world.ContractA, OrganizationId = org.Id, RequestId = request.Id, AddedAt = _factory.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(Ct);
            return org.Id;
        });

        m = await MatrixAsync(_world.ContractA);
        var roster = Row(m, "subcontracting.roster-submit");
        (roster.Status, roster.NextDue).ShouldBe((ComplianceStatus.DueSoon, today.AddDays(7)));
        roster.DueFrom!.Label.ShouldBe("再委託の承認（榛名ソフト株式会社）");
        roster.DueFrom.On.ShouldBe(today);
        Row(m, "subcontracting.flow-down").NextDue.ShouldBe(today.AddDays(14));

        MoveTo(today.AddDays(8));
        await SubmitRosterAsync(_world.ContractA); // another version of the contractor's own roster does not count
        Row(await MatrixAsync(_world.ContractA), "subcontracting.roster-submit").Status.ShouldBe(ComplianceStatus.Overdue);

        await SubmitRosterAsync(_world.ContractA, sub);
        Row(await MatrixAsync(_world.ContractA), "subcontracting.roster-submit").Status.ShouldBe(ComplianceStatus.Met);
    }

    [Fact]
    public async Task Approval_CountsOnlyInsideItsValidityPeriod_ThenApprovalExpired_RemindedOnce()
    {
        const string key = "work-location.offsite-approval"; // G5-2, request.offsite-work
        var today = Today();
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await _factory.DbAsync(async db =>
        {
            db.Requests.Add(NewRequest(_world.ContractA, "offsite-work", today.AddDays(2), today.AddDays(30)));
            return await db.SaveChangesAsync(Ct);
        });

        // Approved, but its period has not begun.
        Row(await MatrixAsync(_world.ContractA), key).Status.ShouldBe(ComplianceStatus.NotYetDue);
        MoveTo(today.AddDays(2));
        var row = Row(await MatrixAsync(_world.ContractA), key);
        row.Status.ShouldBe(ComplianceStatus.Met);
        row.Records.ShouldHaveSingleItem().ValidFrom.ShouldBe(today.AddDays(2));
        MoveTo(today.AddDays(30));
        Row(await MatrixAsync(_world.ContractA), key).Status.ShouldBe(ComplianceStatus.Met); // its last day still counts

        MoveTo(today.AddDays(31));
        var m = await MatrixAsync(_world.ContractA);
        (Row(m, key).Status, Row(m, key).NextDue).ShouldBe((ComplianceStatus.ApprovalExpired, (DateOnly?)null));
        m.Counts.ApprovalExpired.ShouldBe(1);

        var reminders = _factory.Services.GetRequiredService<DueReminderService>();
        await reminders.RunAsync(Ct);
        var expired = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Body.Contains("承認期限切れ")).ToListAsync(Ct));
        expired.Select(n => n.RecipientId).ShouldBe([_world.ResponsibleX.Id]); // the contractor owes G5-2
        MoveTo(today.AddDays(32));
        await reminders.RunAsync(Ct);
        (await _factory.DbAsync(db => db.Notifications.CountAsync(n => n.Body.Contains("承認期限切れ"), Ct))).ShouldBe(1);
    }

    private Request NewRequest(long contract, string kind, DateOnly? validFrom, DateOnly? validUntil)
    {
        var now = _factory.Clock.GetUtcNow().UtcDateTime;
        return new Request
        {
            ContractId = contract, Kind = kind, Status = RequestStatus.Approved, Revision = 1, CreatedById = _world.ResponsibleX.Id,
            CreatedAt = now, UpdatedAt = now, DecidedById = _world.StaffA.Id, DecidedAt = now, ValidFrom = validFrom, ValidUntil = validUntil,
            Revisions = [new RequestRevision { Number = 1, Title = "承認済みの申請", AuthorId = _world.ResponsibleX.Id, CreatedAt = now, SubmittedAt = now, SubmittedById = _world.ResponsibleX.Id }],
        };
    }
}
