using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Every change and every sign-in/out is in the audit trail with who did it; a refused change leaves nothing.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private object Contract(string number, long department) => new
    {
        number,
        title = "住民情報システム運用保守業務委託",
        clientDepartmentId = department,
        contractorId = _world.ContractorX,
        startDate = "2026-04-01",
        endDate = "2027-03-31",
        handlesPersonalInformation = true,
    };

    [Fact]
    public async Task CreateContractThroughApi_WritesContractCreatedWithTheActor()
    {
        using var client = await _world.ClientAsync(_world.StaffA);

        var response = await client.PostAsJsonAsync("/api/v1/contracts", Contract("R8-情政-099", _world.DeptA), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var id = (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
        var created = (await _factory.AuditEventsAsync("contract.created")).ShouldHaveSingleItem();
        created.ActorId.ShouldBe(_world.StaffA.Id);
        created.Actor.ShouldBe(_world.StaffA.Email);
        created.ContractId.ShouldBe(id);
        created.SubjectType.ShouldBe("Contract");
        created.SubjectId.ShouldBe(id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        JsonDocument.Parse(created.Details!).RootElement.GetProperty("number").GetString().ShouldBe("R8-情政-099");
    }

    [Fact]
    public async Task FailedCreate_WritesNoAuditEvent()
    {
        using var client = await _world.ClientAsync(_world.StaffA);
        var eventsBefore = await _factory.AuditEventCountAsync();
        var contractsBefore = await _factory.DbAsync(db => db.Contracts.CountAsync(Ct));

        // A number already in use, then a contractor where a department belongs.
        (await client.PostAsJsonAsync("/api/v1/contracts", Contract("R8-情政-001", _world.DeptA), Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.PostAsJsonAsync("/api/v1/contracts", Contract("R8-情政-100", _world.ContractorY), Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await _factory.AuditEventCountAsync()).ShouldBe(eventsBefore);
        (await _factory.DbAsync(db => db.Contracts.CountAsync(Ct))).ShouldBe(contractsBefore);
    }

    [Fact]
    public async Task SignInAndSignOutThroughTheForms_AreAuditEvents()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        (await _factory.AuditEventsAsync("auth.signin")).ShouldHaveSingleItem().Actor.ShouldBe(_world.ResponsibleX.Email);
        (await _factory.AuditEventsAsync("auth.signout")).ShouldBeEmpty();

        // The token comes from a page whose form carries one.
        var response = await session.PostFormAsync("/Account/Tokens", "/Account/Logout", []);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var signout = (await _factory.AuditEventsAsync("auth.signout")).ShouldHaveSingleItem();
        signout.ActorId.ShouldBe(_world.ResponsibleX.Id);
        signout.Actor.ShouldBe(_world.ResponsibleX.Email);
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
    }
}
