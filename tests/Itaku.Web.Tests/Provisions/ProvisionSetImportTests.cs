using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Provisions;

/// <summary>Provision sets in the database: seeded at start-up, imported by administrators, refused with every error.</summary>
public sealed class ProvisionSetImportTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ShippedSets_AreSeededAtStartUp_OnceEach_EvenWhenSeedingRunsAgain()
    {
        using var client = await _world.ClientAsync(_world.ResponsibleX);
        var page = await client.GetFromJsonAsync<CursorPage<ProvisionSetSummaryDto>>("/api/v1/provision-sets", Ct);
        page!.Items.Select(s => (s.Code, s.Version)).ShouldBe([(ProvisionFixtures.Gunma, "1.0.0"), (ProvisionFixtures.Setagaya, "1.0.0")], ignoreOrder: true);
        page.Items.ShouldAllBe(s => s.ImportedBy == "system");

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            (await scope.ServiceProvider.GetRequiredService<ProvisionSetService>().SeedShippedAsync(Ct)).ShouldBe(0);
        }

        (await _factory.DbAsync(db => db.ProvisionSets.CountAsync(Ct))).ShouldBe(2);
        (await _factory.AuditEventsAsync("provision-set.seeded")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetSet_ShowsArticlesAndObligations_WithTheTaxonomysDescriptions()
    {
        using var client = await _world.ClientAsync(_world.WorkerX);
        var id = await IdOfAsync(ProvisionFixtures.Setagaya, "1.0.0");

        var set = await client.GetFromJsonAsync<ProvisionSetDto>($"/api/v1/provision-sets/{id}", Ct);

        set!.Articles.Count.ShouldBe(34);
        set.Sha256.ShouldBe(ProvisionSetService.Hash(ProvisionFixtures.ShippedText(ProvisionFixtures.Setagaya)));
        var subcontracting = set.Articles.Single(a => a.Number == "4").Obligations[0];
        subcontracting.Key.ShouldBe("subcontracting.prior-approval");
        subcontracting.Description!.Ja.ShouldStartWith("再委託は");
        (await client.GetAsync("/api/v1/provision-sets/999999", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_InvalidSet_Returns400WithEveryErrorByPath_AndWritesNothing()
    {
        var set = ProvisionFixtures.OtherCity();
        set.Article(0).AsObject().Remove("title");
        set.Article(1)["number"] = 2;
        set.Article(2)["obligations"]![0]!["key"] = "Not A Key";
        set.Article(3)["obligations"]![1]!["key"] = "roster.unknown";
        set.Article(4)["number"] = "1";
        set.Article(5)["unexpected"] = "x";
        using var client = await _world.ClientAsync(_world.Admin);
        var setsBefore = await _factory.DbAsync(db => db.ProvisionSets.CountAsync(Ct));
        var auditBefore = await _factory.AuditEventCountAsync();

        var response = await client.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(set), Ct);

        await response.ShouldBeValidationProblemForAsync("$.articles[0].title");
        (await response.ErrorFieldsAsync()).ShouldBe(
            ["$.articles[0].title", "$.articles[1].number", "$.articles[2].obligations[0].key", "$.articles[3].obligations[1].key", "$.articles[4].number", "$.articles[5].unexpected"],
            ignoreOrder: true);
        (await _factory.DbAsync(db => db.ProvisionSets.CountAsync(Ct))).ShouldBe(setsBefore);
        (await _factory.AuditEventCountAsync()).ShouldBe(auditBefore);
    }

    [Theory]
    [InlineData("{ \"id\": ")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Import_NotASetAtAll_Returns400AtTheRoot(string body)
    {
        using var client = await _world.ClientAsync(_world.Admin);
        var response = await client.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(body), Ct);
        await response.ShouldBeValidationProblemForAsync("$");
    }

    [Fact]
    public async Task Import_WrongContentTypeOrTooLarge_IsRefused()
    {
        using var client = await _world.ClientAsync(_world.Admin);
        using var text = new StringContent(ProvisionFixtures.OtherCity().ToJsonString());
        (await client.PostAsync("/api/v1/provision-sets", text, Ct)).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        var huge = ProvisionFixtures.OtherCity();
        huge["source"] = new string('x', ProvisionSetUpload.MaxBytes);
        var response = await client.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(huge), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(NotAdmins))]
    public async Task Import_ByAnyoneButAnAdministrator_Returns403(string who)
    {
        using var client = await _world.ClientAsync(who == "staff" ? _world.StaffA : _world.ResponsibleX);
        var response = await client.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(ProvisionFixtures.OtherCity()), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _factory.DbAsync(db => db.ProvisionSets.CountAsync(Ct))).ShouldBe(2);
    }

    public static TheoryData<string> NotAdmins => new("staff", "contractor");

    [Fact]
    public async Task Import_ValidSet_IsStoredAsSent_Audited_AndUsableByANewContract()
    {
        var text = ProvisionFixtures.OtherCity().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        using var admin = await _world.ClientAsync(_world.Admin);

        var response = await admin.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(text), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var set = (await response.Content.ReadFromJsonAsync<ProvisionSetDto>(Ct))!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/provision-sets/{set.Id}");
        set.Code.ShouldBe("example-city-outsourcing-security");
        set.Issuer.Ja.ShouldBe("例市");
        set.ImportedBy.ShouldBe(_world.Admin.Email);
        set.Sha256.ShouldBe(ProvisionSetService.Hash(text));
        (await _factory.DbAsync(db => db.ProvisionSets.SingleAsync(s => s.Id == set.Id, Ct))).Json.ShouldBe(text);
        var audit = (await _factory.AuditEventsAsync("provision-set.imported")).ShouldHaveSingleItem();
        audit.SubjectId.ShouldBe(set.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        audit.ActorId.ShouldBe(_world.Admin.Id);

        using var staff = await _world.ClientAsync(_world.StaffA);
        var created = await staff.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, "R8-例市-001", set.Id), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var contract = (await created.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
        contract.ProvisionSetId.ShouldBe(set.Id);
        var obligations = (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{contract.Id}/obligations", Ct))!;
        obligations.ProvisionSet!.Code.ShouldBe("example-city-outsourcing-security");
        obligations.ProvisionSet.Sha256.ShouldBe(set.Sha256);
        obligations.Items.ShouldContain(o => o.Key == "subcontracting.prior-approval");
    }

    [Fact]
    public async Task Import_SameIdAndVersion_SameContent_Returns200WithoutANewRow_OtherContent_Returns409()
    {
        using var admin = await _world.ClientAsync(_world.Admin);
        var first = await admin.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(ProvisionFixtures.OtherCity()), Ct);
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await first.Content.ReadFromJsonAsync<ProvisionSetDto>(Ct))!.Id;

        // The same document, indented differently: accepted as what is already there.
        var again = await admin.PostAsync("/api/v1/provision-sets",
            ProvisionFixtures.Json(ProvisionFixtures.OtherCity().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })), Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadFromJsonAsync<ProvisionSetDto>(Ct))!.Id.ShouldBe(id);

        var changed = ProvisionFixtures.OtherCity();
        changed.Article(0)["summary"]!["ja"] = "書き換えた要約";
        var conflict = await admin.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(changed), Ct);
        conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        conflict.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        var next = ProvisionFixtures.OtherCity("2026-04-01");
        next.Article(0)["summary"]!["ja"] = "書き換えた要約";
        (await admin.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(next), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var versions = await _factory.DbAsync(db => db.ProvisionSets.Where(s => s.Code == "example-city-outsourcing-security").Select(s => s.Version).ToListAsync(Ct));
        versions.ShouldBe(["2025-04-01", "2026-04-01"], ignoreOrder: true);
        (await _factory.AuditEventsAsync("provision-set.imported")).Count.ShouldBe(2);
    }

    private async Task<long> IdOfAsync(string code, string version) =>
        await _factory.DbAsync(db => db.ProvisionSets.Where(s => s.Code == code && s.Version == version).Select(s => s.Id).SingleAsync(Ct));
}
