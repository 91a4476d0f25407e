using System.Net;
using System.Net.Sockets;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.LogSources;

/// <summary>
/// Syslog over TCP (RFC 5424 and RFC 3164; RFC 6587 octet-counting or LF framing). A connection is
/// accepted only from an address on some source's allow-list, and its messages go into that source's
/// ledger log in batches — committed when the batch is full, when the sender pauses, and at the end.
/// </summary>
public sealed class SyslogReceiver(IOptions<SyslogSettings> options, IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider time, ILogger<SyslogReceiver> log)
    : BackgroundService
{
    private const int MaxFrame = IngestService.MaxLineBytes;
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connections;

    /// <summary>Connections being served now (at most <see cref="SyslogSettings.MaxConnections"/>).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Where the receiver listens, once it does (port 0 in the settings picks a free one).</summary>
    public Task<IPEndPoint> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        var listener = new TcpListener(IPEndPoint.Parse(settings.Bind));
        listener.Start();
        var endpoint = (IPEndPoint)listener.LocalEndpoint;
        log.LogInformation("Syslog receiver listening on tcp://{Endpoint}", endpoint);
        _listening.TrySetResult(endpoint);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken);
                if (Interlocked.Increment(ref _connections) > settings.MaxConnections)
                {
                    Interlocked.Decrement(ref _connections);
                    log.LogWarning("Syslog connection from {Remote} refused: {Max} connections are open (Syslog:MaxConnections)", client.Client.RemoteEndPoint, settings.MaxConnections);
                    client.Dispose();
                    continue;
                }

                _ = Task.Run(async () =>
                {
                    try
                    {
                        await HandleAsync(client, settings, stoppingToken);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _connections);
                    }
                }, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task HandleAsync(TcpClient client, SyslogSettings settings, CancellationToken stop)
    {
        using var _ = client;
        var remote = ((IPEndPoint)client.Client.RemoteEndPoint!).Address;
        remote = remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote;
        var sourceId = settings.Sources.FirstOrDefault(s => s.AllowedSenders.Any(a => IPAddress.TryParse(a, out var ip) && ip.Equals(remote)))?.SourceId;
        if (sourceId is null)
        {
            log.LogWarning("Syslog connection from {Remote} refused: the address is on no log source's allow-list", remote);
            return;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Display:TimeZone"] ?? "Asia/Tokyo");
        var stream = client.GetStream();
        var buffer = new byte[MaxFrame + 16];
        var filled = 0;
        var pending = new List<(byte[] Json, DateTime EventTime)>();
        Task<int>? read = null;
        // Closes a connection that sends nothing for IdleTimeout: restarted after every read.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
        idle.CancelAfter(settings.IdleTimeout);
        try
        {
            while (true)
            {
                read ??= stream.ReadAsync(buffer.AsMemory(filled), idle.Token).AsTask();
                if (pending.Count > 0 && await Task.WhenAny(read, Task.Delay(settings.FlushInterval, stop)) != read)
                {
                    await FlushAsync(sourceId.Value, pending, stop);
                    continue;
                }

                int n;
                try
                {
                    n = await read;
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested && !stop.IsCancellationRequested)
                {
                    log.LogInformation("Syslog connection from {Remote} closed: idle for {Idle} (Syslog:IdleTimeout)", remote, settings.IdleTimeout);
                    break;
                }

                read = null;
                if (n == 0)
                {
                    break;
                }

                idle.CancelAfter(settings.IdleTimeout);

                filled += n;
                var consumed = Extract(buffer.AsSpan(0, filled), pending, zone);
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    log.LogWarning("Syslog connection from {Remote} closed: a message is longer than {Max} bytes", remote, MaxFrame);
                    break;
                }

                if (pending.Count >= settings.BatchSize)
                {
                    await FlushAsync(sourceId.Value, pending, stop);
                }
            }

            await FlushAsync(sourceId.Value, pending, stop);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or DbUpdateException or InvalidOperationException)
        {
            log.LogWarning(e, "Syslog connection from {Remote} ended with an error; {Count} unsaved message(s) were dropped", remote, pending.Count);
        }
    }

    /// <summary>Takes every complete frame off the front of <paramref name="data"/>; returns how many bytes were used.</summary>
    private int Extract(ReadOnlySpan<byte> data, List<(byte[], DateTime)> pending, TimeZoneInfo zone)
    {
        var position = 0;
        var now = time.GetUtcNow().UtcDateTime;
        while (position < data.Length)
        {
            var rest = data[position..];
            if (rest[0] is (byte)'\n' or (byte)'\r' or (byte)' ')
            {
                position++;
                continue;
            }

            // RFC 6587: "LEN SP MSG" (octet counting) when the frame starts with a length, else LF-delimited.
            if (TryOctetCounted(rest, out var counted, out var used, out var needMore))
            {
                position += used;
                pending.Add(SyslogMessage.Parse(SyslogMessage.Decode(counted).TrimEnd('\n', '\r'), now, zone));
                continue;
            }

            if (needMore)
            {
                break;
            }

            var newline = rest.IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            position += newline + 1;
            pending.Add(SyslogMessage.Parse(SyslogMessage.Decode(rest[..newline]).TrimEnd('\r'), now, zone));
        }

        return position;
    }

    /// <summary>
    /// An octet-counted frame at the start of <paramref name="data"/>; <paramref name="needMore"/> when it
    /// starts like one but is not complete yet. A leading number that is no valid length means LF framing.
    /// </summary>
    private static bool TryOctetCounted(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> frame, out int used, out bool needMore)
    {
        frame = default;
        used = 0;
        needMore = false;
        if (!char.IsAsciiDigit((char)data[0]))
        {
            return false;
        }

        var space = data.IndexOf((byte)' ');
        if (space < 0)
        {
            needMore = data.Length < 8; // a length is at most a few digits
            return false;
        }

        if (!int.TryParse(data[..space], out var length) || length > MaxFrame)
        {
            return false;
        }

        if (data.Length < space + 1 + length)
        {
            needMore = true;
            return false;
        }

        frame = data.Slice(space + 1, length);
        used = space + 1 + length;
        return true;
    }

    private async Task FlushAsync(long sourceId, List<(byte[] Json, DateTime EventTime)> pending, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItakuDbContext>();
        var source = await db.LogSources.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sourceId && s.RevokedAt == null && s.DisabledAt == null, ct)
            ?? throw new InvalidOperationException($"Syslog:Sources names log source {sourceId}, which does not exist, is revoked or is disabled.");
        await scope.ServiceProvider.GetRequiredService<IngestService>().IngestParsedAsync(source, pending, ct);
        pending.Clear();
    }
}
