using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Organizations;

public sealed class OrganizationService(ItakuDbContext db, CurrentUser current, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Client-side users see every organisation (they pick contractors); contractor staff see only
    /// their own, so one contractor never learns who the others are.
    /// </summary>
    public IQueryable<Organization> Visible() => current.Role.IsClientSide()
        ? db.Organizations.AsNoTracking()
        : db.Organizations.AsNoTracking().Where(o => o.Id == current.OrganizationId);

    public async Task<CursorPage<OrganizationDto>> ListAsync(OrganizationKind? kind, string? cursor, int? limit, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.DecodeLong(cursor);
        var query = Visible();
        if (kind is not null)
        {
            query = query.Where(o => o.Kind == kind);
        }

        if (after is not null)
        {
            query = query.Where(o => o.Id > after);
        }

        var rows = await query.OrderBy(o => o.Id).Take(take + 1).Select(o => o.ToDto()).ToListAsync(ct);
        return Cursor.ToPage(rows, take, o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<OrganizationDto> GetAsync(long id, CancellationToken ct) =>
        await Visible().Where(o => o.Id == id).Select(o => o.ToDto()).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("組織が見つかりません。");

    /// <summary>Only system administrators call this (policy on the endpoint and page).</summary>
    public async Task<OrganizationDto> CreateAsync(CreateOrganizationRequest request, CancellationToken ct)
    {
        var kind = request.Kind!.Value;
        if (kind == OrganizationKind.Department)
        {
            var parentOk = request.ParentId is { } pid
                && await db.Organizations.AnyAsync(o => o.Id == pid && o.Kind == OrganizationKind.ClientBody, ct);
            if (!parentOk)
            {
                throw new RequestValidationException("parentId", "部署には、所属する団体を指定してください。");
            }
        }
        else if (kind == OrganizationKind.Subcontractor && request.ParentId is { } contractor)
        {
            if (!await db.Organizations.AnyAsync(o => o.Id == contractor && o.Kind == OrganizationKind.Contractor, ct))
            {
                throw new RequestValidationException("parentId", "再委託先の親組織には、委託元の受託者を指定してください。");
            }
        }
        else if (request.ParentId is not null)
        {
            throw new RequestValidationException("parentId", "所属先を指定できるのは部署と再委託先だけです。");
        }

        // One name per kind under one parent: two 「情報政策課」 in one prefecture cannot be told apart in a list.
        var name = request.Name!.Trim();
        if (await db.Organizations.AnyAsync(o => o.Kind == kind && o.ParentId == request.ParentId && o.Name == name, ct))
        {
            throw new RequestValidationException("name", "同じ名称の組織が既に登録されています。");
        }

        var org = new Organization
        {
            Kind = kind,
            Name = name,
            ParentId = request.ParentId,
            Address = Blank(request.Address),
            Representative = Blank(request.Representative),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Organizations.Add(org);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            audit.Record("organization.created", nameof(Organization), org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), details: org.ToDto());
            await db.SaveChangesAsync(ct);
            return org.ToDto();
        }, ct);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
