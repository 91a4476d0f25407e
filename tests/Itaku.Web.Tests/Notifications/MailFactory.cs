using System.Globalization;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Notifications;

/// <summary>The application with <c>Smtp</c> pointed at a loopback port, a fast outbox scan and a short timeout.</summary>
public sealed class MailFactory(int port, string baseUrl = "https://itaku.pref.example.lg.jp/") : ItakuFactory
{
    public const string From = "itaku@pref.example.lg.jp";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Smtp:From"] = From,
        ["Smtp:FromName"] = "群馬県 委託管理",
        ["Smtp:BaseUrl"] = baseUrl,
        ["Smtp:PollInterval"] = "00:00:00.2",
        ["Smtp:Timeout"] = "00:00:02",
        ["Smtp:RetryDelay"] = "00:01:00",
        ["Smtp:MaxRetryDelay"] = "01:00:00",
        ["Smtp:MaxAttempts"] = "3",
    };
}
