using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Data;

public static class TransactionExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction, or inside the caller's when one is open, so
    /// services that each commit their change with its audit event can also be composed (set-up
    /// creates an organisation and its administrator as one change).
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this ItakuDbContext db, Func<Task<T>> work, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return await work();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await tx.CommitAsync(ct);
        return result;
    }
}
