using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>The syslog receiver caps its connections (Syslog:MaxConnections) and closes idle ones (Syslog:IdleTimeout).</summary>
public sealed class SyslogLimitsTests : IAsyncLifetime
{
    private readonly LimitedSyslogFactory _factory = new();
    private World _world = null!;
    private CreatedLogSourceDto _source = null!;
    private IPEndPoint _endpoint = null!;
    private SyslogReceiver _receiver = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var response = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "syslog 中継" }, Ct);
        _source = (await response.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        _receiver = _factory.Services.GetRequiredService<SyslogReceiver>();
        _endpoint = await _receiver.Listening.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task AConnectionPastTheCap_IsClosed_WhileTheOpenOnesStillDeliver()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        await WaitUntilAsync(() => _receiver.Connections == 2);

        using var third = await ConnectAsync();
        (await ReadsEndAsync(third, TimeSpan.FromSeconds(2))).ShouldBeTrue("the third connection is closed by the receiver");
        _receiver.Connections.ShouldBe(2);

        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes("<14>1 2026-11-22T10:00:00+09:00 host app - - - still served\n"), Ct);
        await WaitUntilAsync(() => StoredAsync().GetAwaiter().GetResult() == 1);
    }

    [Fact]
    public async Task AnIdleConnection_IsClosed_AfterTheIdleTimeout_ButOneThatKeepsSendingIsNot()
    {
        using var idle = await ConnectAsync();
        using var busy = await ConnectAsync();
        var clock = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await busy.GetStream().WriteAsync(Encoding.UTF8.GetBytes($"<14>1 2026-11-22T10:00:00+09:00 host app - - - tick {i}\n"), Ct);
                await Task.Delay(500, Ct);
            }
        }, Ct);

        (await ReadsEndAsync(idle, TimeSpan.FromSeconds(9))).ShouldBeTrue("the idle connection is closed");
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(3.5));
        await sending;                                   // the busy one was never closed: every write went through
        await WaitUntilAsync(() => StoredAsync().GetAwaiter().GetResult() == 12);
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(_endpoint, Ct);
        return client;
    }

    /// <summary>True when the server closes the connection (a read returns 0 or fails) within <paramref name="within"/>.</summary>
    private static async Task<bool> ReadsEndAsync(TcpClient client, TimeSpan within)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(within);
        try
        {
            return await client.GetStream().ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }

        condition().ShouldBeTrue();
    }

    private async Task<int> StoredAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerEntries.CountAsync(e => e.LogId == _source.Source.LogId);
    }

    private sealed class LimitedSyslogFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Syslog:Enabled"] = "true",
            ["Syslog:Bind"] = "127.0.0.1:0",
            ["Syslog:Sources:0:SourceId"] = "1",
            ["Syslog:Sources:0:AllowedSenders:0"] = "127.0.0.1",
            ["Syslog:MaxConnections"] = "2",
            ["Syslog:IdleTimeout"] = "00:00:04",
        };
    }
}
