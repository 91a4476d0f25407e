using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Notifications;

/// <summary>Where a notification's e-mail copy stands.</summary>
[JsonConverter(typeof(EnumNames<NotificationEmailState>))]
public enum NotificationEmailState
{
    /// <summary>No e-mail: SMTP is not configured, or the recipient has no address.</summary>
    None,
    /// <summary>Waiting for the mailer, first try or a retry after a failure (see the last error).</summary>
    Pending,
    Sent,
    /// <summary>Given up after <c>Smtp:MaxAttempts</c> tries; the inbox copy remains.</summary>
    Failed,
}
