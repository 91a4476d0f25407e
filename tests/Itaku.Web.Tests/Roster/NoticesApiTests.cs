using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Notices;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Roster;

/// <summary>Notices (届出・報告): the contractor submits, the client acknowledges once; fields, rights, audit, evidence.</summary>
public sealed class NoticesApiTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Url(string path = "") => $"/api/v1/contracts/{_world.ContractA}/notices{path}";

    public static object Structure(string kind = NoticeKinds.ManagementStructure) => new
    {
        kind,
        title = "管理体制の届出",
        body = "契約締結に伴い、管理体制を届け出ます。",
        fields = new { internalRules = "情報セキュリティ管理規程 第3版", emergencyContacts = "責任者 携帯（24時間）", workSchedule = "4月 設計、5〜6月 開発、7月 試験" },
    };

    [Fact]
    public async Task Submit_ThenAcknowledge_ThenASecondAcknowledgementIs409()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var created = await lead.PostAsJsonAsync(Url(), Structure(), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var notice = (await created.Content.ReadFromJsonAsync<NoticeDto>(Ct))!;
        (notice.KindName, notice.Acknowledged, notice.SubmittedBy).ShouldBe(("管理体制の届出", false, "上州 一郎"));
        notice.Fields["workSchedule"]!.GetValue<string>().ShouldStartWith("4月");

        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.GetFromJsonAsync<List<NoticeDto>>(Url(), Ct))!.ShouldHaveSingleItem().Id.ShouldBe(notice.Id);
        var ack = await owner.PostAsJsonAsync(Url($"/{notice.Id}/acknowledge"), new { comment = "内容を確認しました。" }, Ct);
        ack.StatusCode.ShouldBe(HttpStatusCode.OK);
        var acknowledged = (await ack.Content.ReadFromJsonAsync<NoticeDto>(Ct))!;
        (acknowledged.AcknowledgedBy, acknowledged.AcknowledgementComment).ShouldBe(("情報 花子", "内容を確認しました。"));

        (await owner.PostAsJsonAsync(Url($"/{notice.Id}/acknowledge"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _factory.AuditEventsAsync("notice.submitted")).ShouldHaveSingleItem().ContractId.ShouldBe(_world.ContractA);
        (await _factory.AuditEventsAsync("notice.acknowledged")).ShouldHaveSingleItem().ActorId.ShouldBe(_world.StaffA.Id);

        // The notice and its acknowledgement are numbered letters, and each side heard of the other's step.
        var letters = (await owner.GetFromJsonAsync<Itaku.Web.Infrastructure.Web.CursorPage<Itaku.Web.Features.Documents.DocumentDto>>(
            $"/api/v1/contracts/{_world.ContractA}/documents", Ct))!.Items;
        letters.Select(d => d.Kind).ShouldBe(["notice.management-structure.acknowledged", "notice.management-structure.submitted"], ignoreOrder: true);
        letters.Single(d => d.Kind.EndsWith(".submitted", StringComparison.Ordinal)).Subject.ShouldBe("管理体制の届出");
        var inbox = await _factory.DbAsync(db => db.Notifications.Where(n => n.ContractId == _world.ContractA).Select(n => new { n.RecipientId, n.Kind }).ToListAsync(Ct));
        inbox.ShouldContain(n => n.RecipientId == _world.StaffA.Id && n.Kind == "notice.submitted");
        inbox.ShouldContain(n => n.RecipientId == _world.ResponsibleX.Id && n.Kind == "notice.acknowledged");
    }

    [Fact]
    public async Task OnlyTheContractorsResponsibleSubmits_OnlyTheClientAcknowledges_OthersSeeNothing()
    {
        using (var worker = await _world.ClientAsync(_world.WorkerX))
        {
            (await worker.PostAsJsonAsync(Url(), Structure(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using (var owner = await _world.ClientAsync(_world.StaffA))
        {
            (await owner.PostAsJsonAsync(Url(), Structure(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var notice = (await (await lead.PostAsJsonAsync(Url(), Structure(), Ct)).Content.ReadFromJsonAsync<NoticeDto>(Ct))!;
        (await lead.PostAsJsonAsync(Url($"/{notice.Id}/acknowledge"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var auditor = await _world.ClientAsync(_world.Auditor))
        {
            (await auditor.GetAsync(Url($"/{notice.Id}"), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await auditor.PostAsJsonAsync(Url($"/{notice.Id}/acknowledge"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        foreach (var stranger in new[] { _world.ResponsibleY, _world.StaffB })
        {
            using var client = await _world.ClientAsync(stranger);
            (await client.GetAsync(Url($"/{notice.Id}"), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.PostAsJsonAsync(Url($"/{notice.Id}/acknowledge"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        // A notice of another contract is not found through this one.
        using var otherLead = await _world.ClientAsync(_world.ResponsibleY);
        var other = (await (await otherLead.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractB}/notices", Structure(), Ct)).Content.ReadFromJsonAsync<NoticeDto>(Ct))!;
        using var staff = await _world.ClientAsync(_world.StaffA);
        (await staff.PostAsJsonAsync(Url($"/{other.Id}/acknowledge"), new { }, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _factory.DbAsync(db => db.Notices.CountAsync(n => n.AcknowledgedAt != null, Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task MissingFields_AreNamed_RosterKindsCannotBeSubmittedByHand_NothingStored()
    {
        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        var empty = await lead.PostAsJsonAsync(Url(), new { kind = NoticeKinds.ManagementStructure, title = "", fields = new { workSchedule = "4月", colour = "blue" } }, Ct);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await empty.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys
            .ShouldBe(["title", "fields.internalRules", "fields.emergencyContacts", "fields.colour"], ignoreOrder: true);

        var roster = await lead.PostAsJsonAsync(Url(), new { kind = NoticeKinds.Roster, title = "名簿", fields = new { } }, Ct);
        (await roster.Content.ReadFromJsonAsync<ValidationProblemDetails>(Ct))!.Errors.Keys.ShouldBe(["kind"]);
        (await lead.PostAsJsonAsync(Url(), new { kind = "gossip", title = "x" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _factory.DbAsync(db => db.Notices.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task ASubmittedStructureNotice_MeetsManagementStructureSubmit_EvenBeforeAcknowledgement()
    {
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA, ProvisionFixtures.Setagaya);
        using var staff = await _world.ClientAsync(_world.StaffA);
        async Task<ContractObligationDto> RowAsync(string key) =>
            (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!.Items.Single(i => i.Key == key);
        (await RowAsync("management-structure.submit")).Status.ShouldNotBe(ComplianceStatus.Met);

        using var lead = await _world.ClientAsync(_world.ResponsibleX);
        (await lead.PostAsJsonAsync(Url(), Structure(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var row = await RowAsync("management-structure.submit");
        row.Status.ShouldBe(ComplianceStatus.Met);
        row.Records.ShouldHaveSingleItem().Label.ShouldContain("管理体制の届出");
        (await RowAsync("management-structure.notify-changes")).Records.ShouldBeEmpty();

        (await lead.PostAsJsonAsync(Url(), Structure(NoticeKinds.ManagementStructureChange), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await RowAsync("management-structure.notify-changes")).Records.ShouldHaveSingleItem();
    }
}
