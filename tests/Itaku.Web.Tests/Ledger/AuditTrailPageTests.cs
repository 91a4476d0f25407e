using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Ledger;

/// <summary>The contract's audit trail page (ADR 15): its own events only, each proven; the whole audit trail stays with administrators.</summary>
public sealed class AuditTrailPageTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAuditorOfOneContract_SeesThatContractsEventsVerified_NotAnotherContractsNorTheLedgerPage()
    {
        var responsibleX = await _world.ClientAsync(_world.ResponsibleX);
        (await responsibleX.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "A の送信元" }, Ct)).EnsureSuccessStatusCode();
        var responsibleY = await _world.ClientAsync(_world.ResponsibleY);
        (await responsibleY.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractB}/log-sources", new { name = "B の送信元" }, Ct)).EnsureSuccessStatusCode();

        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.Auditor);
        var html = await session.GetHtmlAsync($"/Contracts/{_world.ContractA}/AuditTrail");
        html.ShouldContain("ログ送信元の登録");
        html.ShouldContain("検証済み");
        html.ShouldNotContain("検証できません");
        html.ShouldNotContain("log-source.created");

        var proofs = await session.GetAsync($"/Contracts/{_world.ContractA}/AuditTrail?handler=Proofs");
        var dto = (await proofs.Content.ReadFromJsonAsync<ContractAuditDto>(Ct))!;
        dto.Items.ShouldNotBeEmpty();
        dto.Items.ShouldAllBe(i => i.Text!.Contains($"\"contractId\":{_world.ContractA}"));

        (await session.GetAsync($"/Contracts/{_world.ContractB}/AuditTrail")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await session.GetAsync("/Admin/Ledger")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
