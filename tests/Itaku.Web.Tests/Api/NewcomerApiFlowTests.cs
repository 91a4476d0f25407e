using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Users;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Tests.Api;

/// <summary>
/// Tried as a new user would: the built application started with <c>dotnet itaku.dll</c>, the first
/// administrator made on the command line as the README says, then nothing but plain HTTP.
/// </summary>
public sealed class NewcomerApiFlowTests : IAsyncLifetime
{
    private const string AdminPassword = "a long pass phrase 2026 for gunma";
    private const string StaffPassword = "another long pass phrase 2026";
    private readonly ItakuProcess _itaku = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _itaku.DisposeAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(_itaku.Log);
    }

    [Fact]
    public async Task FirstAdministrator_SetsUpAContract_AndOnlyItsContractorSeesIt()
    {
        var (exit, output) = await _itaku.RunAsync(AdminPassword, Ct,
            "admin", "create-user", "--email", "admin@pref.example.jp", "--name", "管理 太郎", "--role", "SystemAdmin", "--organization", "群馬県");
        exit.ShouldBe(0, output);
        output.ShouldContain("admin@pref.example.jp");

        await _itaku.StartServerAsync(Ct);
        using var http = new HttpClient { BaseAddress = _itaku.BaseAddress };

        // A first token only opens enrolment; after TOTP the administrator gets a full one.
        var pending = await ApiSignIn.TokenAsync(http, "admin@pref.example.jp", AdminPassword, null, Ct);
        pending.MfaEnrollmentRequired.ShouldBeTrue();
        using (var tooEarly = await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/contracts", pending.Token, null, Ct))
        {
            tooEarly.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var (admin, _) = await ApiSignIn.EnrolMfaAsync(http, "admin@pref.example.jp", AdminPassword, Ct);
        var me = await ReadAsync<MeDto>(await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/me", admin, null, Ct), HttpStatusCode.OK);
        me.MfaEnabled.ShouldBeTrue();

        var department = await CreateAsync<OrganizationDto>(http, admin, "/api/v1/organizations", new { kind = "Department", name = "情報政策課", parentId = me.OrganizationId });
        var contractorX = await CreateAsync<OrganizationDto>(http, admin, "/api/v1/organizations", new { kind = "Contractor", name = "株式会社上州システム" });
        var contractorY = await CreateAsync<OrganizationDto>(http, admin, "/api/v1/organizations", new { kind = "Contractor", name = "赤城データ株式会社" });
        var lead = await CreateAsync<UserDto>(http, admin, "/api/v1/users",
            new { email = "lead@joshu.example.com", displayName = "上州 一郎", role = "ContractorStaff", organizationId = contractorX.Id, password = StaffPassword });
        var outsider = await CreateAsync<UserDto>(http, admin, "/api/v1/users",
            new { email = "lead@akagi.example.com", displayName = "赤城 五郎", role = "ContractorStaff", organizationId = contractorY.Id, password = StaffPassword });
        var contract = await CreateAsync<ContractDto>(http, admin, "/api/v1/contracts", new
        {
            number = "R8-情政-001",
            title = "基幹系システム運用保守業務委託",
            clientDepartmentId = department.Id,
            contractorId = contractorX.Id,
            startDate = "2026-04-01",
            endDate = "2027-03-31",
            status = "Active",
            handlesPersonalInformation = true,
            informationTypes = new[] { "住民基本台帳情報" },
            workLocations = new[] { new { name = "本社開発室", address = "群馬県前橋市大手町1-1-1" } },
        });
        var member = await CreateAsync<MemberDto>(http, admin, $"/api/v1/contracts/{contract.Id}/members", new { userId = lead.Id, role = "Responsible" });
        member.Role.ShouldBe(ContractRole.Responsible);

        // The contractor's lead needs no MFA and sees exactly this contract.
        var leadToken = await ApiSignIn.TokenAsync(http, lead.Email, StaffPassword, null, Ct);
        leadToken.MfaEnrollmentRequired.ShouldBeFalse();
        var leadsList = await ReadAsync<CursorPage<ContractDto>>(await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/contracts", leadToken.Token, null, Ct), HttpStatusCode.OK);
        leadsList.Items.Select(c => (c.Id, c.Number)).ShouldBe([(contract.Id, "R8-情政-001")]);

        // Another contractor's staff sees nothing, and the contract does not exist for them.
        var outsiderToken = await ApiSignIn.TokenAsync(http, outsider.Email, StaffPassword, null, Ct);
        var outsidersList = await ReadAsync<CursorPage<ContractDto>>(await ApiSignIn.SendAsync(http, HttpMethod.Get, "/api/v1/contracts", outsiderToken.Token, null, Ct), HttpStatusCode.OK);
        outsidersList.Items.ShouldBeEmpty();
        using var hidden = await ApiSignIn.SendAsync(http, HttpMethod.Get, $"/api/v1/contracts/{contract.Id}", outsiderToken.Token, null, Ct);
        hidden.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        hidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    private static async Task<T> CreateAsync<T>(HttpClient http, string token, string url, object body) =>
        await ReadAsync<T>(await ApiSignIn.SendAsync(http, HttpMethod.Post, url, token, body, Ct), HttpStatusCode.Created);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync(Ct));
            return (await response.Content.ReadFromJsonAsync<T>(Ct))!;
        }
    }
}
