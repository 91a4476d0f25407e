using System.Globalization;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Clock;

/// <summary>One check of one server: its offset, or why it could not be measured.</summary>
public sealed record ClockCheck(string Server, DateTime CheckedAt, double? OffsetMilliseconds, double? DelayMilliseconds, bool Warning, string? Error);

/// <summary>
/// Checks the server clock against the configured NTP servers (S17: accurate, synchronised clocks on
/// log servers). Every result is written to the audit trail — so it sits in the evidence ledger —
/// and the latest ones are kept for the administrator's page; an offset above the bound is a warning.
/// </summary>
public sealed class ClockCheckService(IOptions<ClockSettings> options, IServiceScopeFactory scopes, TimeProvider time, ILogger<ClockCheckService> log)
    : BackgroundService
{
    private volatile IReadOnlyList<ClockCheck> _latest = [];

    public IReadOnlyList<ClockCheck> Latest => _latest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Servers.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The clock check failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<IReadOnlyList<ClockCheck>> CheckAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var results = new List<ClockCheck>();
        foreach (var server in settings.Servers)
        {
            var (host, port) = Split(server);
            var at = AuditTrail.Microseconds(time.GetUtcNow().UtcDateTime);
            try
            {
                var sample = await SntpClient.QueryAsync(host, port, settings.Timeout, time, ct);
                var warning = sample.Offset.Duration() > settings.WarnOffset;
                results.Add(new ClockCheck(server, at, Math.Round(sample.Offset.TotalMilliseconds, 3), Math.Round(sample.Delay.TotalMilliseconds, 3), warning, null));
                if (warning)
                {
                    log.LogWarning("The server clock is off by {Offset} ms against {Server}", sample.Offset.TotalMilliseconds, server);
                }
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or OperationCanceledException or InvalidDataException && !ct.IsCancellationRequested)
            {
                results.Add(new ClockCheck(server, at, null, null, true, e is OperationCanceledException ? "応答がありません（タイムアウト）" : e.Message));
                log.LogWarning("NTP server {Server} could not be checked: {Error}", server, e.Message);
            }
        }

        await using var scope = scopes.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        foreach (var r in results)
        {
            audit.Record("clock.checked", "NtpServer", r.Server, details: new { r.OffsetMilliseconds, r.DelayMilliseconds, r.Warning, r.Error }, actor: "system");
        }

        await scope.ServiceProvider.GetRequiredService<ItakuDbContext>().SaveChangesAsync(ct);
        _latest = results;
        return results;
    }

    private static (string Host, int Port) Split(string server)
    {
        var colon = server.LastIndexOf(':');
        return colon > 0 && int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (server[..colon], port)
            : (server, 123);
    }
}
