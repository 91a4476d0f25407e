namespace Itaku.Web.Features.Notifications;

/// <summary>
/// What a feature announces. <paramref name="Title"/> and <paramref name="Body"/> are Japanese, as sent by
/// e-mail; <paramref name="Link"/> is a local path (<c>/Contracts/12/Requests/3</c>); <paramref name="Kind"/>
/// a dotted key (<c>request.submitted</c>). With <paramref name="DedupKey"/>, a recipient who already has a
/// notification with that key gets no second one.
/// </summary>
public sealed record NotificationMessage(string Kind, string Title, string Body, string Link, long? ContractId = null, string? DedupKey = null);

/// <summary>
/// One line of a person's daily due-date digest: what is due (<paramref name="Subject"/>, an obligation's
/// description) on which contract, at which <paramref name="Stage"/>, by when. <paramref name="ItemKey"/>
/// names the stage, contract, obligation and date, so that each stage is sent to each person once.
/// </summary>
public sealed record DueReminder(long ContractId, string ContractNumber, string Subject, DueStage Stage, DateOnly DueDate, string ItemKey);

/// <summary>Why a due-date reminder is sent.</summary>
public enum DueStage
{
    /// <summary>期限間近: due within the due-soon window.</summary>
    DueSoon,

    /// <summary>期限超過: the due date has passed.</summary>
    Overdue,

    /// <summary>承認期限切れ: the approval that evidenced it ended on <see cref="DueReminder.DueDate"/>.</summary>
    ApprovalExpired,
}

public sealed record NotificationDto(
    long Id, long? ContractId, string Kind, string Title, string Body, string Link, DateTime CreatedAt, DateTime? ReadAt, NotificationEmailState EmailState);

public sealed record ReadAllResult(int Marked);

internal static class NotificationMapping
{
    public static NotificationDto ToDto(this Notification n) =>
        new(n.Id, n.ContractId, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt, n.EmailState);
}
