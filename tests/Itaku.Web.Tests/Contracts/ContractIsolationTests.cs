using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Contracts;

public sealed class ContractIsolationTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ContractorStaff_SeesOnlyContractsTheyBelongTo()
    {
        var client = await _world.ClientAsync(_world.ResponsibleY);
        var page = await client.GetFromJsonAsync<CursorPage<ContractDto>>("/api/v1/contracts", TestContext.Current.CancellationToken);
        page!.Items.Select(c => c.Id).ShouldBe([_world.ContractB]);
    }

    [Fact]
    public async Task ContractorStaff_GetsForeignContract_Returns404NotForbidden()
    {
        var client = await _world.ClientAsync(_world.ResponsibleY);
        var response = await client.GetAsync($"/api/v1/contracts/{_world.ContractA}", TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper!.WriteLine(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task ClientStaff_SeesTheirDepartmentsContracts_NotOthers()
    {
        var client = await _world.ClientAsync(_world.StaffB);
        var page = await client.GetFromJsonAsync<CursorPage<ContractDto>>("/api/v1/contracts", TestContext.Current.CancellationToken);
        page!.Items.Select(c => c.Id).ShouldBe([_world.ContractB]);
        (await client.GetAsync($"/api/v1/contracts/{_world.ContractA}/members", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Admin_SeesAllContracts()
    {
        var client = await _world.ClientAsync(_world.Admin);
        var page = await client.GetFromJsonAsync<CursorPage<ContractDto>>("/api/v1/contracts", TestContext.Current.CancellationToken);
        page!.Items.Select(c => c.Id).ShouldBe([_world.ContractA, _world.ContractB], ignoreOrder: true);
    }

    [Fact]
    public async Task Worker_CannotManageTheirOwnContract_Returns403()
    {
        var client = await _world.ClientAsync(_world.WorkerX);
        var response = await client.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/members",
            new { userId = _world.ResponsibleY.Id, role = "Worker" }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
