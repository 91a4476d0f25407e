using System.Globalization;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Notifications;

/// <summary>
/// The inbox, and the one way features notify people. The <c>Notify…</c> methods only <b>add</b> rows to
/// the caller's <see cref="ItakuDbContext"/> and never save: the notifications commit with the caller's
/// <c>SaveChangesAsync</c>, in the same transaction as the change and its audit event, or not at all — a
/// rolled-back submission announces nothing. Call them before that save. The actor (the signed-in user)
/// is never notified of their own act. E-mail copies are marked pending here and sent after commit by
/// <see cref="NotificationMailer"/>.
/// </summary>
public sealed class NotificationService(ItakuDbContext db, CurrentUser current, TimeProvider time, IOptions<SmtpSettings> smtp, OfficeCalendar calendar)
{
    public const int MaxTitle = 200;
    public const int MaxBody = 2000;
    public const int MaxLink = 400;
    public const int MaxDedupKey = 200;

    /// <summary>Notifies the given users (unknown ids and the actor are skipped). Returns how many notifications were added.</summary>
    public async Task<int> NotifyUsersAsync(IEnumerable<Guid> recipients, NotificationMessage message, CancellationToken ct)
    {
        Check(message);
        var ids = recipients.Distinct().Where(id => id != current.IdOrNull).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        return await AddAsync(users.Select(u => (u.Id, u.Email)).ToList(), message, ct);
    }

    /// <summary>
    /// Notifies one side of a contract: <see cref="ContractSide.Client"/> = its Owner and Reviewer members,
    /// <see cref="ContractSide.Contractor"/> = its Responsible and Supervisor members (never the actor).
    /// </summary>
    public async Task<int> NotifyContractSideAsync(long contractId, ContractSide side, NotificationMessage message, CancellationToken ct)
    {
        Check(message);
        var actor = current.IdOrNull;
        var members = db.ContractMembers.AsNoTracking().Where(m => m.ContractId == contractId && m.UserId != actor);
        members = side == ContractSide.Client
            ? members.Where(m => m.Role == ContractRole.Owner || m.Role == ContractRole.Reviewer)
            : members.Where(m => m.Role == ContractRole.Responsible || m.Role == ContractRole.Supervisor);
        var users = await members
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, u.Email })
            .Distinct()
            .ToListAsync(ct);
        return await AddAsync(users.Select(u => (u.Id, u.Email)).ToList(), message with { ContractId = contractId }, ct);
    }

    /// <summary>
    /// Notifies the side of the contract the actor is not on: a contractor's submission goes to the client,
    /// a client's return or decision to the contractor. The actor's side is their role on the contract, or,
    /// for a non-member (an administrator), their account's side. Needs a signed-in actor.
    /// </summary>
    public async Task<int> NotifyOtherSideAsync(long contractId, NotificationMessage message, CancellationToken ct)
    {
        var side = await ActorSideAsync(contractId, ct);
        return await NotifyContractSideAsync(contractId, side == ContractSide.Client ? ContractSide.Contractor : ContractSide.Client, message, ct);
    }

    /// <summary>
    /// For a daily job: sends <paramref name="recipient"/> one message listing <paramref name="items"/> — what is
    /// overdue, due soon or past its approval — at most once a day (today in <c>Display:TimeZone</c>): a second
    /// call on the same day adds nothing and returns 0, and the job keeps those items for the next day.
    /// </summary>
    public Task<int> RemindDueAsync(Guid recipient, IReadOnlyList<DueReminder> items, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return Task.FromResult(0);
        }

        var ja = CultureInfo.GetCultureInfo("ja-JP");
        string Day(DateOnly d) => JapaneseDates.Format(d, DateStyle.Gregorian, ja);
        var ordered = items.OrderBy(i => i.Stage switch { DueStage.Overdue => 0, DueStage.ApprovalExpired => 1, _ => 2 })
            .ThenBy(i => i.DueDate).ThenBy(i => i.ContractNumber, StringComparer.Ordinal).ToList();
        var lines = ordered.Select(i => i.Stage switch
        {
            DueStage.Overdue => $"・期限超過　{i.ContractNumber}　{i.Subject}（期限 {Day(i.DueDate)}）",
            DueStage.ApprovalExpired => $"・承認期限切れ　{i.ContractNumber}　{i.Subject}（承認の有効期限 {Day(i.DueDate)}）",
            _ => $"・期限間近　{i.ContractNumber}　{i.Subject}（期限 {Day(i.DueDate)}）",
        });
        var contracts = items.Select(i => i.ContractId).Distinct().ToList();
        var single = contracts.Count == 1 ? contracts[0] : (long?)null;
        var counts = string.Join("、", new[]
        {
            (Stage: DueStage.Overdue, Name: "期限超過"), (Stage: DueStage.ApprovalExpired, Name: "承認期限切れ"), (Stage: DueStage.DueSoon, Name: "期限間近"),
        }.Select(s => (s.Name, N: items.Count(i => i.Stage == s.Stage))).Where(s => s.N > 0).Select(s => $"{s.Name}{s.N}件"));
        var message = new NotificationMessage(
            "due.digest", $"期限のお知らせ：{counts}", "期限を確認してください。\n" + string.Join("\n", lines),
            single is { } id ? $"/Contracts/{id}" : "/", single,
            $"due.digest:{calendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        return NotifyUsersAsync([recipient], message, ct);
    }

    /// <summary>The caller's own notifications, newest first; <paramref name="unread"/> = true for unread ones only.</summary>
    public async Task<CursorPage<NotificationDto>> ListAsync(bool? unread, string? cursor, int? limit, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var before = Cursor.DecodeLong(cursor);
        var query = Mine();
        if (unread == true)
        {
            query = query.Where(n => n.ReadAt == null);
        }

        if (before is not null)
        {
            query = query.Where(n => n.Id < before);
        }

        var rows = await query.OrderByDescending(n => n.Id).Take(take + 1).ToListAsync(ct);
        var page = Cursor.ToPage(rows, take, n => n.Id.ToString(CultureInfo.InvariantCulture));
        return new CursorPage<NotificationDto>(page.Items.Select(n => n.ToDto()).ToList(), page.NextCursor);
    }

    /// <summary>The badge in the header: one indexed COUNT.</summary>
    public Task<int> UnreadCountAsync(CancellationToken ct) =>
        Mine().CountAsync(n => n.ReadAt == null, ct);

    /// <summary>
    /// Marks one of the caller's notifications read (again is harmless). Another user's id is a 404, as if
    /// it did not exist. Not audited: it is the reader's own inbox state, not an act on any record.
    /// </summary>
    public async Task<NotificationDto> MarkReadAsync(long id, CancellationToken ct)
    {
        var me = current.Id;
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.RecipientId == me, ct)
            ?? throw new NotFoundException("お知らせが見つかりません。");
        if (notification.ReadAt is null)
        {
            notification.ReadAt = Now();
            await db.SaveChangesAsync(ct);
        }

        return notification.ToDto();
    }

    /// <summary>Marks all the caller's unread notifications read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(CancellationToken ct)
    {
        var me = current.Id;
        var now = Now();
        return await db.Notifications
            .Where(n => n.RecipientId == me && n.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }

    private IQueryable<Notification> Mine()
    {
        var me = current.Id;
        return db.Notifications.AsNoTracking().Where(n => n.RecipientId == me);
    }

    private async Task<ContractSide> ActorSideAsync(long contractId, CancellationToken ct)
    {
        var actor = current.IdOrNull ?? throw new InvalidOperationException("NotifyOtherSideAsync needs a signed-in actor; a job names the side with NotifyContractSideAsync.");
        var roles = await db.ContractMembers.AsNoTracking()
            .Where(m => m.ContractId == contractId && m.UserId == actor)
            .Select(m => m.Role)
            .ToListAsync(ct);
        if (roles.Count > 0)
        {
            return roles[0].IsClientRole() ? ContractSide.Client : ContractSide.Contractor;
        }

        return current.Role == GlobalRole.ContractorStaff ? ContractSide.Contractor : ContractSide.Client;
    }

    private async Task<int> AddAsync(List<(Guid Id, string? Email)> recipients, NotificationMessage message, CancellationToken ct)
    {
        if (message.DedupKey is { } key && recipients.Count > 0)
        {
            var ids = recipients.Select(r => r.Id).ToList();
            var already = await db.Notifications.AsNoTracking()
                .Where(n => n.DedupKey == key && ids.Contains(n.RecipientId))
                .Select(n => n.RecipientId)
                .ToListAsync(ct);
            already.AddRange(db.Notifications.Local.Where(n => n.DedupKey == key).Select(n => n.RecipientId));
            recipients = recipients.Where(r => !already.Contains(r.Id)).ToList();
        }

        var now = Now();
        var email = smtp.Value.Enabled;
        foreach (var (id, address) in recipients)
        {
            var pending = email && !string.IsNullOrWhiteSpace(address);
            db.Notifications.Add(new Notification
            {
                RecipientId = id,
                ContractId = message.ContractId,
                Kind = message.Kind,
                Title = Cut(message.Title, MaxTitle),
                Body = Cut(message.Body, MaxBody),
                Link = message.Link,
                CreatedAt = now,
                DedupKey = message.DedupKey,
                EmailState = pending ? NotificationEmailState.Pending : NotificationEmailState.None,
                EmailNextAttemptAt = pending ? now : null,
            });
        }

        return recipients.Count;
    }

    /// <summary>A wrong message is the calling feature's bug, not the user's input: it fails loudly.</summary>
    private static void Check(NotificationMessage message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Title);
        if (message.Kind.Length > 64)
        {
            throw new ArgumentException("A notification kind has at most 64 characters.", nameof(message));
        }

        // A local path only: an e-mail link must never lead off this instance.
        if (message.Link.Length > MaxLink || !message.Link.StartsWith('/') || message.Link.StartsWith("//", StringComparison.Ordinal)
            || message.Link.Contains('\\', StringComparison.Ordinal) || !Uri.IsWellFormedUriString(message.Link, UriKind.Relative))
        {
            throw new ArgumentException($"A notification link is a local path such as /Contracts/1, not '{message.Link}'.", nameof(message));
        }

        if (message.DedupKey is { Length: 0 or > MaxDedupKey })
        {
            throw new ArgumentException($"A dedup key has 1 to {MaxDedupKey} characters.", nameof(message));
        }
    }

    /// <summary>Microseconds, as PostgreSQL keeps them: what is returned is what a later read returns.</summary>
    private DateTime Now() => AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
