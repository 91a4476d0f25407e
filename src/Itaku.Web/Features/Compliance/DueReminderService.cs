using System.Data.Common;
using System.Globalization;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// Once a day (<c>Compliance:ReminderInterval</c>), tells the side that owes each obligation of a live
/// (Active or Closing) contract when it is due soon, again when it is overdue, and when the approval that
/// evidenced it has expired — in the inbox and, when SMTP is set up, by e-mail. Each person gets at most one
/// message a day, listing everything new for them across their contracts; each stage of each due date
/// reaches each person once (<see cref="DueReminderMark"/>), however often the job runs.
/// </summary>
public sealed class DueReminderService(
    IServiceScopeFactory scopes, IOptions<ComplianceSettings> settings, TimeProvider time, ILogger<DueReminderService> log)
    : BackgroundService
{
    private readonly SemaphoreSlim _running = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Value.ReminderInterval <= TimeSpan.Zero)
        {
            return;
        }

        // Shortly after start-up, then once per interval, so that an instance restarted daily still reminds.
        await Task.Delay(TimeSpan.FromMinutes(5), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(settings.Value.ReminderInterval);
        do
        {
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var sent = await RunAsync(stoppingToken);
                log.LogInformation("Due-date reminders: {Count} notifications created", sent);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
            {
                log.LogError(e, "Due-date reminders failed to run");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Reminds now: each person on the owing side of a live contract gets one digest of the obligations newly
    /// overdue, due soon or past their approval, at most one a day; returns how many digests were created
    /// (0 when everything was already sent, or today's digests already went out).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
            var compliance = scope.ServiceProvider.GetRequiredService<ComplianceService>();
            var notifications = scope.ServiceProvider.GetRequiredService<NotificationService>();
            var live = await db.Contracts.AsNoTracking()
                .Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Closing)
                .Select(c => new { c.Id, c.Number }).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
            var ids = live.Keys.ToList();
            var members = await db.ContractMembers.AsNoTracking().Where(m => ids.Contains(m.ContractId))
                .Select(m => new { m.ContractId, m.UserId, m.Role }).ToListAsync(ct);
            var byRecipient = new Dictionary<Guid, List<DueReminder>>();
            foreach (var (contractId, matrix) in await compliance.AssessAsync(ids, ct))
            {
                foreach (var item in matrix.Items)
                {
                    if (Reminder(contractId, live[contractId], item) is not { } reminder)
                    {
                        continue;
                    }

                    bool Owes(ContractRole role) => item.Party switch
                    {
                        "client" => role is ContractRole.Owner or ContractRole.Reviewer,
                        "contractor" => role is ContractRole.Responsible or ContractRole.Supervisor,
                        _ => role is ContractRole.Owner or ContractRole.Reviewer or ContractRole.Responsible or ContractRole.Supervisor,
                    };
                    foreach (var m in members.Where(m => m.ContractId == contractId && Owes(m.Role)))
                    {
                        if (!byRecipient.TryGetValue(m.UserId, out var list))
                        {
                            byRecipient[m.UserId] = list = [];
                        }

                        list.Add(reminder);
                    }
                }
            }

            var recipients = byRecipient.Keys.ToList();
            var sent = (await db.Set<DueReminderMark>().AsNoTracking().Where(m => recipients.Contains(m.RecipientId))
                .Select(m => new { m.RecipientId, m.ItemKey }).ToListAsync(ct))
                .Select(m => (m.RecipientId, m.ItemKey)).ToHashSet();
            var today = compliance.Today;
            var created = 0;
            foreach (var (recipient, all) in byRecipient)
            {
                var items = all.DistinctBy(i => i.ItemKey).Where(i => !sent.Contains((recipient, i.ItemKey))).ToList();
                if (await notifications.RemindDueAsync(recipient, items, ct) == 0)
                {
                    continue; // nothing new, or today's digest already went out: these wait for tomorrow's
                }

                created++;
                db.Set<DueReminderMark>().AddRange(items.Select(i => new DueReminderMark { RecipientId = recipient, ItemKey = i.ItemKey, SentOn = today }));
            }

            await db.SaveChangesAsync(ct);
            return created;
        }
        finally
        {
            _running.Release();
        }
    }

    /// <summary>What to remind of for one row of the matrix, keyed by stage and date; null when nothing is.</summary>
    private static DueReminder? Reminder(long contractId, string number, ContractObligationDto item)
    {
        var (stage, date) = item.Status switch
        {
            ComplianceStatus.Overdue when item.NextDue is { } d => (DueStage.Overdue, d),
            ComplianceStatus.DueSoon when item.NextDue is { } d => (DueStage.DueSoon, d),
            ComplianceStatus.ApprovalExpired when item.Records.Max(r => r.ValidUntil) is { } until => (DueStage.ApprovalExpired, until),
            _ => ((DueStage?)null, default(DateOnly)),
        };
        if (stage is not { } s)
        {
            return null;
        }

        var key = $"{s switch { DueStage.Overdue => "overdue", DueStage.DueSoon => "soon", _ => "approval-expired" }}:{contractId}:{item.Key}:{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return new DueReminder(contractId, number, item.Description?.Ja ?? item.Key, s, date, key[..Math.Min(key.Length, DueReminderMark.MaxItemKey)]);
    }
}
