using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Itaku.Web.Tests.Notifications.Acting;

namespace Itaku.Web.Tests.Notifications;

/// <summary>
/// The inbox over the API and in the browser: each user sees and marks only their own notifications,
/// another user's id is a 404, read and read-all work, the header shows the unread count.
/// Every test has inbox users of its own, so tests do not see each other's notifications.
/// </summary>
public sealed partial class NotificationInboxTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private int _serial;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task List_ShowsOnlyMyOwn_NewestFirst_PageByPage()
    {
        var (me, other) = (await FreshUserAsync(), await FreshUserAsync());
        var mine = new List<long>();
        foreach (var title in new[] { "一件目", "二件目", "三件目" })
        {
            mine.Add(await NotifyAsync(me, title));
        }

        await NotifyAsync(other, "他人宛て");

        using var api = await _world.ClientAsync(me);
        var first = (await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications?limit=2", Ct))!;
        first.Items.Select(n => n.Title).ShouldBe(["三件目", "二件目"]);
        first.NextCursor.ShouldNotBeNull();
        var second = (await api.GetFromJsonAsync<CursorPage<NotificationDto>>($"/api/v1/notifications?limit=2&cursor={first.NextCursor}", Ct))!;
        second.Items.Select(n => n.Title).ShouldBe(["一件目"]);
        second.NextCursor.ShouldBeNull();

        var item = second.Items[0];
        item.Id.ShouldBe(mine[0]);
        item.Kind.ShouldBe("request.submitted");
        item.Link.ShouldBe("/Contracts/1");
        item.ReadAt.ShouldBeNull();
        item.EmailState.ShouldBe(NotificationEmailState.None);
    }

    [Fact]
    public async Task Read_ThenUnreadFilter_ThenReadAll_TouchOnlyMyOwn()
    {
        var (me, other) = (await FreshUserAsync(), await FreshUserAsync());
        var a = await NotifyAsync(me, "既読にするもの");
        await NotifyAsync(me, "残るもの1");
        await NotifyAsync(me, "残るもの2");
        await NotifyAsync(other, "他人の未読");

        using var api = await _world.ClientAsync(me);
        var read = await api.PostAsync($"/api/v1/notifications/{a}/read", null, Ct);
        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        var readAt = (await read.Content.ReadFromJsonAsync<NotificationDto>(Ct))!.ReadAt;
        readAt.ShouldNotBeNull();

        _factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = (await (await api.PostAsync($"/api/v1/notifications/{a}/read", null, Ct)).Content.ReadFromJsonAsync<NotificationDto>(Ct))!;
        again.ReadAt.ShouldBe(readAt, "reading again keeps the first reading time");

        var unread = (await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications?unread=true", Ct))!;
        unread.Items.Select(n => n.Title).ShouldBe(["残るもの2", "残るもの1"]);

        var all = await api.PostAsync("/api/v1/notifications/read-all", null, Ct);
        (await all.Content.ReadFromJsonAsync<ReadAllResult>(Ct))!.Marked.ShouldBe(2);
        (await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications?unread=true", Ct))!.Items.ShouldBeEmpty();
        (await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications", Ct))!.Items.Count.ShouldBe(3);

        (await _factory.DbAsync(db => db.Notifications.SingleAsync(n => n.RecipientId == other.Id, Ct))).ReadAt.ShouldBeNull();
    }

    [Fact]
    public async Task Read_OfAnotherUsersNotification_Is404_AndLeavesItUnread()
    {
        var (me, other) = (await FreshUserAsync(), await FreshUserAsync());
        var theirs = await NotifyAsync(other, "他人のお知らせ");

        using var api = await _world.ClientAsync(me);
        var response = await api.PostAsync($"/api/v1/notifications/{theirs}/read", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.PostAsync("/api/v1/notifications/999999999/read", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications", Ct))!.Items.ShouldBeEmpty();

        (await _factory.DbAsync(db => db.Notifications.SingleAsync(n => n.Id == theirs, Ct))).ReadAt.ShouldBeNull();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=%25%25", "cursor")]
    public async Task List_WithBadPaging_Is400_NamingTheField(string query, string field)
    {
        using var api = await _world.ClientAsync(_world.WorkerX);
        var response = await api.GetAsync($"/api/v1/notifications?{query}", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain($"\"{field}\"");
    }

    [Fact]
    public async Task InboxPage_EmphasisesUnread_OpenMarksReadAndFollowsTheLink_HeaderCountsUnread()
    {
        var me = await FreshUserAsync();
        var first = await NotifyAsync(me, "報告書が提出されました", $"/Contracts/{_world.ContractA}");
        await NotifyAsync(me, "期限が近づいています：定期報告");
        using var session = new CookieSession(_factory);
        await session.SignInAsync(me);

        var home = await session.GetHtmlAsync("/Contracts");
        UnreadBadge(home).ShouldBe("2");

        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync("/Notifications"));
        page.ShouldContain("<strong>報告書が提出されました</strong>");
        page.ShouldContain("<strong>期限が近づいています：定期報告</strong>");
        Regex.Count(page, "data-unread=\"true\"").ShouldBe(2);

        var open = await session.PostFormAsync("/Notifications", $"/Notifications?handler=Open&id={first}", []);
        open.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        open.Headers.Location!.ToString().ShouldBe($"/Contracts/{_world.ContractA}");

        page = WebUtility.HtmlDecode(await session.GetHtmlAsync("/Notifications"));
        Regex.Count(page, "data-unread=\"true\"").ShouldBe(1);
        page.ShouldNotContain("<strong>報告書が提出されました</strong>");
        UnreadBadge(page).ShouldBe("1");
    }

    [Fact]
    public async Task InboxPage_MarkAllRead_ClearsTheBadge_AndAnotherUsersIdIs404()
    {
        var (me, other) = (await FreshUserAsync(), await FreshUserAsync());
        await NotifyAsync(me, "まとめて既読1");
        await NotifyAsync(me, "まとめて既読2");
        var theirs = await NotifyAsync(other, "他人のもの");
        using var session = new CookieSession(_factory);
        await session.SignInAsync(me);

        (await session.PostFormAsync("/Notifications", $"/Notifications?handler=Open&id={theirs}", [])).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var done = await session.PostFormAsync("/Notifications", "/Notifications?handler=ReadAll", []);
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe("/Notifications?outcome=all-read");
        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync("/Notifications?outcome=all-read"));
        page.ShouldContain("すべてのお知らせを既読にしました。");
        page.ShouldNotContain("data-unread=\"true\"");
        UnreadBadge(page).ShouldBeNull();
        (await _factory.DbAsync(db => db.Notifications.SingleAsync(n => n.Id == theirs, Ct))).ReadAt.ShouldBeNull();

        var unreadOnly = WebUtility.HtmlDecode(await session.GetHtmlAsync("/Notifications?unread=true"));
        unreadOnly.ShouldContain("未読のお知らせはありません。");
    }

    [Fact]
    public async Task InboxPage_InEnglish()
    {
        var me = await FreshUserAsync();
        await NotifyAsync(me, "英語画面");
        using var session = new CookieSession(_factory);
        await session.SignInAsync(me);

        var page = WebUtility.HtmlDecode(await session.GetHtmlAsync("/Notifications?culture=en"));
        page.ShouldContain("<h1 class=\"page-title\">Notifications</h1>");
        page.ShouldContain("Mark all read");
        page.ShouldContain("Unread");
        page.ShouldContain("英語画面", customMessage: "the notification's own text is stored as written");
    }

    /// <summary>A contractor user of X (no MFA) with an empty inbox.</summary>
    private Task<TestUser> FreshUserAsync()
    {
        var n = Interlocked.Increment(ref _serial);
        return _world.UserAsync($"inbox-{n}@joshu.example.com", $"受信 {n}号", GlobalRole.ContractorStaff, _world.ContractorX, mfa: false);
    }

    private async Task<long> NotifyAsync(TestUser recipient, string title, string link = "/Contracts/1")
    {
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([recipient.Id], Message(title, link: link), Ct));
        return await _factory.DbAsync(db => db.Notifications.Where(n => n.RecipientId == recipient.Id && n.Title == title).Select(n => n.Id).SingleAsync(Ct));
    }

    private static string? UnreadBadge(string html)
    {
        var m = Badge().Match(html);
        return m.Success ? m.Groups["n"].Value : null;
    }

    [GeneratedRegex(@"data-testid=""unread-count"">(?<n>\d+)<")]
    private static partial Regex Badge();
}
