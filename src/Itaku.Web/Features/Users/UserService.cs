using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Users;

/// <summary>Creating and listing accounts; used by the API, the admin page, the set-up page and the CLI.</summary>
public sealed class UserService(ItakuDbContext db, UserManager<ItakuUser> users, AuditTrail audit, CurrentUser current, TimeProvider time)
{
    /// <summary>Client-side users list everyone (to add members); contractor staff only their own organisation.</summary>
    public IQueryable<ItakuUser> Visible() => current.Role.IsClientSide()
        ? db.Users.AsNoTracking()
        : db.Users.AsNoTracking().Where(u => u.OrganizationId == current.OrganizationId);

    public async Task<CursorPage<UserDto>> ListAsync(long? organizationId, string? cursor, int? limit, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.Decode(cursor);
        var query = Visible();
        if (organizationId is not null)
        {
            query = query.Where(u => u.OrganizationId == organizationId);
        }

        if (after is not null)
        {
            query = query.Where(u => string.Compare(u.NormalizedEmail, after) > 0);
        }

        var rows = await query.OrderBy(u => u.NormalizedEmail).Take(take + 1).ToListAsync(ct);
        var now = time.GetUtcNow();
        var page = Cursor.ToPage(rows, take, u => u.NormalizedEmail!);
        return new CursorPage<UserDto>(page.Items.Select(u => u.ToDto(now)).ToList(), page.NextCursor);
    }

    public async Task<UserDto> GetAsync(Guid id, CancellationToken ct) =>
        (await Visible().FirstOrDefaultAsync(u => u.Id == id, ct))?.ToDto(time.GetUtcNow())
        ?? throw new NotFoundException("ユーザーが見つかりません。");

    public async Task<UserDto> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var role = request.Role!.Value;
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == request.OrganizationId, ct)
            ?? throw new RequestValidationException("organizationId", "所属組織が見つかりません。");
        var fits = role == GlobalRole.ContractorStaff
            ? org.Kind is OrganizationKind.Contractor or OrganizationKind.Subcontractor
            : org.Kind is OrganizationKind.ClientBody or OrganizationKind.Department;
        if (!fits)
        {
            throw new RequestValidationException("organizationId", role == GlobalRole.ContractorStaff
                ? "受託者の職員は受託者または再委託先の組織に所属させてください。"
                : "発注者側の職員は団体または部署に所属させてください。");
        }

        var email = request.Email!.Trim();
        var user = new ItakuUser
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = request.DisplayName!.Trim(),
            Role = role,
            OrganizationId = org.Id,
            LockoutEnabled = true,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        return await db.InTransactionAsync(async () =>
        {
            var result = await users.CreateAsync(user, request.Password!);
            if (!result.Succeeded)
            {
                throw new RequestValidationException(IdentityErrors.ByField(result));
            }

            db.PasswordHistory.Add(new PasswordHistoryEntry { UserId = user.Id, PasswordHash = user.PasswordHash!, CreatedAt = user.CreatedAt });
            audit.Record("user.created", "User", user.Id.ToString(), details: new { email, role, organizationId = org.Id });
            await db.SaveChangesAsync(ct);
            return user.ToDto(time.GetUtcNow());
        }, ct);
    }
}
