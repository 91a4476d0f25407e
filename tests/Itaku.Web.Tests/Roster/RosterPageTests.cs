using System.Net;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Roster;

/// <summary>
/// The roster and notices pages: the contractor writes and submits with plain forms, an authorised reader
/// sees the names and the view is recorded, the client acknowledges, a stranger sees nothing.
/// </summary>
public sealed class RosterPageTests : IAsyncLifetime
{
    private const string Person = "碓氷 峠子";
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Page => $"/Contracts/{_world.ContractA}/Roster";

    private async Task WriteAndSubmitAsync()
    {
        using var lead = new CookieSession(_factory);
        await lead.SignInAsync(_world.ResponsibleX);
        var created = await lead.PostFormAsync(Page, $"{Page}?handler=CreateDraft", []);
        created.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var editor = await lead.GetHtmlAsync($"{Page}?version=1");
        editor.ShouldContain("Input.Entries[2].Name"); // blank rows, no script needed
        var saved = await lead.PostFormAsync($"{Page}?version=1", $"{Page}?version=1&handler=Submit", new Dictionary<string, string>
        {
            ["Input.Entries[0].Name"] = Person,
            ["Input.Entries[0].Role"] = "Responsible",
            ["Input.Entries[0].WorkLocation"] = "本社 3階 開発室",
            ["Input.Entries[0].WorkScope"] = "住民情報システムの保守",
            ["Input.Entries[0].HandlesPersonalInformation"] = "true",
            ["Input.Entries[0].Contact"] = "090-1111-2222",
            ["Input.Entries[1].Name"] = "榛名 二郎",
            ["Input.Entries[1].Role"] = "Supervisor",
            ["Input.Entries[1].WorkLocation"] = "本社 3階 開発室",
            ["Input.Entries[1].WorkScope"] = "成果物の監査",
            ["Input.Entries[2].Name"] = "",
            ["Input.Contacts[0].Name"] = "谷川 緊急",
            ["Input.Contacts[0].Phone"] = "027-000-9999",
        });
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect, await CookieSession.ReadTextAsync(saved));
    }

    [Fact]
    public async Task TheOwner_SeesTheNamesOnTheRosterPage_AndTheViewIsRecorded_ThenAcknowledges()
    {
        await WriteAndSubmitAsync();
        var views = (await _factory.AuditEventsAsync("roster.viewed")).Count(e => e.ActorId == _world.StaffA.Id);

        using var owner = new CookieSession(_factory);
        await owner.SignInAsync(_world.StaffA);
        var html = WebUtility.HtmlDecode(await owner.GetHtmlAsync(Page));
        html.ShouldContain(Person);
        html.ShouldContain("090-1111-2222");
        html.ShouldContain("谷川 緊急");
        html.ShouldNotContain("Input.Entries[0].Name"); // the client does not edit
        (await _factory.AuditEventsAsync("roster.viewed")).Count(e => e.ActorId == _world.StaffA.Id).ShouldBe(views + 1);

        var notices = $"/Contracts/{_world.ContractA}/Notices";
        var noticeId = await _factory.DbAsync(db => db.Notices.Select(n => n.Id).SingleAsync(Ct));
        var list = WebUtility.HtmlDecode(await owner.GetHtmlAsync(notices));
        list.ShouldContain("従事者名簿（第1版）の届出");
        list.ShouldNotContain(Person); // the notice carries no personal data
        var ack = await owner.PostFormAsync(notices, $"{notices}?handler=Acknowledge&noticeId={noticeId}", [new("comment", "受理します。")]);
        ack.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _factory.DbAsync(db => db.RosterVersions.SingleAsync(Ct))).Status.ShouldBe(Itaku.Web.Features.Roster.RosterStatus.Acknowledged);
        WebUtility.HtmlDecode(await owner.GetHtmlAsync(notices)).ShouldContain("受理します。");
    }

    [Fact]
    public async Task TheContractor_SubmitsAManagementStructureNotice_ThroughTheForm()
    {
        using var lead = new CookieSession(_factory);
        await lead.SignInAsync(_world.ResponsibleX);
        var notices = $"/Contracts/{_world.ContractA}/Notices";
        var bad = await lead.PostFormAsync(notices, $"{notices}?handler=Submit", [new("Input.Kind", "management-structure"), new("Input.Title", "管理体制の届出")]);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(bad)).ShouldContain("社内規程を入力してください。");

        var ok = await lead.PostFormAsync(notices, $"{notices}?handler=Submit",
        [
            new("Input.Kind", "management-structure"), new("Input.Title", "管理体制の届出"), new("Input.InternalRules", "情報セキュリティ管理規程"),
            new("Input.EmergencyContacts", "責任者携帯"), new("Input.WorkSchedule", "4月〜3月"),
        ]);
        ok.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        WebUtility.HtmlDecode(await lead.GetHtmlAsync(notices)).ShouldContain("情報セキュリティ管理規程");
    }

    [Fact]
    public async Task TheEditor_AddsBlankRows_WithoutSaving_AndShowsErrorsAtTheRowThatHasThem()
    {
        using var lead = new CookieSession(_factory);
        await lead.SignInAsync(_world.ResponsibleX);
        (await lead.PostFormAsync(Page, $"{Page}?handler=CreateDraft", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var more = await lead.PostFormAsync($"{Page}?version=1", $"{Page}?version=1&handler=AddRows", [new("Input.Entries[0].Name", Person), new("Input.Entries[1].Name", ""), new("Input.Entries[2].Name", "")]);
        var html = await CookieSession.ReadTextAsync(more);
        html.ShouldContain("Input.Entries[5].Name");
        html.ShouldContain(Person);
        (await _factory.DbAsync(db => db.RosterEntries.CountAsync(Ct))).ShouldBe(0);

        // Row 3 of the form (the second filled one) has no role: the error is shown at row 3, nothing is saved.
        var bad = await lead.PostFormAsync($"{Page}?version=1", $"{Page}?version=1&handler=Save",
            [new("Input.Entries[0].Name", Person), new("Input.Entries[0].Role", "Responsible"), new("Input.Entries[1].Name", ""), new("Input.Entries[2].Name", "榛名 二郎")]);
        bad.StatusCode.ShouldBe(HttpStatusCode.OK);
        var errors = await CookieSession.ReadTextAsync(bad);
        errors.ShouldContain("役割（責任者・監督者・作業者・その他）を選んでください。");
        errors.ShouldContain("data-valmsg-for=\"Input.Entries[2].Role\"");
        (await _factory.DbAsync(db => db.RosterEntries.CountAsync(Ct))).ShouldBe(0);

        var english = await lead.GetHtmlAsync($"{Page}?version=1&culture=en");
        english.ShouldContain("Roster");
    }

    [Fact]
    public async Task AStranger_Gets404_AndNoViewIsRecorded()
    {
        await WriteAndSubmitAsync();
        var views = (await _factory.AuditEventsAsync("roster.viewed")).Count;
        using var stranger = new CookieSession(_factory);
        await stranger.SignInAsync(_world.ResponsibleY);
        (await stranger.GetAsync(Page)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/Contracts/{_world.ContractA}/Notices")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _factory.AuditEventsAsync("roster.viewed")).Count.ShouldBe(views);
    }
}
