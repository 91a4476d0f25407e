namespace Itaku.Web.Features.Notifications;

/// <summary>
/// Section <c>Smtp</c>: the mail relay for notification e-mails. Off while <see cref="Host"/> is empty;
/// the in-app inbox works either way. Sending happens after commit, in <see cref="NotificationMailer"/>,
/// so a slow or absent relay never delays or fails a request.
/// </summary>
public sealed class SmtpSettings
{
    /// <summary>The relay's host name or address; empty = no e-mail.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>Sender address, e.g. itaku@pref.example.lg.jp.</summary>
    public string From { get; set; } = "";

    /// <summary>Sender display name (UTF-8 encoded-word in the header).</summary>
    public string FromName { get; set; } = "Itaku";

    /// <summary>With <see cref="Password"/>, signs in to the relay (AUTH LOGIN); leave empty for an open internal relay.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS before anything else is sent (and fail if the relay cannot).</summary>
    public bool UseStartTls { get; set; }

    /// <summary>Absolute URL of this instance, e.g. https://itaku.pref.example.lg.jp: e-mails link to it.</summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>How often the outbox is scanned for pending e-mails.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One delivery attempt may take this long before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after the first failure; it doubles with every further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts the e-mail is marked failed and not tried again.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>E-mails sent per scan, so one scan's work stays bounded.</summary>
    public int BatchSize { get; set; } = 50;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    /// <summary>The wait before attempt <paramref name="failures"/> + 1: RetryDelay × 2^(failures − 1), capped.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(RetryDelay.Ticks * factor, MaxRetryDelay.Ticks));
        return delay < RetryDelay ? RetryDelay : delay;
    }

    /// <summary>Refuses a half configuration at start-up rather than at the first e-mail.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(From))
        {
            yield return "Smtp:From is required when Smtp:Host is set.";
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return "Smtp:BaseUrl must be the instance's absolute http(s) URL when Smtp:Host is set.";
        }

        if (Port is < 1 or > 65535 || MaxAttempts < 1 || BatchSize < 1 || PollInterval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero)
        {
            yield return "Smtp: Port, MaxAttempts, BatchSize, PollInterval, Timeout and RetryDelay must be positive.";
        }
    }
}
