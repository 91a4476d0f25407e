using System.Net;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Ledger;

/// <summary>The log-source page: the contractor's 責任者 registers a source and sees its token once; others only read.</summary>
public sealed class LogSourcePageTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Responsible_RegistersASource_AndSeesTheIngestTokenOnce()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        var page = $"/Contracts/{_world.ContractA}/LogSources";

        var response = await session.PostFormAsync(page, ("Input.Name", "業務サーバー"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await CookieSession.ReadTextAsync(response);
        html.ShouldContain("itki_");
        html.ShouldContain("業務サーバー");

        (await session.GetHtmlAsync(page)).ShouldNotContain("itki_");
    }

    [Fact]
    public async Task Worker_SeesTheListButNoForm_AndAnotherContractIs404()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.WorkerX);
        var html = await session.GetHtmlAsync($"/Contracts/{_world.ContractA}/LogSources");
        html.ShouldContain("ログ送信元");
        html.ShouldNotContain("Input.Name");
        (await session.GetAsync($"/Contracts/{_world.ContractB}/LogSources")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
