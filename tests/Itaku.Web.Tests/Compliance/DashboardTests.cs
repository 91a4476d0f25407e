using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;

namespace Itaku.Web.Tests.Compliance;

/// <summary>
/// The dashboard: client staff see their contracts with overdue and due-soon counts, sortable and
/// filterable; contractor staff see what they owe next. World's contracts started on 2026-04-01,
/// so by the test clock (today) several Gunma duties are overdue.
/// </summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractB);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<DashboardDto> DashboardAsync(TestUser user, string query = "")
    {
        using var client = await _world.ClientAsync(user);
        return (await client.GetFromJsonAsync<DashboardDto>($"/api/v1/dashboard{query}", Ct))!;
    }

    [Fact]
    public async Task EachCallerSeesOnlyTheirContracts_WithTheMatrixCounts()
    {
        var a = await DashboardAsync(_world.StaffA);
        var row = a.Contracts.ShouldHaveSingleItem();
        row.Id.ShouldBe(_world.ContractA);
        (row.ClientDepartment, row.Contractor).ShouldBe(("情報政策課", "株式会社上州システム"));
        using var staff = await _world.ClientAsync(_world.StaffA);
        var matrix = (await staff.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_world.ContractA}/obligations", Ct))!;
        row.Counts.ShouldBe(matrix.Counts);
        row.Counts.Overdue.ShouldBeGreaterThan(0);
        a.Contractors.ShouldHaveSingleItem().Id.ShouldBe(_world.ContractorX);

        (await DashboardAsync(_world.StaffB)).Contracts.ShouldHaveSingleItem().Id.ShouldBe(_world.ContractB);
        (await DashboardAsync(_world.ResponsibleY)).Contracts.ShouldHaveSingleItem().Id.ShouldBe(_world.ContractB);
        (await DashboardAsync(_world.Admin)).Contracts.Select(c => c.Id).ShouldBe([_world.ContractA, _world.ContractB], ignoreOrder: true);
    }

    [Fact]
    public async Task Filters_ByDepartmentAndContractor()
    {
        (await DashboardAsync(_world.Admin, $"?departmentId={_world.DeptA}")).Contracts.ShouldHaveSingleItem().Id.ShouldBe(_world.ContractA);
        (await DashboardAsync(_world.Admin, $"?contractorId={_world.ContractorY}")).Contracts.ShouldHaveSingleItem().Id.ShouldBe(_world.ContractB);
        (await DashboardAsync(_world.Admin, $"?departmentId={_world.DeptA}&contractorId={_world.ContractorY}")).Contracts.ShouldBeEmpty();
        // The filter lists keep every party the caller can see.
        (await DashboardAsync(_world.Admin, $"?departmentId={_world.DeptA}")).Departments.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Sorts_ByOverdueCount_ByNumber_AndReverses()
    {
        // Contract A's Owner settles one overdue duty as not applicable: B now has more overdue.
        using var owner = await _world.ClientAsync(_world.StaffA);
        (await owner.PutAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/obligations/logs.record-operations/applicability", new { applicable = false, reason = "ログを扱わない業務のため" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var byOverdue = (await DashboardAsync(_world.Admin)).Contracts;
        byOverdue.Select(c => c.Id).ShouldBe([_world.ContractB, _world.ContractA]);
        byOverdue[0].Counts.Overdue.ShouldBeGreaterThan(byOverdue[1].Counts.Overdue);
        (await DashboardAsync(_world.Admin, "?sort=Overdue&reverse=true")).Contracts.Select(c => c.Id).ShouldBe([_world.ContractA, _world.ContractB]);
        // "R8-情政-001" < "R8-税務-001" in code-point order.
        (await DashboardAsync(_world.Admin, "?sort=Number")).Contracts.Select(c => c.Id).ShouldBe([_world.ContractA, _world.ContractB]);
        (await DashboardAsync(_world.Admin, "?sort=Number&reverse=true")).Contracts.Select(c => c.Id).ShouldBe([_world.ContractB, _world.ContractA]);
    }

    [Fact]
    public async Task ContractorStaff_SeeWhatTheirSideOwesNext_EarliestFirst()
    {
        var d = await DashboardAsync(_world.ResponsibleX);

        d.Owed.ShouldNotBeEmpty();
        d.Owed.ShouldAllBe(o => o.ContractId == _world.ContractA && o.Party != "client" && o.DueOn != null);
        d.Owed.Select(o => o.DueOn).ShouldBeInOrder();
        d.Owed.ShouldContain(o => o.Key == "logs.record-operations" && o.Status == ComplianceStatus.Overdue);

        // Client staff's list is what is overdue or due soon, whoever owes it.
        (await DashboardAsync(_world.StaffA)).Owed.ShouldAllBe(o => o.Status == ComplianceStatus.Overdue || o.Status == ComplianceStatus.DueSoon);
    }

    [Fact]
    public async Task HomePage_IsTheDashboard_ForBothSides()
    {
        using var staff = new CookieSession(_factory);
        await staff.SignInAsync(_world.StaffA);
        var html = WebUtility.HtmlDecode(await staff.GetHtmlAsync("/"));
        html.ShouldContain("ダッシュボード");
        html.ShouldContain($"data-contract=\"{_world.ContractA}\"");
        html.ShouldNotContain($"data-contract=\"{_world.ContractB}\"");
        html.ShouldContain("期限超過・期限間近の義務");

        var sorted = WebUtility.HtmlDecode(await staff.GetHtmlAsync($"/?sort=Number&reverse=true&contractor={_world.ContractorX}"));
        sorted.ShouldContain("aria-sort=\"descending\"");

        using var contractor = new CookieSession(_factory);
        await contractor.SignInAsync(_world.ResponsibleX);
        var mine = WebUtility.HtmlDecode(await contractor.GetHtmlAsync("/"));
        mine.ShouldContain("次に対応が必要な義務");
        mine.ShouldContain("logs.record-operations");
    }
}
