using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Notifications;

/// <summary>
/// The outbox: sends the e-mail copies of committed notifications, outside any request. A row is
/// claimed by bumping its attempt count (only if nobody else has), so several instances never send one
/// e-mail twice at once; a failure leaves it pending with a later next attempt (backoff doubling from
/// <c>Smtp:RetryDelay</c>), and after <c>Smtp:MaxAttempts</c> it is marked failed. Delivery is at least
/// once: a crash between the relay's 250 and the update sends that e-mail again.
/// </summary>
public sealed class NotificationMailer(IOptions<SmtpSettings> options, IServiceScopeFactory scopes, TimeProvider time, ILogger<NotificationMailer> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval);
        do
        {
            try
            {
                await SendPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The notification outbox scan failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One scan: sends the pending e-mails that are due. Returns how many were sent.</summary>
    public async Task<int> SendPendingAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var now = Now();
        var due = await db.Notifications.AsNoTracking()
            .Where(n => n.EmailState == NotificationEmailState.Pending && n.EmailNextAttemptAt <= now)
            .OrderBy(n => n.Id)
            .Take(settings.BatchSize)
            .Join(db.Users, n => n.RecipientId, u => u.Id, (n, u) => new Outgoing(n.Id, n.Title, n.Body, n.Link, n.EmailAttempts, u.Email, u.DisplayName))
            .ToListAsync(ct);

        var sent = 0;
        foreach (var mail in due)
        {
            var attempt = mail.Attempts + 1;

            // The claim: a lease past this try's timeout, taken only if the row is as we read it.
            var lease = now + settings.Timeout + settings.Timeout;
            var claimed = await db.Notifications
                .Where(n => n.Id == mail.Id && n.EmailState == NotificationEmailState.Pending && n.EmailAttempts == mail.Attempts)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailAttempts, attempt).SetProperty(n => n.EmailNextAttemptAt, lease), ct);
            if (claimed == 0)
            {
                continue;
            }

            var error = await TrySendAsync(settings, mail, ct);
            var at = Now();
            var rows = db.Notifications.Where(n => n.Id == mail.Id);
            if (error is null)
            {
                sent++;
                await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.EmailState, NotificationEmailState.Sent)
                    .SetProperty(n => n.EmailSentAt, at)
                    .SetProperty(n => n.EmailNextAttemptAt, (DateTime?)null)
                    .SetProperty(n => n.EmailLastError, (string?)null), ct);
            }
            else if (attempt >= settings.MaxAttempts)
            {
                log.LogError("Notification {Id}: e-mail given up after {Attempts} attempts: {Error}", mail.Id, attempt, error);
                await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.EmailState, NotificationEmailState.Failed)
                    .SetProperty(n => n.EmailNextAttemptAt, (DateTime?)null)
                    .SetProperty(n => n.EmailLastError, error), ct);
            }
            else
            {
                var next = at + settings.DelayAfter(attempt);
                log.LogWarning("Notification {Id}: e-mail attempt {Attempt} failed, next at {Next:O}: {Error}", mail.Id, attempt, next, error);
                await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(n => n.EmailNextAttemptAt, next)
                    .SetProperty(n => n.EmailLastError, error), ct);
            }
        }

        return sent;
    }

    /// <summary>Sends one e-mail; returns null, or why it failed (kept on the row, so short).</summary>
    private static async Task<string?> TrySendAsync(SmtpSettings settings, Outgoing mail, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(mail.Email))
        {
            return "宛先のメールアドレスがありません。";
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var message = Compose(settings, mail);
            using var client = new SmtpClient(settings.Host, settings.Port)
            {
                DeliveryMethod = SmtpDeliveryMethod.Network,
                EnableSsl = settings.UseStartTls,
                UseDefaultCredentials = false,
                // The token below is the deadline; the client's own (synchronous) timeout is only a backstop.
                Timeout = (int)(settings.Timeout + TimeSpan.FromSeconds(10)).TotalMilliseconds,
            };
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
            }

            await client.SendMailAsync(message, timeout.Token);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var text = timeout.IsCancellationRequested ? "SMTP サーバーが応答しません（タイムアウト）。" : Describe(e);
            return text.Length <= 500 ? text : text[..500];
        }
    }

    /// <summary>
    /// Plain text, UTF-8: the subject as an RFC 2047 encoded-word, the body base64 (Japanese text would be
    /// almost all escapes in quoted-printable), the link absolute so that it works from a mail client.
    /// </summary>
    internal static MailMessage Compose(SmtpSettings settings, Outgoing mail)
    {
        var link = settings.BaseUrl.TrimEnd('/') + mail.Link;
        var message = new MailMessage
        {
            From = new MailAddress(settings.From, settings.FromName, Encoding.UTF8),
            // A subject is one line whatever a title holds (titles are single-line by validation; old rows may not be).
            Subject = $"[Itaku] {string.Concat(mail.Title.Select(c => char.IsControl(c) ? ' ' : c))}",
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            Body = $"{mail.DisplayName} 様\r\n\r\n{mail.Body}\r\n\r\n詳細は次の画面でご確認ください。\r\n{link}\r\n\r\n-- \r\nこのメールは Itaku（委託先情報セキュリティ管理）から自動で送信しています。返信はできません。\r\n",
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.Base64,
            IsBodyHtml = false,
        };
        message.To.Add(new MailAddress(mail.Email!, mail.DisplayName, Encoding.UTF8));
        return message;
    }

    private static string Describe(Exception e)
    {
        var inner = e.InnerException is null ? "" : $" ({e.InnerException.Message})";
        return e is SmtpException smtp ? $"{(int)smtp.StatusCode} {smtp.Message}{inner}" : $"{e.GetType().Name}: {e.Message}{inner}";
    }

    /// <summary>Microseconds, as PostgreSQL keeps them: what is returned is what a later read returns.</summary>
    private DateTime Now() => AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);

    internal sealed record Outgoing(long Id, string Title, string Body, string Link, int Attempts, string? Email, string DisplayName);
}
