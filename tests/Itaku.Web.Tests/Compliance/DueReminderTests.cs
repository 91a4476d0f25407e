using Itaku.Web.Features.Compliance;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Compliance;

/// <summary>The daily job tells the side that owes an obligation when it is overdue or due soon — once per stage.</summary>
public sealed class DueReminderTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task OverdueDuties_AreSentToTheSideThatOwesThem_InOneDigestPerPerson_OncePerStage()
    {
        var reminders = _factory.Services.GetRequiredService<DueReminderService>();

        var created = await reminders.RunAsync(Ct);

        created.ShouldBeGreaterThan(0);
        var rows = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind.StartsWith("due.")).ToListAsync(Ct));
        rows.Count.ShouldBe(created);
        rows.GroupBy(n => n.RecipientId).ShouldAllBe(g => g.Count() == 1);
        // Contract A started on 2026-04-01 without log sources: its 責任者 hears that log duties are overdue.
        rows.ShouldContain(n => n.RecipientId == _world.ResponsibleX.Id && n.Kind == "due.digest"
            && n.Body.Contains("期限超過") && n.Body.Contains("アクセス及び操作の記録") && n.Link == $"/Contracts/{_world.ContractA}" && n.ContractId == _world.ContractA);
        // Workers are not told, nor anyone on contract B (no provision set, nothing due).
        rows.ShouldNotContain(n => n.RecipientId == _world.WorkerX.Id || n.RecipientId == _world.ResponsibleY.Id || n.RecipientId == _world.StaffB.Id);
        // Contractor duties go to the contractor's side only.
        rows.Where(n => n.RecipientId == _world.StaffA.Id).ShouldAllBe(n => !n.Body.Contains("アクセス及び操作の記録"));

        (await reminders.RunAsync(Ct)).ShouldBe(0);
        (await _factory.DbAsync(db => db.Notifications.CountAsync(n => n.Kind.StartsWith("due."), Ct))).ShouldBe(created);
    }
}
