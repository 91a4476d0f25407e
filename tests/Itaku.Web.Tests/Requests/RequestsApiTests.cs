using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Requests;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Requests;

/// <summary>
/// Requests (申請): each kind's required fields, who may submit and decide, the life from draft to
/// decision, revisions that keep what the client saw, the audit trail, and the compliance evidence.
/// </summary>
public sealed class RequestsApiTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Url(string path = "") => $"/api/v1/contracts/{_world.ContractA}/requests{path}";

    /// <summary>Every field of the kind filled with a plausible value.</summary>
    public static JsonObject Complete(RequestKind kind)
    {
        var o = new JsonObject();
        foreach (var f in kind.Fields)
        {
            o[f.Name] = f.Type switch
            {
                RequestFieldType.Date => "2026-12-01",
                RequestFieldType.Count => 2,
                RequestFieldType.Lines => new JsonArray("上州 一郎", "作業 四郎"),
                _ => $"{f.Ja}の記載",
            };
        }

        return o;
    }

    private async Task<RequestDto> CreateAsync(string kind, bool submit, JsonObject? fields = null)
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var response = await lead.PostAsJsonAsync(Url(), new { kind, title = $"{kind} の申請", fields = fields ?? Complete(RequestKinds.Find(kind)!), submit }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<RequestDto>(Ct))!;
    }

    public static TheoryData<string> Kinds() => [.. RequestKinds.All.Select(k => k.Key)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryKind_SubmittedWithoutItsRequiredFields_Is400NamingEachOne_AndNothingIsStored(string key)
    {
        var kind = RequestKinds.Find(key)!;
        using var lead = await _world.ClientAsync(_world.ResponsibleX);

        var response = await lead.PostAsJsonAsync(Url(), new { kind = key, title = "", fields = new { }, submit = true }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        problem.Errors.Keys.ShouldBe(kind.Fields.Where(f => f.Required).Select(f => $"fields.{f.Name}").Append("title"), ignoreOrder: true);
        (await _factory.DbAsync(db => db.Requests.CountAsync(Ct))).ShouldBe(0);

        // Complete, it is accepted and submitted in one step.
        var ok = await CreateAsync(key, submit: true);
        (ok.Status, ok.Current.Number, ok.KindName).ShouldBe((RequestStatus.Submitted, 1, kind.Ja));
    }

    [Fact]
    public async Task FieldTypes_AreChecked()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var fields = Complete(RequestKinds.Find("offsite-work")!);
        fields["periodFrom"] = "2026/12/01";
        fields["periodTo"] = "2026-11-01";
        fields["colour"] = "blue";
        var response = await lead.PostAsJsonAsync(Url(), new { kind = "offsite-work", title = "出張作業", fields }, Ct);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!;
        problem.Errors.Keys.ShouldBe(["fields.periodFrom", "fields.colour"], ignoreOrder: true);

        fields.Remove("colour");
        fields["periodFrom"] = "2026-12-01";
        var order = await lead.PostAsJsonAsync(Url(), new { kind = "offsite-work", title = "出張作業", fields }, Ct);
        (await order.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys.ShouldBe(["fields.periodTo"]);

        var copy = Complete(RequestKinds.Find("copy")!);
        copy["copies"] = 0;
        var count = await lead.PostAsJsonAsync(Url(), new { kind = "copy", title = "複製", fields = copy }, Ct);
        (await count.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys.ShouldBe(["fields.copies"]);

        (await lead.PostAsJsonAsync(Url(), new { kind = "teleport", title = "x", fields = new { } }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OnlyTheContractorsResponsibleOrSupervisorSubmits_OnlyTheClientsOwnerOrReviewerDecides()
    {
        var body = new { kind = "copy", title = "複製", fields = Complete(RequestKinds.Find("copy")!), submit = true };
        using (var worker = await _world.ClientAsync(_world.WorkerX))
        {
            (await worker.PostAsJsonAsync(Url(), body, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var owner = await _world.ClientAsync(_world.StaffA))
        {
            (await owner.PostAsJsonAsync(Url(), body, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var stranger = await _world.ClientAsync(_world.ResponsibleY))
        {
            (await stranger.PostAsJsonAsync(Url(), body, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var draft = await CreateAsync("copy", submit: false);
        using (var worker = await _world.ClientAsync(_world.WorkerX))
        {
            (await worker.PostAsync(Url($"/{draft.Id}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        (await lead.PostAsync(Url($"/{draft.Id}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await lead.PostAsJsonAsync(Url($"/{draft.Id}/approve"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var auditor = await _world.ClientAsync(_world.Auditor))
        {
            (await auditor.PostAsJsonAsync(Url($"/{draft.Id}/approve"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var staff = await _world.ClientAsync(_world.StaffA);
        (await staff.PostAsJsonAsync(Url($"/{draft.Id}/approve"), new { conditions = "保管は施錠キャビネットに限る。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Drafts_AreTheContractorsOwn_UntilSubmitted()
    {
        var draft = await CreateAsync("patch", submit: false);
        using var staff = await _world.ClientAsync(_world.StaffA);
        (await staff.GetAsync(Url($"/{draft.Id}"), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await staff.GetFromJsonAsync<List<RequestSummaryDto>>(Url(), Ct))!.ShouldBeEmpty();
        using var worker = await _world.ClientAsync(_world.WorkerX);
        (await worker.GetFromJsonAsync<List<RequestSummaryDto>>(Url(), Ct))!.ShouldHaveSingleItem().Status.ShouldBe(RequestStatus.Draft);
    }

    [Fact]
    public async Task ReturnedRequest_IsRevisedAsANewRevision_TheOldOneStaysReadable_ThenApprovedWithConditions()
    {
        var request = await CreateAsync("subcontracting", submit: true);
        using var staff = await _world.ClientAsync(_world.StaffA);
        using var lead = await _world.ClientAsync(_world.ResponsibleX);

        (await staff.PostAsJsonAsync(Url($"/{request.Id}/return"), new { reason = " " }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var returned = await staff.PostAsJsonAsync(Url($"/{request.Id}/return"), new { reason = "再委託先の安全確保措置を具体的に記載してください。" }, Ct);
        (await returned.Content.ReadFromJsonAsync<RequestDto>(Ct))!.Status.ShouldBe(RequestStatus.Returned);

        // Resubmitting unchanged is refused: the correction is a new revision.
        (await lead.PostAsync(Url($"/{request.Id}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var fields = Complete(RequestKinds.Find("subcontracting")!);
        fields["safeguards"] = "入退室管理された開発室でのみ作業し、持出しを禁止する。";
        var revised = (await (await lead.PutAsJsonAsync(Url($"/{request.Id}"), new { title = "再委託承認申請（修正）", fields }, Ct)).Content.ReadFromJsonAsync<RequestDto>(Ct))!;
        (revised.Status, revised.Current.Number, revised.Revisions.Count).ShouldBe((RequestStatus.Returned, 2, 2));
        var first = revised.Revisions.Single(r => r.Number == 1);
        first.Fields["safeguards"]!.GetValue<string>().ShouldBe("再委託先における安全確保措置の実施方法の記載");
        first.ReturnReason.ShouldBe("再委託先の安全確保措置を具体的に記載してください。");
        first.Title.ShouldBe("subcontracting の申請");

        (await lead.PostAsync(Url($"/{request.Id}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var approved = await staff.PostAsJsonAsync(Url($"/{request.Id}/approve"), new { conditions = "再委託先の従事者名簿を7日以内に提出すること。", validFrom = "2026-12-01", validUntil = "2027-03-31" }, Ct);
        var decided = (await approved.Content.ReadFromJsonAsync<RequestDto>(Ct))!;
        (decided.Status, decided.DecisionNote, decided.ValidUntil, decided.DecidedBy).ShouldBe((RequestStatus.Approved, "再委託先の従事者名簿を7日以内に提出すること。", new DateOnly(2027, 3, 31), "情報 花子"));

        // A decided request is closed to edits, resubmission, withdrawal and second decisions.
        (await lead.PutAsJsonAsync(Url($"/{request.Id}"), new { title = "x", fields }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await lead.PostAsync(Url($"/{request.Id}/submit"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await lead.PostAsync(Url($"/{request.Id}/withdraw"), null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await staff.PostAsJsonAsync(Url($"/{request.Id}/reject"), new { reason = "やはり不可" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Each submission and decision is a numbered document, hashed into the ledger, about this request.
        decided.Documents.Select(d => d.Kind).ShouldBe([
            "request.subcontracting.submitted", "request.subcontracting.returned", "request.subcontracting.submitted", "request.subcontracting.approved"]);
        decided.Documents.Select(d => d.Number).Distinct().Count().ShouldBe(4);
        decided.Documents[0].Subject.ShouldBe("再委託承認申請書");
        decided.Documents[0].Addressee.ShouldContain("情報政策課");
        decided.Documents.ShouldAllBe(d => d.LedgerIndex != null);
        var approvalHtml = await staff.GetStringAsync($"/api/v1/contracts/{_world.ContractA}/documents/{decided.Documents[3].Id}/html", Ct);
        approvalHtml.ShouldContain("再委託先の従事者名簿を7日以内に提出すること。");
        // And the other side hears of it: the client of each submission, the contractor of each decision.
        var inbox = await _factory.DbAsync(db => db.Notifications.Where(n => n.ContractId == _world.ContractA).OrderBy(n => n.Id).Select(n => new { n.RecipientId, n.Kind }).ToListAsync(Ct));
        inbox.Where(n => n.RecipientId == _world.StaffA.Id).Select(n => n.Kind).ShouldBe(["request.submitted", "request.submitted"]);
        inbox.Where(n => n.RecipientId == _world.ResponsibleX.Id).Select(n => n.Kind).ShouldBe(["request.returned", "request.approved"]);
        inbox.ShouldNotContain(n => n.RecipientId == _world.WorkerX.Id);

        var actions = (await _factory.DbAsync(db => db.AuditEvents.Where(e => e.SubjectType == "Request" && e.SubjectId == request.Id.ToString()).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct)));
        actions.ShouldBe(["request.created", "request.submitted", "request.returned", "request.updated", "request.submitted", "request.approved"]);
        (await _factory.DbAsync(db => db.AuditEvents.Where(e => e.SubjectType == "Request").AllAsync(e => e.LedgerIndex != null, Ct))).ShouldBeTrue();
    }

    [Fact]
    public async Task Withdrawn_AndRejected_AreFinal()
    {
        var a = await CreateAsync("takeout", submit: true);
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        (await (await lead.PostAsync(Url($"/{a.Id}/withdraw"), null, Ct)).Content.ReadFromJsonAsync<RequestDto>(Ct))!.Status.ShouldBe(RequestStatus.Withdrawn);
        using var staff = await _world.ClientAsync(_world.StaffA);
        (await staff.PostAsJsonAsync(Url($"/{a.Id}/approve"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var b = await CreateAsync("takeout", submit: true);
        (await staff.PostAsJsonAsync(Url($"/{b.Id}/reject"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var rejected = (await (await staff.PostAsJsonAsync(Url($"/{b.Id}/reject"), new { reason = "暗号化されていない媒体での持出しは認めない。" }, Ct)).Content.ReadFromJsonAsync<RequestDto>(Ct))!;
        (rejected.Status, rejected.DecisionNote).ShouldBe((RequestStatus.Rejected, "暗号化されていない媒体での持出しは認めない。"));
    }

    [Fact]
    public async Task AnApprovedRequest_EvidencesItsPriorApprovalDuty_InTheComplianceMatrix()
    {
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        var request = await CreateAsync("subcontracting", submit: true);
        using var staff = await _world.ClientAsync(_world.StaffA);
        ContractObligationDto Row(ContractObligationsDto m) => m.Items.Single(i => i.Key == "subcontracting.prior-approval");
        var before = Row((await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!);
        (before.Status, before.Records.Count).ShouldBe((ComplianceStatus.NotYetDue, 0));

        (await staff.PostAsJsonAsync(Url($"/{request.Id}/approve"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = Row((await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!);
        after.Status.ShouldBe(ComplianceStatus.Met);
        after.Records.ShouldHaveSingleItem().Href.ShouldBe($"/Contracts/{_world.ContractA}/Requests/{request.Id}");
    }

    [Fact]
    public async Task AnApprovedSubcontracting_AddsTheSubcontractor_WhoseStaffMayThenBeMembers()
    {
        var request = await CreateAsync("subcontracting", submit: true);
        using var staff = await _world.ClientAsync(_world.StaffA);
        // Before approval its staff cannot join the contract.
        var printer = await _world.OrgAsync(Itaku.Web.Features.Organizations.OrganizationKind.Subcontractor, "再委託先の名称の記載", _world.ContractorX);
        var worker = await _world.UserAsync("printer@akagi-print.example.com", "印刷 三郎", Itaku.Web.Features.Accounts.GlobalRole.ContractorStaff, printer, mfa: false);
        (await staff.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/members", new { userId = worker.Id, role = "Worker" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await staff.PostAsJsonAsync(Url($"/{request.Id}/approve"), new { conditions = "従事者名簿を提出すること。" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var subs = (await staff.GetFromJsonAsync<List<Itaku.Web.Features.Contracts.SubcontractorDto>>($"/api/v1/contracts/{_world.ContractA}/subcontractors", Ct))!;
        // The contractor had already registered the company under that name: it is reused, not duplicated.
        (subs.ShouldHaveSingleItem().OrganizationId, subs[0].RequestId).ShouldBe((printer, request.Id));
        (await staff.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/members", new { userId = worker.Id, role = "Worker" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _factory.AuditEventsAsync("contract.subcontractor-added")).ShouldHaveSingleItem().ContractId.ShouldBe(_world.ContractA);
        // Another approval naming a new company creates it as a subcontractor of the contractor.
        var second = RequestsApiTests.Complete(RequestKinds.Find("subcontracting")!);
        second["subcontractorName"] = "榛名データ入力株式会社";
        var other = await CreateAsync("subcontracting", submit: true, second);
        (await staff.PostAsJsonAsync(Url($"/{other.Id}/approve"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var created = await _factory.DbAsync(db => db.Organizations.SingleAsync(o => o.Name == "榛名データ入力株式会社", Ct));
        (created.Kind, created.ParentId).ShouldBe((Itaku.Web.Features.Organizations.OrganizationKind.Subcontractor, (long?)_world.ContractorX));
    }

    [Fact]
    public async Task Kinds_AreListed()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var kinds = (await lead.GetFromJsonAsync<List<RequestKindDto>>("/api/v1/request-kinds", Ct))!;
        kinds.Select(k => k.Key).ShouldBe(["offsite-work", "subcontracting", "copy", "takeout", "backup-method", "server-outside", "verification-plan", "patch"]);
        kinds.Single(k => k.Key == "subcontracting").Fields.Select(f => f.Name).ShouldContain("securityOfficer");
    }
}
