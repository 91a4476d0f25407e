using System.Net;
using System.Net.Sockets;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>The application on a real Kestrel socket on loopback, for the browser.</summary>
public sealed class KestrelFactory : ItakuFactory
{
    public KestrelFactory()
    {
        Port = FreePort();
        UseKestrel(Port);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
