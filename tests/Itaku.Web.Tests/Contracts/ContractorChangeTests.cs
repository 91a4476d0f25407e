using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Roster;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Roster;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Contracts;

/// <summary>
/// Issue 12 item 6: when a contract passes to another contractor, the old contractor's staff stop being
/// members in the same change (audited) and read nothing of the new contractor's — its roster least of all.
/// </summary>
public sealed class ContractorChangeTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ChangingTheContractor_EndsTheOldContractorsMemberships_TheyCannotReadTheNewRoster()
    {
        var url = $"/api/v1/contracts/{_world.ContractA}";
        using var admin = await _world.ClientAsync(_world.Admin);
        var contract = (await admin.GetFromJsonAsync<ContractDto>(url, Ct))!;
        var body = new JsonObject
        {
            ["number"] = contract.Number,
            ["title"] = contract.Title,
            ["clientDepartmentId"] = contract.ClientDepartmentId,
            ["contractorId"] = _world.ContractorY,
            ["startDate"] = contract.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["endDate"] = contract.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["status"] = contract.Status.ToString(),
            ["handlesPersonalInformation"] = contract.HandlesPersonalInformation,
        };

        var changed = await admin.PutAsJsonAsync(url, body, Ct);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync(Ct));

        // The new contractor's lead joins and writes a roster.
        (await admin.PostAsJsonAsync($"{url}/members", new { userId = _world.ResponsibleY.Id, role = "Responsible" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var newLead = await _world.ClientAsync(_world.ResponsibleY);
        var draft = (await (await newLead.PostAsync($"{url}/roster", null, Ct)).Content.ReadFromJsonAsync<RosterVersionDto>(Ct))!;
        (await newLead.PutAsJsonAsync($"{url}/roster/{draft.Version.Number}", new { entries = new[] { RosterApiTests.Person("赤城 五郎", RosterRole.Responsible), RosterApiTests.Person("赤城 六郎", RosterRole.Supervisor) } }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await newLead.PostAsync($"{url}/roster/{draft.Version.Number}/submit", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // The old contractor's staff are no longer members: the contract and its roster answer 404.
        foreach (var old in new[] { _world.ResponsibleX, _world.WorkerX })
        {
            using var client = await _world.ClientAsync(old);
            (await client.GetAsync($"{url}/roster/{draft.Version.Number}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync(url, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var members = await _factory.DbAsync(db => db.ContractMembers.Where(m => m.ContractId == _world.ContractA).Select(m => m.UserId).ToListAsync(Ct));
        members.ShouldNotContain(_world.ResponsibleX.Id);
        members.ShouldNotContain(_world.WorkerX.Id);
        members.ShouldContain(_world.StaffA.Id);
        members.ShouldContain(_world.Auditor.Id);
        var removed = await _factory.AuditEventsAsync("contract.member-removed");
        removed.Select(e => e.SubjectId).ShouldBe([_world.ResponsibleX.Id.ToString(), _world.WorkerX.Id.ToString()], ignoreOrder: true);
    }
}
