using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Itaku.Web.Features.Clock;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Clock;

/// <summary>S17: the server clock is checked against a real NTP server (Debian's chronyd on loopback, run with -x).</summary>
public sealed class ClockCheckTests : IAsyncLifetime
{
    private readonly int _ntpPort = FreeUdpPort();
    private readonly string _dir = Directory.CreateTempSubdirectory("itaku-chrony-").FullName;
    private Process? _chronyd;
    private ClockFactory _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var chronyd = new[] { "/usr/sbin/chronyd", "/usr/bin/chronyd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chronyd is not installed: ./scripts/test.sh installs the Debian package chrony.");
        var conf = Path.Combine(_dir, "chrony.conf");
        await File.WriteAllTextAsync(conf,
            $"port {_ntpPort}\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\ncmdport 0\npidfile {_dir}/chronyd.pid\n", Ct);
        var info = new ProcessStartInfo(chronyd) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-x", "-d", "-f", conf }.Concat(Environment.UserName == "root" ? ["-u", "root"] : Array.Empty<string>()))
        {
            info.ArgumentList.Add(arg);
        }

        _chronyd = Process.Start(info)!;
        _chronyd.BeginErrorReadLine();
        _chronyd.BeginOutputReadLine();
        _factory = new ClockFactory(_ntpPort);
        _ = _factory.Server;
        await Task.Delay(500, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (_chronyd is { HasExited: false })
        {
            _chronyd.Kill();
            await _chronyd.WaitForExitAsync();
        }

        _chronyd?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ClockCheck_MeasuresTheOffsetAgainstChrony_RecordsIt_AndReportsAnUnreachableServer()
    {
        var service = _factory.Services.GetRequiredService<ClockCheckService>();

        // The application's clock is the injected TimeProvider: bring the test clock to the wall clock first.
        _factory.Clock.Advance(DateTimeOffset.UtcNow - _factory.Clock.GetUtcNow());
        IReadOnlyList<ClockCheck> results = [];
        for (var attempt = 0; attempt < 10 && (results.Count == 0 || results[0].OffsetMilliseconds is null); attempt++)
        {
            results = await service.CheckAsync(Ct); // chronyd may take a moment to answer after starting
            if (results[0].OffsetMilliseconds is null)
            {
                await Task.Delay(300, Ct);
            }
        }

        var good = results.Single(r => r.Server == $"127.0.0.1:{_ntpPort}");
        good.Error.ShouldBeNull();
        good.OffsetMilliseconds.ShouldNotBeNull();
        Math.Abs(good.OffsetMilliseconds!.Value).ShouldBeLessThan(1000);
        good.Warning.ShouldBeFalse();

        var dead = results.Single(r => r.Server == "127.0.0.1:9");
        dead.Warning.ShouldBeTrue();
        dead.Error.ShouldNotBeNull();

        // A clock 3 s fast is measured as such and flagged.
        _factory.Clock.Advance(TimeSpan.FromSeconds(3));
        var fast = (await service.CheckAsync(Ct)).Single(r => r.Server == $"127.0.0.1:{_ntpPort}");
        fast.OffsetMilliseconds!.Value.ShouldBeInRange(-4000, -2000);
        fast.Warning.ShouldBeTrue();

        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var recorded = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "clock.checked").ToListAsync(Ct);
        recorded.Select(e => e.SubjectId).ShouldContain($"127.0.0.1:{_ntpPort}");
        recorded.ShouldAllBe(e => e.LedgerIndex != null);
        service.Latest.Count.ShouldBe(2);
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private sealed class ClockFactory(int port) : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Clock:Servers:0"] = $"127.0.0.1:{port}",
            ["Clock:Servers:1"] = "127.0.0.1:9",
            ["Clock:Interval"] = "01:00:00",
            ["Clock:Timeout"] = "00:00:01",
        };
    }
}
