namespace Itaku.Web.Features.Clock;

/// <summary>Section <c>Clock</c>: the server's clock is checked against these NTP servers (S17).</summary>
public sealed class ClockSettings
{
    /// <summary>"host" or "host:port"; none configured means no check (a closed LGWAN segment names its own).</summary>
    public List<string> Servers { get; set; } = [];

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>An offset above this is a warning on the administrator's page and in the log.</summary>
    public TimeSpan WarnOffset { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}
