using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Provisions;

/// <summary>A contract is signed against one set, frozen with it: later imports never rewrite it.</summary>
public sealed class ContractProvisionSetTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NewContract_WithoutASet_IsSignedAgainstTheNewestGunmaSet_AndFrozen()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var contract = await CreateAsync(staff, "R8-情政-101", null);

        var gunma = await _factory.DbAsync(db => db.ProvisionSets.SingleAsync(s => s.Code == ProvisionFixtures.Gunma, Ct));
        contract.ProvisionSetId.ShouldBe(gunma.Id);
        var snapshot = await SnapshotAsync(contract.Id);
        (snapshot.Code, snapshot.Version, snapshot.Json, snapshot.Sha256).ShouldBe((gunma.Code, gunma.Version, gunma.Json, gunma.Sha256));
        var audit = (await _factory.AuditEventsAsync("contract.provision-set-snapshotted")).ShouldHaveSingleItem();
        audit.ContractId.ShouldBe(contract.Id);
        audit.Details!.ShouldContain(gunma.Sha256);
    }

    [Fact]
    public async Task LaterImportOfANewVersion_LeavesExistingSnapshotsUntouched_AndBecomesTheDefault()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var signed = await CreateAsync(staff, "R8-情政-102", null);
        var before = await SnapshotAsync(signed.Id);
        var obligationsBefore = (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{signed.Id}/obligations", Ct))!;

        // Gunma revises its provisions: article 3 loses an obligation, article 11 is reworded.
        var revised = ProvisionFixtures.Shipped(ProvisionFixtures.Gunma);
        revised["version"] = "2.0.0";
        revised.Article(2)["obligations"]!.AsArray().RemoveAt(3);
        revised.Article(10)["summary"]!["ja"] = "改正後の要約";
        using var admin = await _world.ClientAsync(_world.Admin);
        var imported = await admin.PostAsync("/api/v1/provision-sets", ProvisionFixtures.Json(revised), Ct);
        imported.StatusCode.ShouldBe(HttpStatusCode.Created);
        var v2 = (await imported.Content.ReadFromJsonAsync<ProvisionSetDto>(Ct))!;

        var after = await SnapshotAsync(signed.Id);
        after.Sha256.ShouldBe(before.Sha256);
        after.Json.ShouldBe(before.Json);
        after.Version.ShouldBe("1.0.0");
        ProvisionSetService.Hash(after.Json).ShouldBe(after.Sha256);
        (await staff.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{signed.Id}", Ct))!.ProvisionSetId.ShouldBe(signed.ProvisionSetId);
        var obligationsAfter = (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{signed.Id}/obligations", Ct))!;
        obligationsAfter.Items.Select(o => o.Key).ShouldBe(obligationsBefore.Items.Select(o => o.Key));
        obligationsAfter.ProvisionSet!.Sha256.ShouldBe(before.Sha256);

        var next = await CreateAsync(staff, "R8-情政-103", null);
        next.ProvisionSetId.ShouldBe(v2.Id);
        (await SnapshotAsync(next.Id)).Version.ShouldBe("2.0.0");
    }

    [Fact]
    public async Task NewContract_WithAnotherSet_UsesIt()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var setagaya = await _factory.DbAsync(db => db.ProvisionSets.Where(s => s.Code == ProvisionFixtures.Setagaya).Select(s => s.Id).SingleAsync(Ct));

        var contract = await CreateAsync(staff, "R8-情政-104", setagaya);

        contract.ProvisionSetId.ShouldBe(setagaya);
        var obligations = (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{contract.Id}/obligations", Ct))!;
        // Setagaya names purpose-limitation in items 5 and 6: one row, citing both.
        obligations.Items.Single(o => o.Key == "purpose-limitation").Citations.Select(c => c.Article).ShouldBe(["5", "6"]);
        obligations.Items.Select(o => o.Key).ShouldBeUnique();
    }

    [Fact]
    public async Task NewContract_WithAnUnknownSet_Returns400NamingProvisionSetId_AndWritesNothing()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var count = await _factory.DbAsync(db => db.Contracts.CountAsync(Ct));

        var response = await staff.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, "R8-情政-105", 999999), Ct);

        await response.ShouldBeValidationProblemForAsync("provisionSetId");
        (await _factory.DbAsync(db => db.Contracts.CountAsync(Ct))).ShouldBe(count);
    }

    [Fact]
    public async Task Update_CannotChangeTheSignedSet_ButGivesOneToAContractThatHasNone()
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var sets = await _factory.DbAsync(db => db.ProvisionSets.ToDictionaryAsync(s => s.Code, s => s.Id, Ct));
        var signed = await CreateAsync(staff, "R8-情政-106", sets[ProvisionFixtures.Gunma]);

        var change = await staff.PutAsJsonAsync($"/api/v1/contracts/{signed.Id}", Body(signed, sets[ProvisionFixtures.Setagaya]), Ct);
        await change.ShouldBeValidationProblemForAsync("provisionSetId");
        (await staff.PutAsJsonAsync($"/api/v1/contracts/{signed.Id}", Body(signed, null), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SnapshotAsync(signed.Id)).Code.ShouldBe(ProvisionFixtures.Gunma);

        // Contract A predates provision sets (World inserts it directly): its Owner may attach one, once.
        var legacy = (await staff.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{_world.ContractA}", Ct))!;
        legacy.ProvisionSetId.ShouldBeNull();
        (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!.ProvisionSet.ShouldBeNull();
        var attach = await staff.PutAsJsonAsync($"/api/v1/contracts/{_world.ContractA}", Body(legacy, sets[ProvisionFixtures.Setagaya]), Ct);
        attach.StatusCode.ShouldBe(HttpStatusCode.OK, await attach.Content.ReadAsStringAsync(Ct));
        (await attach.Content.ReadFromJsonAsync<ContractDto>(Ct))!.ProvisionSetId.ShouldBe(sets[ProvisionFixtures.Setagaya]);
        (await SnapshotAsync(_world.ContractA)).Code.ShouldBe(ProvisionFixtures.Setagaya);
    }

    private static object Body(ContractDto c, long? provisionSetId) => new
    {
        number = c.Number,
        title = c.Title,
        clientDepartmentId = c.ClientDepartmentId,
        contractorId = c.ContractorId,
        startDate = c.StartDate,
        endDate = c.EndDate,
        status = c.Status.ToString(),
        handlesPersonalInformation = c.HandlesPersonalInformation,
        provisionSetId,
    };

    private async Task<ContractDto> CreateAsync(HttpClient client, string number, long? provisionSetId)
    {
        var response = await client.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, number, provisionSetId), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
    }

    private Task<ContractProvisionSnapshot> SnapshotAsync(long contractId) =>
        _factory.DbAsync(db => db.ContractProvisionSnapshots.AsNoTracking().SingleAsync(s => s.ContractId == contractId, Ct));
}
