using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Api;

/// <summary>Organisations, users, contracts and members through the API: the happy paths and the rules on the way.</summary>
public sealed class ContractsApiTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private int _serial;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Admin_SetsUpOrganizationsAndUsers_AndTheNewStaffOpensAContract_AsItsDraftOwner()
    {
        using var admin = await _world.ClientAsync(_world.Admin);
        var city = await CreatedAsync<OrganizationDto>(admin, "/api/v1/organizations", new { kind = "ClientBody", name = "前橋市" });
        var department = await CreatedAsync<OrganizationDto>(admin, "/api/v1/organizations", new { kind = "Department", name = "市民課", parentId = city.Id });
        var contractor = await CreatedAsync<OrganizationDto>(admin, "/api/v1/organizations", new { kind = "Contractor", name = "株式会社利根ソフト", address = "群馬県前橋市大手町1-1-1" });
        var staff = await CreatedAsync<UserDto>(admin, "/api/v1/users", new { email = "shimin@city.example.jp", displayName = "市民 七子", role = "ClientStaff", organizationId = department.Id, password = World.Password });
        var developer = await CreatedAsync<UserDto>(admin, "/api/v1/users", new { email = "dev@tone.example.com", displayName = "利根 九郎", role = "ContractorStaff", organizationId = contractor.Id, password = World.Password });

        department.Kind.ShouldBe(OrganizationKind.Department);
        (await admin.GetFromJsonAsync<OrganizationDto>($"/api/v1/organizations/{department.Id}", Ct))!.ParentId.ShouldBe(city.Id);
        var inDepartment = await admin.GetFromJsonAsync<CursorPage<UserDto>>($"/api/v1/users?organizationId={department.Id}", Ct);
        inDepartment!.Items.Select(u => u.Email).ShouldBe(["shimin@city.example.jp"]);
        staff.MfaEnabled.ShouldBeFalse();
        staff.Role.ShouldBe(GlobalRole.ClientStaff);

        // The new official signs in over the API, enrolling TOTP on the way, and opens a contract.
        using var anonymous = _factory.CreateClient();
        var (token, _) = await ApiSignIn.EnrolMfaAsync(anonymous, staff.Email, World.Password, Ct);
        using var official = ClientWith(token);
        using var response = await official.PostAsJsonAsync("/api/v1/contracts", ContractBody(department.Id, contractor.Id), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var contract = (await response.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/contracts/{contract.Id}");
        contract.Status.ShouldBe(ContractStatus.Draft);
        contract.ClientDepartmentId.ShouldBe(department.Id);

        var members = await official.GetFromJsonAsync<List<MemberDto>>($"/api/v1/contracts/{contract.Id}/members", Ct);
        members!.Select(m => (m.UserId, m.Role)).ShouldBe([(staff.Id, ContractRole.Owner)]);

        // The owner brings in the contractor's developer; the developer now sees exactly this contract.
        await CreatedAsync<MemberDto>(official, $"/api/v1/contracts/{contract.Id}/members", new { userId = developer.Id, role = "Responsible" });
        var devToken = await ApiSignIn.TokenAsync(anonymous, developer.Email, World.Password, null, Ct);
        devToken.MfaEnrollmentRequired.ShouldBeFalse();
        using var dev = ClientWith(devToken.Token);
        (await dev.GetFromJsonAsync<CursorPage<ContractDto>>("/api/v1/contracts", Ct))!.Items.Select(c => c.Id).ShouldBe([contract.Id]);

        // Each of these changes left its audit event.
        await using var scope = _factory.Services.CreateAsyncScope();
        var actions = await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().AuditEvents.Select(e => e.Action).ToListAsync(Ct);
        actions.ShouldContain("organization.created");
        actions.ShouldContain("user.created");
        actions.ShouldContain("auth.mfa-enrolled");
        actions.ShouldContain("contract.created");
        actions.ShouldContain("contract.member-added");
    }

    [Fact]
    public async Task Owner_EditsTheContract_AndMovesItFromDraftToClosed_ButNotBack()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var contract = await CreatedAsync<ContractDto>(owner, "/api/v1/contracts", ContractBody(_world.DeptA, _world.ContractorX));

        var edited = await PutAsync(owner, contract.Id, ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Draft") with
        {
            Title = "住民情報システム運用保守業務委託（変更後）",
            EndDate = "2028-03-31",
            HandlesPersonalInformation = true,
            InformationTypes = ["住民基本台帳情報", "税情報"],
            AccessMethods = ["庁内端末からのみ"],
            WorkLocations = [new WorkLocationDto("本社開発室", "群馬県前橋市大手町1-1-1")],
        });
        edited.Title.ShouldBe("住民情報システム運用保守業務委託（変更後）");
        edited.EndDate.ShouldBe(new DateOnly(2028, 3, 31));
        edited.HandlesPersonalInformation.ShouldBeTrue();
        edited.InformationTypes.ShouldBe(["住民基本台帳情報", "税情報"]);
        edited.WorkLocations.ShouldBe([new WorkLocationDto("本社開発室", "群馬県前橋市大手町1-1-1")]);
        (await owner.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{contract.Id}", Ct)).ShouldBeEquivalentTo(edited);

        foreach (var status in new[] { ContractStatus.Active, ContractStatus.Closing, ContractStatus.Closed })
        {
            var moved = await PutAsync(owner, contract.Id, ContractBody(_world.DeptA, _world.ContractorX, contract.Number, status.ToString()) with { Title = edited.Title });
            moved.Status.ShouldBe(status);
            (await owner.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{contract.Id}", Ct))!.Status.ShouldBe(status);
        }

        using var reopen = await owner.PutAsJsonAsync($"/api/v1/contracts/{contract.Id}", ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Active"), Ct);
        await ShouldBeValidationProblemAsync(reopen, "status");
        (await owner.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{contract.Id}", Ct))!.Status.ShouldBe(ContractStatus.Closed);
    }

    [Fact]
    public async Task StatusMovesOutsideTheLifecycle_Return400NamingStatus()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        using var closedAtBirth = await owner.PostAsJsonAsync("/api/v1/contracts", ContractBody(_world.DeptA, _world.ContractorX, status: "Closed"), Ct);
        await ShouldBeValidationProblemAsync(closedAtBirth, "status");

        var contract = await CreatedAsync<ContractDto>(owner, "/api/v1/contracts", ContractBody(_world.DeptA, _world.ContractorX));
        using var skip = await owner.PutAsJsonAsync($"/api/v1/contracts/{contract.Id}", ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Closing"), Ct);
        await ShouldBeValidationProblemAsync(skip, "status");

        await PutAsync(owner, contract.Id, ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Active"));
        using var back = await owner.PutAsJsonAsync($"/api/v1/contracts/{contract.Id}", ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Draft"), Ct);
        await ShouldBeValidationProblemAsync(back, "status");

        // Closing may return to Active when the end was premature.
        await PutAsync(owner, contract.Id, ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Closing"));
        (await PutAsync(owner, contract.Id, ContractBody(_world.DeptA, _world.ContractorX, contract.Number, "Active"))).Status.ShouldBe(ContractStatus.Active);
    }

    [Fact]
    public async Task Owner_AddsResponsibleFromTheContractsContractor_Returns201()
    {
        var lead = await NewContractorStaffAsync(_world.ContractorX);
        using var owner = await _world.ClientAsync(_world.StaffA);
        using var response = await owner.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/members", new { userId = lead.Id, role = "Responsible" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/contracts/{_world.ContractA}/members/{lead.Id}");
        var members = await owner.GetFromJsonAsync<List<MemberDto>>($"/api/v1/contracts/{_world.ContractA}/members", Ct);
        members!.ShouldContain(m => m.UserId == lead.Id && m.Role == ContractRole.Responsible);
        using var leadClient = await _world.ClientAsync(lead);
        (await leadClient.GetAsync($"/api/v1/contracts/{_world.ContractA}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AddingSomeoneWhoDoesNotFitTheRole_Returns400NamingRole()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var otherContractors = await NewContractorStaffAsync(_world.ContractorY);
        var cases = new (Guid UserId, string Role)[]
        {
            (otherContractors.Id, "Responsible"), // another contractor's staff
            (otherContractors.Id, "Worker"),
            (_world.StaffB.Id, "Worker"),         // client staff in a contractor's role
            ((await NewContractorStaffAsync(_world.ContractorX)).Id, "Owner"), // contractor staff as the client's owner
        };

        foreach (var (userId, role) in cases)
        {
            using var response = await owner.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/members", new { userId, role }, Ct);
            await ShouldBeValidationProblemAsync(response, "role");
        }

        var members = await owner.GetFromJsonAsync<List<MemberDto>>($"/api/v1/contracts/{_world.ContractA}/members", Ct);
        members!.ShouldNotContain(m => m.UserId == otherContractors.Id || m.UserId == _world.StaffB.Id);
    }

    [Fact]
    public async Task AddingTheSameUserTwice_Returns409()
    {
        var worker = await NewContractorStaffAsync(_world.ContractorX);
        using var owner = await _world.ClientAsync(_world.StaffA);
        var url = $"/api/v1/contracts/{_world.ContractA}/members";
        (await owner.PostAsJsonAsync(url, new { userId = worker.Id, role = "Worker" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        using var again = await owner.PostAsJsonAsync(url, new { userId = worker.Id, role = "Supervisor" }, Ct);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var members = await owner.GetFromJsonAsync<List<MemberDto>>(url, Ct);
        members!.Where(m => m.UserId == worker.Id).Select(m => m.Role).ShouldBe([ContractRole.Worker]);
    }

    [Fact]
    public async Task RemovingTheLastOwner_Returns409_WhileASecondOwnerMayBeRemoved()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        using var admin = await _world.ClientAsync(_world.Admin);
        var url = $"/api/v1/contracts/{_world.ContractA}/members";

        foreach (var client in new[] { owner, admin })
        {
            using var last = await client.DeleteAsync($"{url}/{_world.StaffA.Id}", Ct);
            last.StatusCode.ShouldBe(HttpStatusCode.Conflict, await last.Content.ReadAsStringAsync(Ct));
            last.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        var deputy = await _world.UserAsync("deputy@pref.example.jp", "情報 副子", GlobalRole.ClientStaff, _world.DeptA, mfa: true);
        (await owner.PostAsJsonAsync(url, new { userId = deputy.Id, role = "Owner" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await owner.DeleteAsync($"{url}/{deputy.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.DeleteAsync($"{url}/{_world.StaffA.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var members = await owner.GetFromJsonAsync<List<MemberDto>>(url, Ct);
        members!.Where(m => m.Role == ContractRole.Owner).Select(m => m.UserId).ShouldBe([_world.StaffA.Id]);
    }

    [Fact]
    public async Task Paging_WithLimit3_WalksEveryVisibleContractExactlyOnce()
    {
        using var staffA = await _world.ClientAsync(_world.StaffA);
        var created = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await CreatedAsync<ContractDto>(staffA, "/api/v1/contracts", ContractBody(_world.DeptA, _world.ContractorX))).Id);
        }

        var (seen, pages) = await WalkAsync(staffA, "/api/v1/contracts?limit=3");
        seen.ShouldBe([_world.ContractA, .. created], ignoreOrder: true);
        seen.Distinct().Count().ShouldBe(seen.Count);
        pages.ShouldBe(3); // 3 + 3 + 2

        // The administrator sees department B's contract too; the cursor works the same with a filter.
        using var admin = await _world.ClientAsync(_world.Admin);
        (await WalkAsync(admin, "/api/v1/contracts?limit=3")).Ids.ShouldBe([_world.ContractA, _world.ContractB, .. created], ignoreOrder: true);
        (await WalkAsync(admin, "/api/v1/contracts?limit=3&status=Draft")).Ids.ShouldBe(created, ignoreOrder: true);
    }

    [Fact]
    public async Task FieldsAtTheirMaximumLength_AreAcceptedAndStoredWhole()
    {
        using var admin = await _world.ClientAsync(_world.Admin);
        var number = new string('番', 50);
        var title = new string('件', 200);
        var contract = await CreatedAsync<ContractDto>(admin, "/api/v1/contracts", ContractBody(_world.DeptA, _world.ContractorX, number) with { Title = title });
        var read = await admin.GetFromJsonAsync<ContractDto>($"/api/v1/contracts/{contract.Id}", Ct);
        (read!.Number, read.Title).ShouldBe((number, title));

        var name = new string('名', 200);
        var org = await CreatedAsync<OrganizationDto>(admin, "/api/v1/organizations", new { kind = "Contractor", name });
        (await admin.GetFromJsonAsync<OrganizationDto>($"/api/v1/organizations/{org.Id}", Ct))!.Name.ShouldBe(name);

        var email = new string('a', 245) + "@example.jp";
        email.Length.ShouldBe(256);
        var user = await CreatedAsync<UserDto>(admin, "/api/v1/users", new { email, displayName = new string('氏', 100), role = "ContractorStaff", organizationId = org.Id, password = World.Password });
        (await admin.GetFromJsonAsync<UserDto>($"/api/v1/users/{user.Id}", Ct))!.Email.ShouldBe(email);
    }

    private async Task<(List<long> Ids, int Pages)> WalkAsync(HttpClient client, string firstPage)
    {
        var ids = new List<long>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var url = cursor is null ? firstPage : $"{firstPage}&cursor={Uri.EscapeDataString(cursor)}";
            var page = (await client.GetFromJsonAsync<CursorPage<ContractDto>>(url, Ct))!;
            page.Items.Count.ShouldBeLessThanOrEqualTo(3);
            ids.AddRange(page.Items.Select(c => c.Id));
            cursor = page.NextCursor;
            pages++;
            pages.ShouldBeLessThan(20, "the cursor does not advance");
        }
        while (cursor is not null);

        return (ids, pages);
    }

    private ContractBodyRecord ContractBody(long department, long contractor, string? number = null, string? status = null) => new(
        number ?? $"R8-契約-{Interlocked.Increment(ref _serial):D3}",
        "住民情報システム運用保守業務委託",
        department,
        contractor,
        "2026-04-01",
        "2027-03-31",
        status,
        false,
        null,
        null,
        null);

    private async Task<T> CreatedAsync<T>(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(url, body, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
    }

    private async Task<ContractDto> PutAsync(HttpClient client, long id, ContractBodyRecord body)
    {
        using var response = await client.PutAsJsonAsync($"/api/v1/contracts/{id}", body, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<ContractDto>(Ct))!;
    }

    private static async Task ShouldBeValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name)
            .ShouldContain(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase), text);
    }

    private Task<TestUser> NewContractorStaffAsync(long contractor) =>
        _world.UserAsync($"staff-{Interlocked.Increment(ref _serial)}@contractor.example.com", "受託 職員", GlobalRole.ContractorStaff, contractor, mfa: false);

    private HttpClient ClientWith(string token)
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A contract request as a client sends it: dates as ISO strings, status by name.</summary>
    private sealed record ContractBodyRecord(
        string Number,
        string Title,
        long ClientDepartmentId,
        long ContractorId,
        string StartDate,
        string EndDate,
        string? Status,
        bool HandlesPersonalInformation,
        List<string>? InformationTypes,
        List<string>? AccessMethods,
        List<WorkLocationDto>? WorkLocations);
}
