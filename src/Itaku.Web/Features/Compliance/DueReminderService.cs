using System.Data.Common;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// Once a day (<c>Compliance:ReminderInterval</c>), tells the side that owes each obligation of a live
/// contract when it is due soon and again when it is overdue — in the inbox and, when SMTP is set up,
/// by e-mail. Each stage of each due date reaches each person once (the notifications' de-duplication key),
/// however often the job runs.
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

    /// <summary>Reminds now; returns how many notifications were created (0 when everything was already sent).</summary>
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
                .Select(c => c.Id).ToListAsync(ct);
            var created = 0;
            foreach (var (contractId, matrix) in await compliance.AssessAsync(live, ct))
            {
                foreach (var item in matrix.Items.Where(i => i.Status is ComplianceStatus.DueSoon or ComplianceStatus.Overdue && i.NextDue is not null))
                {
                    ContractSide[] sides = item.Party switch
                    {
                        "client" => [ContractSide.Client],
                        "contractor" => [ContractSide.Contractor],
                        _ => [ContractSide.Client, ContractSide.Contractor],
                    };
                    foreach (var side in sides)
                    {
                        created += await notifications.RemindDueAsync(new DueReminder(
                            contractId, side, item.Description?.Ja ?? item.Key, item.NextDue!.Value,
                            $"/Contracts/{contractId}", $"{contractId}:{item.Key}"), ct);
                    }
                }
            }

            await db.SaveChangesAsync(ct);
            return created;
        }
        finally
        {
            _running.Release();
        }
    }
}
