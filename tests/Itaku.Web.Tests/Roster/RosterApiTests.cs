using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Notices;
using Itaku.Web.Features.Roster;
using Itaku.Web.Infrastructure.Crypto;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Roster;

/// <summary>
/// The roster (従事者名簿): personal data encrypted at rest and every decrypted read audited; who may
/// write, submit and acknowledge; versions that never change once submitted; the change between
/// versions; the compliance evidence.
/// </summary>
public sealed class RosterApiTests : IAsyncLifetime
{
    private const string Lead = "碓氷 峠子";
    private const string LeadPhone = "090-1111-2222";
    private const string Emergency = "谷川 緊急";
    private const string EmergencyPhone = "027-000-9999";

    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Url(string path = "") => $"/api/v1/contracts/{_world.ContractA}/roster{path}";

    public static object Person(string name, RosterRole role, string location = "本社 3階 開発室", Guid? key = null, string? contact = null) => new
    {
        key,
        name,
        role = role.ToString(),
        responsibilities = $"{name}の担当業務",
        workScope = "住民情報システムの保守",
        workLocation = location,
        handlesPersonalInformation = role != RosterRole.Other,
        handlesMedia = role == RosterRole.Responsible,
        contact,
    };

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    /// <summary>A draft written by ResponsibleX with the given people, optionally submitted.</summary>
    private async Task<RosterVersionDto> WriteAsync(object[] entries, bool submit, object[]? contacts = null)
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var draft = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url(), null, Ct), HttpStatusCode.Created);
        var written = await ReadAsync<RosterVersionDto>(await lead.PutAsJsonAsync(Url($"/{draft.Version.Number}"), new { note = "体制の届出", entries, emergencyContacts = contacts ?? [] }, Ct));
        return submit ? await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url($"/{draft.Version.Number}/submit"), null, Ct)) : written;
    }

    private Task<RosterVersionDto> FirstAsync() => WriteAsync(
        [Person(Lead, RosterRole.Responsible, contact: LeadPhone), Person("榛名 二郎", RosterRole.Supervisor), Person("妙義 三郎", RosterRole.Worker)],
        submit: true, [new { name = Emergency, phone = EmergencyPhone, role = "夜間当番", hours = "24時間" }]);

    [Fact]
    public async Task RosterPersonalData_IsCiphertextInTheDatabase_PlaintextOnlyThroughAuthorisedReads_EachReadInTheAuditTrail()
    {
        var v1 = await FirstAsync();
        v1.Entries.Select(e => e.Name).ShouldBe([Lead, "榛名 二郎", "妙義 三郎"]);

        // In the database: only ciphertext, read as the columns hold it (raw SQL, no EF mapping).
        var stored = await _factory.DbAsync(db => db.Database.SqlQueryRaw<string>(
            """SELECT "NameCipher" AS "Value" FROM "RosterEntries" UNION ALL SELECT "ContactCipher" FROM "RosterEntries" WHERE "ContactCipher" IS NOT NULL UNION ALL SELECT "NameCipher" FROM "RosterEmergencyContacts" UNION ALL SELECT "PhoneCipher" FROM "RosterEmergencyContacts" """).ToListAsync(Ct));
        stored.Count.ShouldBe(3 + 1 + 2);
        foreach (var value in stored)
        {
            foreach (var plain in new[] { Lead, "碓氷", LeadPhone, "榛名", "妙義", Emergency, EmergencyPhone })
            {
                value.ShouldNotContain(plain);
            }

            Convert.FromBase64String(value)[0].ShouldBe(AtRestCipher.CurrentKeyId);
        }

        // Nor anywhere in the audit trail (the ledger cannot forget).
        var details = await _factory.DbAsync(db => db.AuditEvents.Select(e => e.Details ?? "").ToListAsync(Ct));
        details.ShouldAllBe(d => !d.Contains("碓氷") && !d.Contains(LeadPhone) && !d.Contains("谷川"));
        // Nor in the official letter that submitted the version (stored as plain HTML): it cites the version only.
        var letters = await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Documents.OfficialDocument>().Select(d => d.Html).ToListAsync(Ct));
        letters.ShouldNotBeEmpty();
        letters.ShouldAllBe(h => !h.Contains("碓氷") && !h.Contains(LeadPhone) && !h.Contains("谷川"));

        // A list needs no decryption and is not a view of anyone's data.
        var viewsBefore = (await _factory.AuditEventsAsync("roster.viewed")).Count;
        using (var staff = await _world.ClientAsync(_world.StaffA))
        {
            var list = await staff.GetStringAsync(Url(), Ct);
            list.ShouldNotContain("碓氷");
        }

        (await _factory.AuditEventsAsync("roster.viewed")).Count.ShouldBe(viewsBefore);

        // Every authorised reader gets the plaintext, and every such read is recorded with who and which version.
        foreach (var reader in new[] { _world.StaffA, _world.Auditor, _world.WorkerX, _world.Admin })
        {
            using var client = await _world.ClientAsync(reader);
            var read = await ReadAsync<RosterVersionDto>(await client.GetAsync(Url("/1"), Ct));
            read.Entries[0].Name.ShouldBe(Lead);
            read.Entries[0].Contact.ShouldBe(LeadPhone);
            read.EmergencyContacts.ShouldHaveSingleItem().Phone.ShouldBe(EmergencyPhone);
            var view = (await _factory.AuditEventsAsync("roster.viewed")).Last();
            (view.ActorId, view.ContractId, view.SubjectId).ShouldBe((reader.Id, _world.ContractA, v1.Version.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            view.Details!.ShouldContain("\"version\":1");
        }

        (await _factory.AuditEventsAsync("roster.viewed")).Count.ShouldBe(viewsBefore + 4);
    }

    [Fact]
    public async Task ACiphertext_MovedToAnotherPersonOrColumn_DoesNotDecrypt()
    {
        var cipher = _factory.Services.GetRequiredService<AtRestCipher>();
        var key = Guid.NewGuid();
        var stored = cipher.Encrypt(Lead, RosterService.EntryContext(1, key, "name"));
        cipher.Decrypt(stored, RosterService.EntryContext(1, key, "name")).ShouldBe(Lead);
        cipher.Encrypt(Lead, RosterService.EntryContext(1, key, "name")).ShouldNotBe(stored); // fresh nonce every time
        Should.Throw<CryptographicException>(() => cipher.Decrypt(stored, RosterService.EntryContext(1, Guid.NewGuid(), "name")));
        Should.Throw<CryptographicException>(() => cipher.Decrypt(stored, RosterService.EntryContext(2, key, "name")));
        Should.Throw<CryptographicException>(() => cipher.Decrypt(stored, RosterService.EntryContext(1, key, "contact")));
        var tampered = Convert.FromBase64String(stored);
        tampered[^1] ^= 1;
        Should.Throw<CryptographicException>(() => cipher.Decrypt(Convert.ToBase64String(tampered), RosterService.EntryContext(1, key, "name")));
    }

    [Fact]
    public async Task TheKeyFile_IsCreatedOnFirstUse_ReadableByTheOwnerOnly()
    {
        await FirstAsync();
        var path = Path.Combine(_factory.DataDirectory, "encryption.key");
        File.Exists(path).ShouldBeTrue();
        Convert.FromBase64String(await File.ReadAllTextAsync(path, Ct)).Length.ShouldBe(32);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task AnotherContractsUser_Gets404_AndNoViewIsRecorded()
    {
        await FirstAsync();
        var views = (await _factory.AuditEventsAsync("roster.viewed")).Count;
        foreach (var stranger in new[] { _world.ResponsibleY, _world.StaffB })
        {
            using var client = await _world.ClientAsync(stranger);
            (await client.GetAsync(Url("/1"), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync(Url(), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        (await _factory.AuditEventsAsync("roster.viewed")).Count.ShouldBe(views);
    }

    [Fact]
    public async Task OnlyTheContractorsResponsibleOrSupervisorWrites_TheClientCannot_AndDraftsAreTheContractorsOwn()
    {
        using (var worker = await _world.ClientAsync(_world.WorkerX))
        {
            (await worker.PostAsync(Url(), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var owner = await _world.ClientAsync(_world.StaffA))
        {
            (await owner.PostAsync(Url(), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var draft = await WriteAsync([Person(Lead, RosterRole.Responsible)], submit: false);
        using (var worker = await _world.ClientAsync(_world.WorkerX))
        {
            (await worker.PostAsync(Url($"/{draft.Version.Number}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await worker.PutAsJsonAsync(Url($"/{draft.Version.Number}"), new { entries = Array.Empty<object>() }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var owner = await _world.ClientAsync(_world.StaffA))
        {
            (await owner.GetAsync(Url($"/{draft.Version.Number}"), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await ReadAsync<List<RosterVersionSummaryDto>>(await owner.GetAsync(Url(), Ct))).ShouldBeEmpty();
            (await owner.PostAsync(Url($"/{draft.Version.Number}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await _factory.DbAsync(db => db.RosterVersions.SingleAsync(Ct))).Status.ShouldBe(RosterStatus.Draft);
    }

    [Fact]
    public async Task ASubmittedVersion_CannotBeEdited_ANewDraftCopiesIt()
    {
        var v1 = await FirstAsync();
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        (await lead.PutAsJsonAsync(Url("/1"), new { entries = new[] { Person("別人", RosterRole.Responsible) } }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await lead.PostAsync(Url("/1/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var v2 = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url(), null, Ct), HttpStatusCode.Created);
        (v2.Version.Number, v2.Version.Status).ShouldBe((2, RosterStatus.Draft));
        v2.Entries.ShouldBe(v1.Entries);
        v2.EmergencyContacts.ShouldBe(v1.EmergencyContacts);
        v2.Changes.Entries.ShouldBeEmpty();
        (await lead.PostAsync(Url(), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var again = await ReadAsync<RosterVersionDto>(await lead.GetAsync(Url("/1"), Ct));
        again.Entries.Select(e => e.Name).ShouldBe([Lead, "榛名 二郎", "妙義 三郎"]);
    }

    [Fact]
    public async Task Version2_NamesTheAddedRemovedAndChangedPeople_AndIsARosterChangeNotice()
    {
        var v1 = await FirstAsync();
        v1.Changes.PreviousNumber.ShouldBeNull();
        v1.Changes.Entries.Select(c => c.Change).ShouldBe(["added", "added", "added"]);
        var lead = v1.Entries[0];
        var supervisor = v1.Entries[1];

        var v2 = await WriteAsync(
            [Person(lead.Name, RosterRole.Responsible, "群馬データセンター", lead.Key, LeadPhone), Person(supervisor.Name, RosterRole.Supervisor, key: supervisor.Key), Person("浅間 四郎", RosterRole.Worker)],
            submit: true);

        v2.Changes.PreviousNumber.ShouldBe(1);
        v2.Changes.Entries.Single(c => c.Change == "added").Name.ShouldBe("浅間 四郎");
        v2.Changes.Entries.Single(c => c.Change == "removed").Name.ShouldBe("妙義 三郎");
        var changed = v2.Changes.Entries.Single(c => c.Change == "changed");
        changed.Name.ShouldBe(Lead);
        changed.Fields.ShouldHaveSingleItem().ShouldBe(new RosterFieldChangeDto("workLocation", "本社 3階 開発室", "群馬データセンター"));
        v2.Changes.Entries.Count.ShouldBe(3);
        v2.Changes.EmergencyContactsChanged.ShouldBeTrue();

        var kinds = await _factory.DbAsync(db => db.Notices.OrderBy(n => n.Id).Select(n => n.Kind).ToListAsync(Ct));
        kinds.ShouldBe([NoticeKinds.Roster, NoticeKinds.RosterChange]);
    }

    [Fact]
    public async Task Submitting_NeedsAResponsiblePerson_AndBadRowsAreNamed_NothingWritten()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var draft = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url(), null, Ct), HttpStatusCode.Created);
        var bad = await lead.PutAsJsonAsync(Url("/1"), new
        {
            entries = new object[] { Person(Lead, RosterRole.Responsible), new { name = " ", role = "Worker" }, new { name = "x", role = "Boss" } },
        }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var roleless = await lead.PutAsJsonAsync(Url("/1"), new { entries = new object[] { Person(Lead, RosterRole.Responsible), new { name = " ", role = "Worker" }, new { name = "x" } } }, Ct);
        (await ReadAsync<ValidationProblemDetails>(roleless, HttpStatusCode.BadRequest)).Errors.Keys.ShouldBe(["entries[1].name", "entries[2].role"], ignoreOrder: true);
        (await _factory.DbAsync(db => db.RosterEntries.CountAsync(Ct))).ShouldBe(0);

        await ReadAsync<RosterVersionDto>(await lead.PutAsJsonAsync(Url("/1"), new { entries = new[] { Person("作業 五郎", RosterRole.Worker) } }, Ct));
        var noLead = await lead.PostAsync(Url($"/{draft.Version.Number}/submit"), null, Ct);
        (await ReadAsync<ValidationProblemDetails>(noLead, HttpStatusCode.BadRequest)).Errors.Keys.ShouldBe(["entries"]);
        (await _factory.DbAsync(db => db.Notices.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task AcknowledgingTheNotice_AcknowledgesTheVersion_OnlyTheClientMay()
    {
        var v1 = await FirstAsync();
        v1.Version.Status.ShouldBe(RosterStatus.Submitted);
        var noticeId = v1.Version.NoticeId.ShouldNotBeNull();
        var url = $"/api/v1/contracts/{_world.ContractA}/notices/{noticeId}/acknowledge";
        using (var lead = await _world.ClientAsync(_world.ResponsibleX))
        {
            (await lead.PostAsJsonAsync(url, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var owner = await _world.ClientAsync(_world.StaffA);
        var ack = await ReadAsync<NoticeDto>(await owner.PostAsJsonAsync(url, new { comment = "受理します。" }, Ct));
        (ack.Kind, ack.RosterVersion, ack.Acknowledged).ShouldBe((NoticeKinds.Roster, 1, true));
        var version = await ReadAsync<RosterVersionDto>(await owner.GetAsync(Url("/1"), Ct));
        (version.Version.Status, version.Version.AcknowledgedBy).ShouldBe((RosterStatus.Acknowledged, "情報 花子"));
        (await owner.PostAsJsonAsync(url, new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ASubmittedRoster_MeetsRosterSubmit_AndAChangeMeetsNotifyChanges_InTheComplianceMatrix()
    {
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        using var staff = await _world.ClientAsync(_world.StaffA);
        async Task<ContractObligationDto> RowAsync(string key) =>
            (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!.Items.Single(i => i.Key == key);

        (await RowAsync("roster.submit")).Status.ShouldNotBe(ComplianceStatus.Met);
        await WriteAsync([Person(Lead, RosterRole.Responsible), Person("榛名 二郎", RosterRole.Supervisor)], submit: false);
        (await RowAsync("roster.submit")).Status.ShouldNotBe(ComplianceStatus.Met); // a draft is no submission

        using (var lead = await _world.ClientAsync(_world.ResponsibleX))
        {
            (await lead.PostAsync(Url("/1/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var submitted = await RowAsync("roster.submit");
        submitted.Status.ShouldBe(ComplianceStatus.Met);
        submitted.Records.ShouldHaveSingleItem().Href.ShouldBe($"/Contracts/{_world.ContractA}/Roster?version=1");
        (await RowAsync("roster.notify-changes")).Records.ShouldBeEmpty();

        await WriteAsync([Person("榛名 二郎", RosterRole.Responsible), Person(Lead, RosterRole.Supervisor)], submit: true);
        (await RowAsync("roster.notify-changes")).Records.ShouldHaveSingleItem().Label.ShouldContain("第2版");
    }

    [Fact]
    public async Task AClosedContract_TakesNoNewRosterVersionOrNotice_409()
    {
        var draft = await WriteAsync([Person(Lead, RosterRole.Responsible)], submit: false);
        await _factory.DbAsync(async db =>
        {
            (await db.Contracts.SingleAsync(c => c.Id == _world.ContractA, Ct)).Status = Itaku.Web.Features.Contracts.ContractStatus.Closed;
            return await db.SaveChangesAsync(Ct);
        });
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        (await lead.PostAsync(Url($"/{draft.Version.Number}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await lead.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/notices", NoticesApiTests.Structure(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _factory.DbAsync(db => db.Notices.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task AnApprovedSubcontractor_KeepsItsOwnRoster_WhichEvidencesItsOwnDuty()
    {
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        using var owner = await _world.ClientAsync(_world.StaffA);
        var fields = Itaku.Web.Tests.Requests.RequestsApiTests.Complete(Itaku.Web.Features.Requests.RequestKinds.Find("subcontracting")!);
        fields["subcontractorName"] = "株式会社赤城印刷";
        var request = await ReadAsync<Itaku.Web.Features.Requests.RequestDto>(
            await lead.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/requests", new { kind = "subcontracting", title = "印刷の再委託", fields, submit = true }, Ct), HttpStatusCode.Created);
        // Not yet approved: no roster for it.
        var stranger = await _world.OrgAsync(Itaku.Web.Features.Organizations.OrganizationKind.Subcontractor, "無関係な会社", null);
        (await lead.PostAsync(Url($"?organizationId={stranger}"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await owner.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/requests/{request.Id}/approve", new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var printer = (await owner.GetFromJsonAsync<List<Itaku.Web.Features.Contracts.SubcontractorDto>>($"/api/v1/contracts/{_world.ContractA}/subcontractors", Ct))!.Single().OrganizationId;

        // Its roster and the contractor's own are separate: both may have a draft at once.
        var sub = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url($"?organizationId={printer}"), null, Ct), HttpStatusCode.Created);
        (sub.Version.OrganizationId, sub.Version.Organization).ShouldBe(((long?)printer, "株式会社赤城印刷"));
        var own = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url(), null, Ct), HttpStatusCode.Created);
        own.Version.OrganizationId.ShouldBeNull();
        (await lead.PostAsync(Url($"?organizationId={printer}"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await ReadAsync<RosterVersionDto>(await lead.PutAsJsonAsync(Url($"/{sub.Version.Number}"), new
        {
            entries = new[] { Person("赤城 保安", RosterRole.Responsible, "赤城印刷 本社工場"), Person("赤城 印刷", RosterRole.Worker, "赤城印刷 本社工場") },
        }, Ct));
        var submitted = await ReadAsync<RosterVersionDto>(await lead.PostAsync(Url($"/{sub.Version.Number}/submit"), null, Ct));
        submitted.Changes.PreviousNumber.ShouldBeNull(); // the contractor's draft is not its predecessor

        var notice = (await owner.GetFromJsonAsync<List<Itaku.Web.Features.Notices.NoticeDto>>($"/api/v1/contracts/{_world.ContractA}/notices", Ct))!.ShouldHaveSingleItem();
        (notice.Kind, notice.Title).ShouldBe(("roster", "再委託先「株式会社赤城印刷」の従事者名簿（第1版）の届出"));
        var matrix = (await owner.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!;
        matrix.Items.Single(i => i.Key == "subcontracting.roster-submit").Status.ShouldBe(ComplianceStatus.Met);
        // The subcontractor's roster is not the contractor's: roster.submit is still owed.
        matrix.Items.Single(i => i.Key == "roster.submit").Records.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submission_NeedsAResponsibleAndASupervisor_AndEachPersonsWorkScopeAndPlace()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var noScope = new { name = "妙義 三郎", role = "Worker", workLocation = "", workScope = " " };
        await WriteAsync([Person(Lead, RosterRole.Responsible), noScope], submit: false);

        var refused = await lead.PostAsync(Url("/1/submit"), null, Ct);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await refused.Content.ReadAsStringAsync(Ct);
        text.ShouldContain("名簿に監督者を記載してください（第4条）。"); // G4: 成果物の内容を監査する監督者
        text.ShouldContain("entries[1].workScope"); // G4: 作業者及び作業範囲
        text.ShouldContain("entries[1].workLocation"); // S3(2)①②: 業務執行場所
        (await lead.PutAsJsonAsync(Url("/1"), new { entries = new[] { Person(Lead, RosterRole.Responsible), Person("榛名 二郎", RosterRole.Supervisor) } }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await lead.PostAsync(Url("/1/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
