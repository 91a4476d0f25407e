namespace Itaku.Web.Features.LogSources;

/// <summary>Section <c>Syslog</c>: the TCP syslog receiver (RFC 5424 and 3164, RFC 6587 framing). Off by default.</summary>
public sealed class SyslogSettings
{
    public bool Enabled { get; set; }

    /// <summary>Address and port to listen on, e.g. 0.0.0.0:6514.</summary>
    public string Bind { get; set; } = "127.0.0.1:6514";

    /// <summary>Which log source a sender's messages go to: a sender not listed is refused.</summary>
    public List<SyslogSourceSettings> Sources { get; set; } = [];

    /// <summary>Messages from one connection are committed in batches of at most this many, at least every <see cref="FlushInterval"/>.</summary>
    public int BatchSize { get; set; } = 1000;

    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Connections open at once, from all senders; a connection past this is closed at once (and logged).</summary>
    public int MaxConnections { get; set; } = 64;

    /// <summary>A connection that sends nothing for this long is closed (its messages already received are kept).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class SyslogSourceSettings
{
    public long SourceId { get; set; }
    public List<string> AllowedSenders { get; set; } = [];
}
