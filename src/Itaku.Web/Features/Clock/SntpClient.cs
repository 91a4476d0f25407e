using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Itaku.Web.Features.Clock;

/// <summary>A minimal SNTP (RFC 4330) client: one request, the clock offset and round-trip delay.</summary>
public static class SntpClient
{
    private static readonly DateTime Epoch = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public sealed record Sample(TimeSpan Offset, TimeSpan Delay, int Stratum);

    public static async Task<Sample> QueryAsync(string host, int port, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
        using var udp = new UdpClient(address.AddressFamily);
        udp.Connect(address, port);

        var request = new byte[48];
        request[0] = 0x23; // LI 0, version 4, mode 3 (client)
        var t1 = time.GetUtcNow().UtcDateTime;
        WriteTimestamp(request.AsSpan(40), t1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        await udp.SendAsync(request, deadline.Token);
        var reply = await udp.ReceiveAsync(deadline.Token);
        var t4 = time.GetUtcNow().UtcDateTime;

        var data = reply.Buffer;
        if (data.Length < 48 || (data[0] & 0x07) != 4 || data[1] == 0)
        {
            throw new InvalidDataException("The answer is not a valid NTP server reply (wrong mode or stratum 0).");
        }

        var t2 = ReadTimestamp(data.AsSpan(32));
        var t3 = ReadTimestamp(data.AsSpan(40));
        var offset = ((t2 - t1) + (t3 - t4)) / 2;
        var delay = (t4 - t1) - (t3 - t2);
        return new Sample(offset, delay, data[1]);
    }

    private static DateTime ReadTimestamp(ReadOnlySpan<byte> b)
    {
        var seconds = BinaryPrimitives.ReadUInt32BigEndian(b);
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
        return Epoch.AddSeconds(seconds).AddTicks((long)(fraction * (double)TimeSpan.TicksPerSecond / 4294967296.0));
    }

    private static void WriteTimestamp(Span<byte> b, DateTime utc)
    {
        var since = utc - Epoch;
        BinaryPrimitives.WriteUInt32BigEndian(b, (uint)since.TotalSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], (uint)(since.Ticks % TimeSpan.TicksPerSecond * 4294967296.0 / TimeSpan.TicksPerSecond));
    }
}
