using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Itaku.Web.Tests.Notifications.Acting;

namespace Itaku.Web.Tests.Notifications;

/// <summary>
/// E-mail through a real SMTP server on loopback (<see cref="SmtpListener"/>): sent after commit by the
/// outbox, in Japanese with an absolute link; a refusing, silent or absent relay leaves the row pending for
/// a later attempt and never touches the request that created it; after the last attempt the row is failed.
/// </summary>
public sealed class NotificationMailTests : IAsyncLifetime
{
    private readonly SmtpListener _smtp = new();
    private readonly MailFactory _factory;
    private World _world = null!;

    public NotificationMailTests() => _factory = new MailFactory(_smtp.Port);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task ANotification_ArrivesByEmail_InJapanese_WithTheAbsoluteLink_AndIsMarkedSent()
    {
        _smtp.Mode = SmtpListener.Behaviour.Accept;
        var link = $"/Contracts/{_world.ContractA}/Requests/7";
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.ResponsibleX.Id], Message("再委託承認申請書が差し戻されました", link: link), Ct));

        var mail = (await _smtp.WaitForAsync(1)).Single();
        mail.MailFrom.ShouldBe(MailFactory.From);
        mail.Recipients.ShouldBe([_world.ResponsibleX.Email]);
        mail.Data.ShouldAllBe(c => c < 128, "headers and body go as 7-bit ASCII (encoded-words, base64)");

        var text = mail.Parse();
        text.RawHeaders["subject"].ShouldContain("=?utf-8?", Case.Insensitive);
        text.Subject.ShouldBe("[Itaku] 再委託承認申請書が差し戻されました");
        text.Header("From").ShouldContain("群馬県 委託管理");
        text.Header("To").ShouldContain("上州 一郎");
        text.RawHeaders["content-type"].ShouldContain("charset=utf-8", Case.Insensitive);
        text.Body.ShouldStartWith("上州 一郎 様");
        text.Body.ShouldContain("再委託承認申請書（R8-情政-001）を提出しました。");
        text.Body.ShouldContain($"https://itaku.pref.example.lg.jp{link}\r\n");

        var row = await UntilAsync(r => r.EmailState == NotificationEmailState.Sent, "再委託承認申請書が差し戻されました");
        row.EmailAttempts.ShouldBe(1);
        row.EmailSentAt.ShouldNotBeNull();
        row.EmailLastError.ShouldBeNull();
    }

    [Fact]
    public async Task ConcurrentOutboxScans_SendEachEmailOnce()
    {
        _smtp.Mode = SmtpListener.Behaviour.Accept;
        var before = _smtp.Received.Count;
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.ResponsibleX.Id, _world.WorkerX.Id, _world.Auditor.Id], Message("一度だけ送る"), Ct));

        // Several instances (and this instance's own loop) scanning at once: the claim lets one of them send each row.
        var mailer = _factory.Services.GetRequiredService<NotificationMailer>();
        var sent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => mailer.SendPendingAsync(Ct), Ct)));
        sent.Sum().ShouldBeLessThanOrEqualTo(3);

        var rows = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Title == "一度だけ送る").ToListAsync(Ct));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await _smtp.WaitForAsync(before + 3);
        rows = await _factory.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Title == "一度だけ送る").ToListAsync(Ct));
        rows.ShouldAllBe(n => n.EmailState == NotificationEmailState.Sent && n.EmailAttempts == 1);
        _smtp.Received.Count.ShouldBe(before + 3);
        _smtp.Received.Skip(before).SelectMany(m => m.Recipients).ShouldBe([_world.ResponsibleX.Email, _world.WorkerX.Email, _world.Auditor.Email], ignoreOrder: true);
    }

    [Fact]
    public async Task ARefusingRelay_LeavesTheRowPendingForALaterAttempt_ThenItIsSentWhenDue()
    {
        _smtp.Mode = SmtpListener.Behaviour.Refuse;
        var before = _smtp.Received.Count;
        await _factory.NotifyAsync(_world.ResponsibleX, s => s.NotifyOtherSideAsync(_world.ContractA, Message("拒否からの再送"), Ct));

        // The request path never waits for the relay: the inbox answers at once.
        using (var api = await _world.ClientAsync(_world.StaffA))
        {
            var inbox = await api.GetFromJsonAsync<CursorPage<NotificationDto>>("/api/v1/notifications?unread=true", Ct);
            inbox!.Items.ShouldContain(n => n.Title == "拒否からの再送");
        }

        var failed = await UntilAsync(r => r.EmailAttempts == 1 && r.EmailLastError != null, "拒否からの再送");
        failed.EmailState.ShouldBe(NotificationEmailState.Pending);
        failed.EmailLastError!.ShouldStartWith("421");
        failed.EmailNextAttemptAt!.Value.ShouldBe(_factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), TimeSpan.FromSeconds(1));

        // Not due yet: however often the outbox is scanned, no second attempt.
        _smtp.Mode = SmtpListener.Behaviour.Accept;
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        (await RowAsync("拒否からの再送")).EmailAttempts.ShouldBe(1);
        _smtp.Received.Count.ShouldBe(before);

        _factory.Clock.Advance(TimeSpan.FromSeconds(61));
        var sent = await UntilAsync(r => r.EmailState == NotificationEmailState.Sent, "拒否からの再送");
        sent.EmailAttempts.ShouldBe(2);
        sent.EmailLastError.ShouldBeNull();
        (await _smtp.WaitForAsync(before + 1))[before].Parse().Subject.ShouldBe("[Itaku] 拒否からの再送");
    }

    [Fact]
    public async Task ASilentRelay_TimesOut_InTheOutbox_NotInTheCaller()
    {
        _smtp.Mode = SmtpListener.Behaviour.Silent;
        var watch = Stopwatch.StartNew();
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.WorkerX.Id], Message("応答しないサーバー"), Ct));
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5), "notifying only adds a row; the 2-second SMTP timeout is the outbox's");

        var row = await UntilAsync(r => r.EmailAttempts == 1 && r.EmailLastError != null, "応答しないサーバー");
        row.EmailState.ShouldBe(NotificationEmailState.Pending);
        row.EmailLastError.ShouldBe("SMTP サーバーが応答しません（タイムアウト）。", row.EmailLastError);

        _smtp.Mode = SmtpListener.Behaviour.Accept;
        _factory.Clock.Advance(TimeSpan.FromSeconds(61));
        await UntilAsync(r => r.EmailState == NotificationEmailState.Sent, "応答しないサーバー");
    }

    [Fact]
    public async Task AfterTheLastAttempt_TheEmailIsFailed_AndTheInboxCopyRemains()
    {
        _smtp.Mode = SmtpListener.Behaviour.Refuse;
        await _factory.NotifyAsync(_world.StaffA, s => s.NotifyUsersAsync([_world.WorkerX.Id], Message("三度失敗"), Ct));

        // Backoff doubles: 1 min after the first failure, 2 min after the second; the third is the last (MaxAttempts 3).
        var first = await UntilAsync(r => r.EmailAttempts == 1 && r.EmailLastError != null, "三度失敗");
        var second = await AdvanceAndWaitAsync(first, 2);
        second.EmailNextAttemptAt!.Value.ShouldBe(_factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(2), TimeSpan.FromSeconds(1));
        var third = await AdvanceAndWaitAsync(second, 3);
        third.EmailState.ShouldBe(NotificationEmailState.Failed);
        third.EmailNextAttemptAt.ShouldBeNull();
        third.ReadAt.ShouldBeNull();

        _smtp.Mode = SmtpListener.Behaviour.Accept;
        _factory.Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        (await RowAsync("三度失敗")).EmailAttempts.ShouldBe(3);
    }

    [Fact]
    public async Task AnAbsentRelay_ConnectionRefused_IsRetriedLater()
    {
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        await using var factory = new MailFactory(closed);
        var world = await World.CreateAsync(factory);
        await factory.NotifyAsync(world.ResponsibleX, s => s.NotifyOtherSideAsync(world.ContractA, Message("サーバー停止中"), Ct));

        var row = await UntilAsync(factory, r => r.EmailAttempts == 1 && r.EmailLastError != null, "サーバー停止中");
        row.EmailState.ShouldBe(NotificationEmailState.Pending);
        row.EmailNextAttemptAt!.Value.ShouldBeGreaterThan(factory.Clock.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void AHalfConfiguration_IsRefused_ButNoConfigurationIsFine()
    {
        // Checked at start-up (ValidateOnStart), so a relay without a base URL never sends a broken link.
        new SmtpSettings { Host = "mail.example.lg.jp", From = MailFactory.From }.Problems().ShouldContain(p => p.Contains("Smtp:BaseUrl"));
        new SmtpSettings { Host = "mail.example.lg.jp", BaseUrl = "https://itaku.example.lg.jp" }.Problems().ShouldContain(p => p.Contains("Smtp:From"));
        new SmtpSettings { Host = "mail.example.lg.jp", From = MailFactory.From, BaseUrl = "https://itaku.example.lg.jp" }.Problems().ShouldBeEmpty();
        new SmtpSettings().Problems().ShouldBeEmpty();
        new SmtpSettings().Enabled.ShouldBeFalse();
    }

    private async Task<Notification> AdvanceAndWaitAsync(Notification previous, int attempt)
    {
        _factory.Clock.Advance(previous.EmailNextAttemptAt!.Value - _factory.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
        // Settled, not merely claimed: a claimed row has a lease of seconds, a failed one waits at least RetryDelay.
        var settled = _factory.Clock.GetUtcNow().UtcDateTime.AddSeconds(30);
        return await UntilAsync(r => r.EmailAttempts == attempt && (r.EmailState == NotificationEmailState.Failed || r.EmailNextAttemptAt > settled), previous.Title);
    }

    private Task<Notification> RowAsync(string title) => RowAsync(_factory, title);

    private static Task<Notification> RowAsync(ItakuFactory factory, string title) =>
        factory.DbAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).FirstAsync(n => n.Title == title, Ct));

    private Task<Notification> UntilAsync(Func<Notification, bool> condition, string title) => UntilAsync(_factory, condition, title);

    private static async Task<Notification> UntilAsync(ItakuFactory factory, Func<Notification, bool> condition, string title)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var row = await RowAsync(factory, title);
            if (condition(row))
            {
                return row;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{title}: {row.EmailState}, {row.EmailAttempts} attempts, {row.EmailLastError}");
            }

            await Task.Delay(100, Ct);
        }
    }
}
