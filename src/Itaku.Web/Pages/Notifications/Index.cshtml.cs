using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Itaku.Web.Pages.Notifications;

/// <summary>
/// The signed-in user's inbox. Opening a notification is a POST (it changes the read state), which marks
/// it read and follows its link; the link is local by construction and checked again here.
/// </summary>
public sealed class IndexModel(NotificationService notifications) : PageModel
{
    public IReadOnlyList<NotificationDto> Items { get; private set; } = [];
    public string? NextCursor { get; private set; }
    public bool UnreadOnly { get; private set; }
    public int Unread { get; private set; }
    public bool AllRead { get; private set; }

    public async Task OnGetAsync(bool? unread, string? cursor, string? outcome, CancellationToken ct)
    {
        UnreadOnly = unread == true;
        AllRead = outcome == "all-read";
        var page = await notifications.ListAsync(UnreadOnly, cursor, Cursor.DefaultLimit, ct);
        Items = page.Items;
        NextCursor = page.NextCursor;
        Unread = await notifications.UnreadCountAsync(ct);
    }

    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct)
    {
        var notification = await notifications.MarkReadAsync(id, ct);
        return LocalRedirect(Url.IsLocalUrl(notification.Link) ? notification.Link : "/Notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await notifications.MarkAllReadAsync(ct);
        return Redirect("/Notifications?outcome=all-read");
    }
}
