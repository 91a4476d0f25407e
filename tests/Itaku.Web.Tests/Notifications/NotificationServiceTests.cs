using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Itaku.Web.Tests.Notifications.Acting;

namespace Itaku.Web.Tests.Notifications;

/// <summary>
/// The service other features call: who "the other side" of a contract is, that the actor is never told of
/// their own act, that notifications live and die with the caller's transaction, and that a reminder is
/// created once. Contract A gets a Reviewer (client) and a Supervisor (contractor) besides the World's members.
/// </summary>
public sealed class NotificationServiceTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private TestUser _reviewer = null!;
    private TestUser _supervisor = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _reviewer = await _world.UserAsync("reviewer@pref.example.jp", "審査 七子", GlobalRole.ClientStaff, _world.DeptA, mfa: true);
        _supervisor = await _world.UserAsync("supervisor@joshu.example.com", "監督 八郎", GlobalRole.ContractorStaff, _world.ContractorX, mfa: false);
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        db.ContractMembers.Add(new ContractMember { ContractId = _world.ContractA, UserId = _reviewer.Id, Role = ContractRole.Reviewer, AddedAt = DateTime.UtcNow });
        db.ContractMembers.Add(new ContractMember { ContractId = _world.ContractA, UserId = _supervisor.Id, Role = ContractRole.Supervisor, AddedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task NotifyOtherSide_OfAContractorsSubmission_ReachesTheClientsOwnerAndReviewer_Only()
    {
        var count = await _factory.NotifyAsync(_world.ResponsibleX, s => s.NotifyOtherSideAsync(_world.ContractA, Message("提出1"), Ct));

        count.ShouldBe(2);
        (await RecipientsAsync("提出1")).ShouldBe(Ids(_world.StaffA, _reviewer), ignoreOrder: true);
    }

    [Fact]
    public async Task NotifyOtherSide_OfAClientsDecision_ReachesTheContractorsResponsibleAndSupervisor_Only()
    {
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyOtherSideAsync(_world.ContractA, Message("決定1"), Ct));

        // Not the worker, not the auditor, not the other client staff, not contract B's people.
        (await RecipientsAsync("決定1")).ShouldBe(Ids(_world.ResponsibleX, _supervisor), ignoreOrder: true);
        var row = await _factory.DbAsync(db => db.Notifications.AsNoTracking().FirstAsync(n => n.Title == "決定1", Ct));
        row.ContractId.ShouldBe(_world.ContractA);
        row.ReadAt.ShouldBeNull();
    }

    [Fact]
    public async Task NotifyOtherSide_ByAnAdministratorWhoIsNoMember_GoesToTheContractor()
    {
        await _factory.NotifyAsync(_world.Admin, s => s.NotifyOtherSideAsync(_world.ContractA, Message("管理者の差戻し"), Ct));

        (await RecipientsAsync("管理者の差戻し")).ShouldBe(Ids(_world.ResponsibleX, _supervisor), ignoreOrder: true);
    }

    [Fact]
    public async Task NotifyContractSide_NeverTellsTheActorOfTheirOwnAct()
    {
        await _factory.NotifyAsync(_supervisor, s => s.NotifyContractSideAsync(_world.ContractA, ContractSide.Contractor, Message("自分以外"), Ct));
        (await RecipientsAsync("自分以外")).ShouldBe(Ids(_world.ResponsibleX));

        var count = await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.StaffA.Id, _world.WorkerX.Id, _world.WorkerX.Id], Message("明示の宛先"), Ct));
        count.ShouldBe(1);
        (await RecipientsAsync("明示の宛先")).ShouldBe(Ids(_world.WorkerX));
    }

    [Fact]
    public async Task NotifyOtherSide_WithoutAnActor_IsRefused_AJobNamesTheSide()
    {
        await Should.ThrowAsync<InvalidOperationException>(() =>
            _factory.NotifyAsync(null, s => s.NotifyOtherSideAsync(_world.ContractA, Message("誰の反対側か"), Ct)));
    }

    [Fact]
    public async Task Notifications_AreNotSavedByTheService_AndRollBackWithTheCallersTransaction()
    {
        // Added but never saved by the caller: nothing is written.
        await _factory.AsAsync(_world.ResponsibleX, (s, _) => s.NotifyOtherSideAsync(_world.ContractA, Message("保存されない"), Ct));
        (await RecipientsAsync("保存されない")).ShouldBeEmpty();

        // Saved inside the caller's transaction, which then fails: nothing remains.
        await _factory.AsAsync(_world.ResponsibleX, async (s, db) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await s.NotifyOtherSideAsync(_world.ContractA, Message("巻き戻される"), Ct);
            await db.SaveChangesAsync(Ct);
            (await db.Notifications.CountAsync(n => n.Title == "巻き戻される", Ct)).ShouldBe(2);
            await tx.RollbackAsync(Ct);
            return 0;
        });
        (await RecipientsAsync("巻き戻される")).ShouldBeEmpty();

        // Committed: there.
        await _factory.AsAsync(_world.ResponsibleX, async (s, db) =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(Ct);
            await s.NotifyOtherSideAsync(_world.ContractA, Message("確定する"), Ct);
            await db.SaveChangesAsync(Ct);
            await tx.CommitAsync(Ct);
            return 0;
        });
        (await RecipientsAsync("確定する")).Count.ShouldBe(2);
    }

    [Fact]
    public async Task RemindDue_SendsOneDigestPerRecipientADay_ListingEveryItem()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        DueReminder[] items =
        [
            new(_world.ContractA, "R8-情政-001", "定期報告（10月分）", DueStage.DueSoon, today.AddDays(3), "soon:a:report"),
            new(_world.ContractA, "R8-情政-001", "従事者名簿の提出", DueStage.Overdue, today.AddDays(-2), "overdue:a:roster"),
            new(_world.ContractA, "R8-情政-001", "作業場所外での作業の承認", DueStage.ApprovalExpired, today.AddDays(-1), "expired:a:offsite"),
        ];

        for (var run = 0; run < 3; run++)
        {
            await _factory.NotifyAsync(null, s => s.RemindDueAsync(_world.ResponsibleX.Id, items, Ct));
        }

        var digest = (await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == "due.digest").ToListAsync(Ct))).ShouldHaveSingleItem();
        digest.RecipientId.ShouldBe(_world.ResponsibleX.Id);
        digest.Title.ShouldBe("期限のお知らせ：期限超過1件、承認期限切れ1件、期限間近1件");
        digest.Body.ShouldContain("・期限超過　R8-情政-001　従事者名簿の提出");
        digest.Body.ShouldContain("承認の有効期限");
        digest.Body.ShouldContain($"{today.AddDays(3).Year}年{today.AddDays(3).Month}月{today.AddDays(3).Day}日");
        digest.Body.IndexOf("期限超過", StringComparison.Ordinal).ShouldBeLessThan(digest.Body.IndexOf("期限間近", StringComparison.Ordinal));
        digest.Link.ShouldBe($"/Contracts/{_world.ContractA}");

        // The next day, another digest may go out.
        _factory.Clock.Advance(TimeSpan.FromDays(1));
        (await _factory.NotifyAsync(null, s => s.RemindDueAsync(_world.ResponsibleX.Id, items[..1], Ct))).ShouldBe(1);

        // One unit of work that names the same key twice adds it once.
        var added = await _factory.NotifyAsync(null, async s =>
            await s.NotifyUsersAsync([_world.WorkerX.Id], Message("一度だけ", dedupKey: "once"), Ct)
            + await s.NotifyUsersAsync([_world.WorkerX.Id], Message("一度だけ", dedupKey: "once"), Ct));
        added.ShouldBe(1);
        (await RecipientsAsync("一度だけ")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task DedupKey_IsUniquePerRecipient_InTheSchema()
    {
        // The look-up is a courtesy; two jobs racing are stopped by the unique index.
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        foreach (var recipient in new[] { _world.WorkerX, _world.WorkerX })
        {
            db.Notifications.Add(new Notification { RecipientId = recipient.Id, Kind = "due.soon", Title = "重複", Body = "", Link = "/", CreatedAt = DateTime.UtcNow, DedupKey = "same" });
        }

        await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    [InlineData("Contracts/1")]
    public async Task Link_MustBeALocalPath(string link)
    {
        await Should.ThrowAsync<ArgumentException>(() =>
            _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.WorkerX.Id], Message("リンク", link: link), Ct)));
    }

    [Fact]
    public async Task WithoutSmtp_NoEmailIsQueued_AndTheMailerAttemptsNone()
    {
        await _factory.NotifyAsync(_world.ResponsibleX, s => s.NotifyOtherSideAsync(_world.ContractA, Message("メールなし"), Ct));

        (await _factory.Services.GetRequiredService<NotificationMailer>().SendPendingAsync(Ct)).ShouldBe(0);
        var rows = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Title == "メールなし").ToListAsync(Ct));
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(n => n.EmailState == NotificationEmailState.None && n.EmailAttempts == 0 && n.EmailNextAttemptAt == null);
    }

    private Task<List<Guid>> RecipientsAsync(string title) =>
        _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Title == title).Select(n => n.RecipientId).ToListAsync(Ct));

    private static List<Guid> Ids(params TestUser[] users) => users.Select(u => u.Id).ToList();
}
