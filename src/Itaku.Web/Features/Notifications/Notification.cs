namespace Itaku.Web.Features.Notifications;

/// <summary>
/// One message in one user's inbox, and the outbox state of its e-mail copy. A row is written in the
/// transaction of the change it announces (see <see cref="NotificationService"/>), so a notification
/// exists exactly when its change committed; the e-mail is sent afterwards by <see cref="NotificationMailer"/>.
/// The text is stored as written (Japanese) so the inbox shows what the e-mail said.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public Guid RecipientId { get; set; }

    /// <summary>The contract it concerns, when it concerns one.</summary>
    public long? ContractId { get; set; }

    /// <summary>What happened, as a dotted key, e.g. <c>attestation.submitted</c> or <c>due.soon</c>.</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Where to look, as a local path (<c>/Contracts/12</c>); e-mails prefix <c>Smtp:BaseUrl</c>.</summary>
    public string Link { get; set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }

    /// <summary>
    /// Set for reminders that must be created once only (a due date's reminder, per recipient): the
    /// unique index on (recipient, key) is the guarantee, the service's look-up only the courtesy.
    /// </summary>
    public string? DedupKey { get; set; }

    public NotificationEmailState EmailState { get; set; }
    public int EmailAttempts { get; set; }
    public string? EmailLastError { get; set; }

    /// <summary>When the mailer may next try (pending rows); also its claim on a row it is sending.</summary>
    public DateTime? EmailNextAttemptAt { get; set; }

    public DateTime? EmailSentAt { get; set; }
}
