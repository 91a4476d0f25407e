using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>Reads the application's own database, as the application sees it, from a test.</summary>
public static class FactoryData
{
    public static async Task<T> DbAsync<T>(this ItakuFactory factory, Func<ItakuDbContext, Task<T>> query)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ItakuDbContext>());
    }

    public static Task<List<AuditEvent>> AuditEventsAsync(this ItakuFactory factory, string action) =>
        factory.DbAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Action == action).OrderBy(e => e.Id).ToListAsync(TestContext.Current.CancellationToken));

    public static Task<int> AuditEventCountAsync(this ItakuFactory factory) =>
        factory.DbAsync(db => db.AuditEvents.CountAsync(TestContext.Current.CancellationToken));
}
