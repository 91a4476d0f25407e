namespace Itaku.Web.Features.Notifications;

/// <summary>
/// What a feature announces. <paramref name="Title"/> and <paramref name="Body"/> are Japanese, as sent by
/// e-mail; <paramref name="Link"/> is a local path (<c>/Contracts/12/Requests/3</c>); <paramref name="Kind"/>
/// a dotted key (<c>request.submitted</c>). With <paramref name="DedupKey"/>, a recipient who already has a
/// notification with that key gets no second one.
/// </summary>
public sealed record NotificationMessage(string Kind, string Title, string Body, string Link, long? ContractId = null, string? DedupKey = null);

/// <summary>
/// A due date to remind one side of a contract of, for a daily job: <paramref name="Subject"/> names what is
/// due (「定期報告（2026年10月分）」), <paramref name="ItemKey"/> identifies it stably
/// (<c>report:12:2026-10</c>) so that each stage (due soon, overdue) is sent once per recipient.
/// </summary>
public sealed record DueReminder(long ContractId, ContractSide Side, string Subject, DateOnly DueDate, string Link, string ItemKey);

public sealed record NotificationDto(
    long Id, long? ContractId, string Kind, string Title, string Body, string Link, DateTime CreatedAt, DateTime? ReadAt, NotificationEmailState EmailState);

public sealed record ReadAllResult(int Marked);

internal static class NotificationMapping
{
    public static NotificationDto ToDto(this Notification n) =>
        new(n.Id, n.ContractId, n.Kind, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt, n.EmailState);
}
