using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Itaku.Web.Features.LogSources;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Ledger;

/// <summary>Syslog over TCP, sent by the real util-linux <c>logger</c>, lands in the source's ledger log.</summary>
public sealed class SyslogTests : IAsyncLifetime
{
    private readonly SyslogFactory _factory = new();
    private World _world = null!;
    private CreatedLogSourceDto _source = null!;
    private IPEndPoint _endpoint = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var response = await responsible.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/log-sources", new { name = "syslog 中継" }, Ct);
        _source = (await response.Content.ReadFromJsonAsync<CreatedLogSourceDto>(Ct))!;
        _source.Source.Id.ShouldBe(1, "the factory's allow-list names source 1");
        _endpoint = await _factory.Services.GetRequiredService<SyslogReceiver>().Listening.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Rfc5424WithOctetCounting_AndRfc3164WithLfFraming_FromLogger_AreStored()
    {
        await LoggerAsync("--rfc5424", "--octet-count", "-t", "juminhyo", "住民票を参照 user01");
        await LoggerAsync("--rfc3164", "-t", "gate", "入室 カード 0042");

        var events = await WaitForEntriesAsync(2);
        var modern = events.Single(e => e.GetProperty("event").GetProperty("format").GetString() == "rfc5424").GetProperty("event");
        modern.GetProperty("app").GetString().ShouldBe("juminhyo");
        modern.GetProperty("message").GetString().ShouldBe("住民票を参照 user01");
        var bsd = events.Single(e => e.GetProperty("event").GetProperty("format").GetString() == "rfc3164").GetProperty("event");
        bsd.GetProperty("app").GetString().ShouldBe("gate");
        bsd.GetProperty("message").GetString().ShouldBe("入室 カード 0042");
        bsd.GetProperty("time").GetString().ShouldNotBeNull();
    }

    [Fact]
    public async Task SenderNotOnTheAllowList_IsRefused_AndNothingIsStored()
    {
        using var client = new TcpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        await client.ConnectAsync(_endpoint, Ct);
        var frame = Encoding.UTF8.GetBytes("<14>1 2026-11-22T10:00:00+09:00 host app - - - intruder\n");
        try
        {
            await client.GetStream().WriteAsync(frame, Ct);
        }
        catch (IOException)
        {
            // The receiver may already have closed the connection.
        }

        await Task.Delay(1000, Ct);
        (await StoredAsync()).Count.ShouldBe(0);
    }

    [Fact]
    public async Task AMessageShapedLikeJson_OrNotUtf8_StaysInsideTheEvent_AndTheLeafHasOnlyItakusFields()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_endpoint, Ct);
        var forged = "{\"a\":1},\"receivedAt\":\"2020-01-01T00:00:00.000000Z\"}";
        var frames = Encoding.UTF8.GetBytes($"<14>1 2026-11-22T10:00:00+09:00 host app - - - {forged}\n<14>1 2026-11-22T10:00:01+09:00 host app - - - bad ")
            .Concat(new byte[] { 0xC3, 0x28, 0xFF, (byte)'\n' }).ToArray();
        await client.GetStream().WriteAsync(frames, Ct);
        client.Close();

        var events = await WaitForEntriesAsync(2);
        foreach (var leaf in events)
        {
            leaf.EnumerateObject().Select(p => p.Name).ShouldBe(["receivedAt", "event"]);
            leaf.GetProperty("receivedAt").GetString().ShouldNotStartWith("2020");
        }

        events[0].GetProperty("event").GetProperty("message").GetString().ShouldBe(forged);
        events[1].GetProperty("event").GetProperty("message").GetString().ShouldBe("bad \uFFFD(\uFFFD");
    }

    private async Task LoggerAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("logger") { RedirectStandardError = true };
        foreach (var a in new[] { "--tcp", "--server", "127.0.0.1", "--port", _endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        await process.WaitForExitAsync(Ct);
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync(Ct));
    }

    private async Task<List<JsonElement>> WaitForEntriesAsync(int count)
    {
        for (var i = 0; i < 100; i++)
        {
            var stored = await StoredAsync();
            if (stored.Count >= count)
            {
                return stored.Select(d => JsonDocument.Parse(d).RootElement).ToList();
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"Fewer than {count} syslog entries stored within 10 s.");
    }

    private async Task<List<byte[]>> StoredAsync()
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        return await db.LedgerEntries.AsNoTracking().Where(e => e.LogId == _source.Source.LogId).OrderBy(e => e.Index).Select(e => e.Data).ToListAsync(Ct);
    }

    private sealed class SyslogFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Syslog:Enabled"] = "true",
            ["Syslog:Bind"] = "127.0.0.1:0",
            ["Syslog:Sources:0:SourceId"] = "1",
            ["Syslog:Sources:0:AllowedSenders:0"] = "127.0.0.1",
        };
    }
}
