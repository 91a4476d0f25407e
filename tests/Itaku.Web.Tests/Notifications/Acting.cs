using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Notifications;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Notifications;

/// <summary>
/// Calls <see cref="NotificationService"/> as another feature would inside a request of <c>user</c>
/// (or, with null, as a background job), with that user's real principal.
/// </summary>
public static class Acting
{
    public static async Task<T> AsAsync<T>(this ItakuFactory factory, TestUser? user, Func<NotificationService, ItakuDbContext, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var accessor = services.GetRequiredService<IHttpContextAccessor>();
        try
        {
            if (user is not null)
            {
                var account = (await services.GetRequiredService<UserManager<ItakuUser>>().FindByIdAsync(user.Id.ToString()))!;
                var principal = await services.GetRequiredService<IUserClaimsPrincipalFactory<ItakuUser>>().CreateAsync(account);
                accessor.HttpContext = new DefaultHttpContext { User = principal, RequestServices = services };
            }

            return await work(services.GetRequiredService<NotificationService>(), services.GetRequiredService<ItakuDbContext>());
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    /// <summary>Notifies and commits, as a feature does with its change.</summary>
    public static Task<int> NotifyAsync(this ItakuFactory factory, TestUser? user, Func<NotificationService, Task<int>> notify) =>
        factory.AsAsync(user, async (service, db) =>
        {
            var count = await notify(service);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return count;
        });

    public static NotificationMessage Message(string title = "再委託承認申請書が提出されました", long? contractId = null, string? dedupKey = null, string link = "/Contracts/1") =>
        new("request.submitted", title, "上州 一郎 さんが再委託承認申請書（R8-情政-001）を提出しました。内容を確認し、承認または差戻しをしてください。", link, contractId, dedupKey);
}
