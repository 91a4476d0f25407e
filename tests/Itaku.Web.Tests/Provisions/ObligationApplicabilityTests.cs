using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Provisions;

/// <summary>An Owner declares an obligation not applicable to a contract, with a reason, in the audit trail; nobody else can.</summary>
public sealed class ObligationApplicabilityTests : IAsyncLifetime
{
    private const string Key = "servers.outside-premises-approval";
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private long _contract;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        using var staff = await _world.ClientAsync(_world.StaffA);
        var setagaya = (await staff.GetFromJsonAsync<Itaku.Web.Infrastructure.Web.CursorPage<ProvisionSetSummaryDto>>($"/api/v1/provision-sets?code={ProvisionFixtures.Setagaya}", Ct))!.Items.Single().Id;
        var created = await staff.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, "R8-情政-201", setagaya), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        _contract = (await created.Content.ReadFromJsonAsync<ContractDto>(Ct))!.Id;
        (await staff.PostAsJsonAsync($"/api/v1/contracts/{_contract}/members", new { userId = _world.WorkerX.Id, role = "Worker" }, Ct)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private string Url(long contract, string key = Key) => $"/api/v1/contracts/{contract}/obligations/{key}/applicability";

    [Fact]
    public async Task Owner_MarksNotApplicableWithAReason_ThenRevertsIt_BothInTheAuditTrail()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);

        var marked = await owner.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = "  庁舎外にサーバを設置しないため。 " }, Ct);

        marked.StatusCode.ShouldBe(HttpStatusCode.OK, await marked.Content.ReadAsStringAsync(Ct));
        var row = (await marked.Content.ReadFromJsonAsync<ContractObligationDto>(Ct))!;
        (row.Key, row.Applicable, row.Reason, row.DecidedBy).ShouldBe((Key, false, "庁舎外にサーバを設置しないため。", "情報 花子"));
        var listed = (await owner.GetFromJsonAsync<ContractObligationsDto>($"/api/v1/contracts/{_contract}/obligations", Ct))!;
        listed.Items.Single(o => o.Key == Key).Applicable.ShouldBeFalse();
        listed.Items.Where(o => o.Key != Key).ShouldAllBe(o => o.Applicable);
        var audit = (await _factory.AuditEventsAsync("contract.obligation-not-applicable")).ShouldHaveSingleItem();
        (audit.ContractId, audit.SubjectId, audit.ActorId).ShouldBe((_contract, Key, _world.StaffA.Id));
        JsonDocument.Parse(audit.Details!).RootElement.GetProperty("reason").GetString().ShouldBe("庁舎外にサーバを設置しないため。");

        var reverted = await owner.PutAsJsonAsync(Url(_contract), new { applicable = true }, Ct);

        reverted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reverted.Content.ReadFromJsonAsync<ContractObligationDto>(Ct))!.Applicable.ShouldBeTrue();
        var back = (await _factory.AuditEventsAsync("contract.obligation-applicable")).ShouldHaveSingleItem();
        JsonDocument.Parse(back.Details!).RootElement.GetProperty("previousReason").GetString().ShouldBe("庁舎外にサーバを設置しないため。");
    }

    [Fact]
    public async Task Admin_MayDecideToo()
    {
        using var admin = await _world.ClientAsync(_world.Admin);
        var response = await admin.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = "再委託の予定がない。" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task NotApplicable_WithoutAReason_Returns400NamingReason(string? reason)
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var before = await _factory.AuditEventCountAsync();

        var response = await owner.PutAsJsonAsync(Url(_contract), new { applicable = false, reason }, Ct);

        await response.ShouldBeValidationProblemForAsync("reason");
        (await _factory.AuditEventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Reason_LongerThan1000Characters_Returns400NamingReason()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var response = await owner.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = new string('理', 1001) }, Ct);
        await response.ShouldBeValidationProblemForAsync("reason");
        (await owner.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = new string('理', 1000) }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Worker_OrClientStaffWhoIsNotOwner_Gets403_AndNothingIsWritten()
    {
        var colleague = await _world.UserAsync("staff-a2@pref.example.jp", "情報 次子", GlobalRole.ClientStaff, _world.DeptA, mfa: true);
        var clients = new[] { await _world.ClientAsync(_world.WorkerX), await _world.ClientAsync(colleague) };
        var before = await _factory.AuditEventCountAsync(); // after signing in, which is audited too

        foreach (var client in clients)
        {
            (await client.GetAsync($"/api/v1/contracts/{_contract}/obligations", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK); // they may read
            var response = await client.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = "不要と判断" }, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            client.Dispose();
        }

        (await _factory.AuditEventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task AnotherContract_OrAKeyOutsideTheSnapshot_Returns404()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        var reason = new { applicable = false, reason = "対象外" };

        // Contract B is another department's: invisible to StaffA.
        (await owner.PutAsJsonAsync(Url(_world.ContractB), reason, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.GetAsync($"/api/v1/contracts/{_world.ContractB}/obligations", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var other = await _world.ClientAsync(_world.StaffB);
        (await other.PutAsJsonAsync(Url(_contract), reason, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A key the contract's set does not contain (Gunma's, not Setagaya's), or no key at all.
        (await owner.PutAsJsonAsync(Url(_contract, "work-location.offsite-approval"), reason, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.PutAsJsonAsync(Url(_contract, "no.such-key"), reason, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClosedContract_KeepsItsDecisions_Returns409()
    {
        using var owner = await _world.ClientAsync(_world.StaffA);
        await _factory.DbAsync(async db =>
        {
            var c = await db.Contracts.FindAsync([_contract], Ct);
            c!.Status = ContractStatus.Closed;
            return await db.SaveChangesAsync(Ct);
        });

        var response = await owner.PutAsJsonAsync(Url(_contract), new { applicable = false, reason = "対象外" }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
