using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Provisions;

/// <summary>The same rules in the browser: the set pages, the upload form, and the obligations on a contract page.</summary>
public sealed class ProvisionPagesTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Admin_UploadsABrokenFile_AndThePageListsEveryError_ThenAValidOne()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.Admin);
        var list = WebUtility.HtmlDecode(await session.GetHtmlAsync("/ProvisionSets"));
        list.ShouldContain("業務外部委託に係る情報セキュリティ特記事項");
        list.ShouldContain("電算処理の業務委託契約の特記事項");

        var broken = ProvisionFixtures.OtherCity();
        broken.Article(0).AsObject().Remove("summary");
        broken.Article(1)["number"] = 2;
        broken.Article(3)["obligations"]![0]!["key"] = "no.such-key";
        var response = await UploadAsync(session, broken.ToJsonString());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("data-testid=\"import-errors\"");
        foreach (var path in new[] { "$.articles[0].summary", "$.articles[1].number", "$.articles[3].obligations[0].key" })
        {
            html.ShouldContain($"<code>{path}</code>");
        }

        (await _factory.DbAsync(db => db.ProvisionSets.CountAsync(Ct))).ShouldBe(2);

        var valid = await UploadAsync(session, ProvisionFixtures.OtherCity().ToJsonString());
        valid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var id = await _factory.DbAsync(db => db.ProvisionSets.Where(s => s.Code == "example-city-outsourcing-security").Select(s => s.Id).SingleAsync(Ct));
        valid.Headers.Location!.ToString().ShouldBe($"/ProvisionSets/{id}?outcome=imported");
        var details = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/ProvisionSets/{id}"));
        details.ShouldContain("例市");
        details.ShouldContain("<code>subcontracting.prior-approval</code>");
    }

    [Fact]
    public async Task ImportPage_IsForAdministratorsOnly()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.StaffA);
        (await session.GetAsync("/ProvisionSets")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var response = await session.GetAsync("/ProvisionSets/Import");
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            CookieSession.RedirectPath(response).ShouldBe("/Account/AccessDenied");
        }
    }

    [Fact]
    public async Task ContractPage_ShowsTheSetAndItsObligations_AndTheOwnerMarksOneNotApplicable()
    {
        using var api = await _world.ClientAsync(_world.StaffA);
        var created = await api.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, "R8-情政-301", null), Ct);
        var contract = (await created.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.StaffA);

        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/Contracts/{contract.Id}"));
        page.ShouldContain($"<a href=\"/ProvisionSets/{contract.ProvisionSetId}\">業務外部委託に係る情報セキュリティ特記事項（版 1.0.0）</a>");
        page.ShouldContain("data-testid=\"obligations\"");
        page.ShouldContain("data-key=\"work-location.offsite-approval\"");
        page.ShouldNotContain("<code>work-location.offsite-approval</code>"); // the row carries its key, the screen shows words

        var action = $"/Contracts/{contract.Id}/Obligations/work-location.offsite-approval/Applicability";
        var refused = await session.PostFormAsync($"/Contracts/{contract.Id}", action, [new("Input.Applicable", "false"), new("Input.Reason", " ")]);
        refused.StatusCode.ShouldBe(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("対象外とする理由を入力してください。");

        var saved = await session.PostFormAsync($"/Contracts/{contract.Id}", action, [new("Input.Applicable", "false"), new("Input.Reason", "作業場所は庁舎内に限る契約のため。")]);
        saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var after = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/Contracts/{contract.Id}"));
        after.ShouldContain("作業場所は庁舎内に限る契約のため。");
        (await _factory.AuditEventsAsync("contract.obligation-not-applicable")).ShouldHaveSingleItem().ContractId.ShouldBe(contract.Id);
    }

    [Fact]
    public async Task ContractPage_ForAWorker_ListsObligationsWithoutTheForm_AndThePostIsRefused()
    {
        using var api = await _world.ClientAsync(_world.StaffA);
        var created = await api.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, "R8-情政-302", null), Ct);
        var contract = (await created.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
        (await api.PostAsJsonAsync($"/api/v1/contracts/{contract.Id}/members", new { userId = _world.WorkerX.Id, role = "Worker" }, Ct)).EnsureSuccessStatusCode();
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.WorkerX);

        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync($"/Contracts/{contract.Id}"));
        page.ShouldContain("data-key=\"work-location.offsite-approval\"");
        page.ShouldNotContain("<code>work-location.offsite-approval</code>"); // the row carries its key, the screen shows words
        page.ShouldNotContain("/Applicability");

        var action = $"/Contracts/{contract.Id}/Obligations/work-location.offsite-approval/Applicability";
        // The worker's page has no form to take the antiforgery token from: take it from one that has.
        var response = await session.PostFormAsync("/Account/Preferences", action, [new("Input.Applicable", "false"), new("Input.Reason", "不要")]);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private static async Task<HttpResponseMessage> UploadAsync(CookieSession session, string json)
    {
        var token = CookieSession.AntiforgeryToken(await session.GetHtmlAsync("/ProvisionSets/Import"));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "Upload", "example-city-outsourcing-security.json");
        form.Add(new StringContent(token), "__RequestVerificationToken");
        return await session.Client.PostAsync("/ProvisionSets/Import", form, Ct);
    }
}
