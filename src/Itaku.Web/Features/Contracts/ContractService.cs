using System.Globalization;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Organizations;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Infrastructure.Audit;
using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Data;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Contracts;

/// <summary>Contracts and their members. Every query starts from <see cref="Visible"/>; a contract outside it is a 404.</summary>
public sealed class ContractService(ItakuDbContext db, CurrentUser current, AuditTrail audit, TimeProvider time, IAuthorizationService authorization, ProvisionSetService provisionSets, OfficeCalendar calendar)
{
    public IQueryable<Contract> Visible() =>
        db.Contracts.AsNoTracking().VisibleTo(current.Id, current.Role, current.OrganizationId);

    public async Task<CursorPage<ContractDto>> ListAsync(ContractStatus? status, string? cursor, int? limit, CancellationToken ct)
    {
        var take = Cursor.Limit(limit);
        var after = Cursor.DecodeLong(cursor);
        var query = Visible();
        if (status is not null)
        {
            query = query.Where(c => c.Status == status);
        }

        if (after is not null)
        {
            query = query.Where(c => c.Id > after);
        }

        var rows = await query.OrderBy(c => c.Id).Take(take + 1).Include(c => c.WorkLocations).AsSplitQuery().ToListAsync(ct);
        var page = Cursor.ToPage(rows, take, c => c.Id.ToString(CultureInfo.InvariantCulture));
        return new CursorPage<ContractDto>(page.Items.Select(c => c.ToDto()).ToList(), page.NextCursor);
    }

    public async Task<ContractDto> GetAsync(long id, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Read, ct);
        var contract = await db.Contracts.AsNoTracking().Include(c => c.WorkLocations).FirstAsync(c => c.Id == id, ct);
        return contract.ToDto();
    }

    /// <summary>
    /// Names of the parties (department, contractor) of contracts the caller can see; contractor
    /// staff learn the names of their own contracts' parties and of no other organisation.
    /// </summary>
    public async Task<Dictionary<long, string>> PartyNamesAsync(IReadOnlyCollection<long> organizationIds, CancellationToken ct)
    {
        var visible = Visible();
        return await db.Organizations.AsNoTracking()
            .Where(o => organizationIds.Contains(o.Id) && visible.Any(c => c.ClientDepartmentId == o.Id || c.ContractorId == o.Id))
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
    }

    /// <summary>404 when the caller cannot see the contract, 403 when they can but may not do this.</summary>
    public async Task<ContractAccess> RequireAsync(long id, OperationAuthorizationRequirement operation, CancellationToken ct)
    {
        var userId = current.Id;
        var contract = await Visible()
            .Where(c => c.Id == id)
            .Select(c => new { c.Id, c.ClientDepartmentId, Roles = c.Members.Where(m => m.UserId == userId).Select(m => m.Role).ToList() })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("契約が見つかりません。");
        var access = new ContractAccess(contract.Id, contract.ClientDepartmentId, contract.Roles.Count == 0 ? null : contract.Roles[0]);
        var result = await authorization.AuthorizeAsync(current.Principal, access, operation);
        return result.Succeeded ? access : throw new ForbiddenException("この契約に対してこの操作を行う権限がありません。");
    }

    public async Task<ContractDto> CreateAsync(ContractRequest request, CancellationToken ct)
    {
        var set = await ValidateAsync(request, null, ct);
        var status = request.Status ?? ContractStatus.Draft;
        if (status is not (ContractStatus.Draft or ContractStatus.Active))
        {
            throw new RequestValidationException("status", "新しい契約の状態は Draft か Active にしてください。");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var contract = new Contract { Status = status, CreatedAt = now, ProvisionSetId = set!.Id, ActivatedOn = status == ContractStatus.Active ? calendar.Today : null };
        Apply(contract, request, now);
        if (current.Role == GlobalRole.ClientStaff)
        {
            // The official who opens the contract is its owner (所管課担当).
            contract.Members.Add(new ContractMember { UserId = current.Id, Role = ContractRole.Owner, AddedAt = now });
        }

        db.Contracts.Add(contract);
        return await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            audit.Record("contract.created", nameof(Contract), Id(contract), contract.Id, contract.ToDto());
            provisionSets.AddSnapshot(contract.Id, set);
            await db.SaveChangesAsync(ct);
            return contract.ToDto();
        }, ct);
    }

    public async Task<ContractDto> UpdateAsync(long id, ContractRequest request, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Manage, ct);
        var contract = await db.Contracts.Include(c => c.WorkLocations).FirstAsync(c => c.Id == id, ct);
        var set = await ValidateAsync(request, contract, ct);
        var target = request.Status ?? contract.Status;
        if (!contract.Status.CanMoveTo(target))
        {
            throw new RequestValidationException("status", $"契約の状態を {contract.Status} から {target} に変えることはできません。");
        }

        var before = contract.ToDto();
        contract.Status = target;
        if (target == ContractStatus.Active && contract.ActivatedOn is null)
        {
            contract.ActivatedOn = calendar.Today;
        }

        Apply(contract, request, time.GetUtcNow().UtcDateTime);
        if (set is not null)
        {
            contract.ProvisionSetId = set.Id;
            provisionSets.AddSnapshot(contract.Id, set);
        }

        audit.Record("contract.updated", nameof(Contract), Id(contract), contract.Id, new { before, after = contract.ToDto() });
        if (before.ContractorId != contract.ContractorId)
        {
            await EndUnfitMembershipsAsync(contract, ct);
        }

        await db.SaveChangesAsync(ct);
        return contract.ToDto();
    }

    /// <summary>
    /// After the contract's parties change (another contractor), the members who no longer belong to them —
    /// the old contractor's staff — stop being members in the same transaction, each audited, so they read
    /// nothing of the new contractor's (its roster decrypted, least of all). Approved subcontractors stay.
    /// </summary>
    public async Task EndUnfitMembershipsAsync(Contract contract, CancellationToken ct)
    {
        var subcontractors = await db.ContractSubcontractors.Where(s => s.ContractId == contract.Id).Select(s => s.OrganizationId).ToListAsync(ct);
        var members = await db.ContractMembers.Where(m => m.ContractId == contract.Id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { Member = m, User = u })
            .ToListAsync(ct);
        foreach (var x in members.Where(x => !Fits(x.Member.Role, x.User, contract, subcontractors)))
        {
            db.ContractMembers.Remove(x.Member);
            audit.Record("contract.member-removed", "ContractMember", x.User.Id.ToString(), contract.Id,
                new { userId = x.User.Id, role = x.Member.Role, reason = "no-longer-a-party", organizationId = x.User.OrganizationId });
        }
    }

    public async Task<List<MemberDto>> ListMembersAsync(long id, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Read, ct);
        return await db.ContractMembers.AsNoTracking()
            .Where(m => m.ContractId == id)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .OrderBy(x => x.m.Role).ThenBy(x => x.u.Email)
            .Select(x => new MemberDto(x.u.Id, x.u.Email!, x.u.DisplayName, x.m.Role, x.m.AddedAt))
            .ToListAsync(ct);
    }

    /// <summary>The subcontractors approved for the contract (G14, S4), with the request that approved each.</summary>
    public async Task<List<SubcontractorDto>> ListSubcontractorsAsync(long id, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Read, ct);
        return await db.ContractSubcontractors.AsNoTracking().Where(s => s.ContractId == id)
            .OrderBy(s => s.AddedAt)
            .Join(db.Organizations, s => s.OrganizationId, o => o.Id, (s, o) => new SubcontractorDto(o.Id, o.Name, o.Address, s.RequestId, s.AddedAt))
            .ToListAsync(ct);
    }

    public async Task<MemberDto> AddMemberAsync(long id, AddMemberRequest request, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Manage, ct);
        var contract = await db.Contracts.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == request.UserId, ct)
            ?? throw new RequestValidationException("userId", "ユーザーが見つかりません。");
        var role = request.Role!.Value;
        var subcontractors = await db.ContractSubcontractors.Where(s => s.ContractId == id).Select(s => s.OrganizationId).ToListAsync(ct);
        CheckRoleFits(role, user, contract, subcontractors);
        if (await db.ContractMembers.AnyAsync(m => m.ContractId == id && m.UserId == user.Id, ct))
        {
            throw new ConflictException($"{user.DisplayName} さんは既にこの契約のメンバーです。");
        }

        var member = new ContractMember { ContractId = id, UserId = user.Id, Role = role, AddedAt = time.GetUtcNow().UtcDateTime };
        db.ContractMembers.Add(member);
        audit.Record("contract.member-added", "ContractMember", user.Id.ToString(), id, new { userId = user.Id, email = user.Email, role });
        await db.SaveChangesAsync(ct);
        return new MemberDto(user.Id, user.Email!, user.DisplayName, role, member.AddedAt);
    }

    public async Task RemoveMemberAsync(long id, Guid userId, CancellationToken ct)
    {
        await RequireAsync(id, ContractOperations.Manage, ct);
        var member = await db.ContractMembers.FirstOrDefaultAsync(m => m.ContractId == id && m.UserId == userId, ct)
            ?? throw new NotFoundException("この契約のメンバーではありません。");
        if (member.Role == ContractRole.Owner && await db.ContractMembers.CountAsync(m => m.ContractId == id && m.Role == ContractRole.Owner, ct) == 1)
        {
            throw new ConflictException("最後の所管課担当者は外せません。先に別の担当者を追加してください。");
        }

        db.ContractMembers.Remove(member);
        audit.Record("contract.member-removed", "ContractMember", userId.ToString(), id, new { userId, role = member.Role });
        await db.SaveChangesAsync(ct);
    }

    private static bool Fits(ContractRole role, ItakuUser user, Contract contract, List<long> subcontractors) => role switch
    {
        ContractRole.Owner or ContractRole.Reviewer => user.Role is GlobalRole.ClientStaff or GlobalRole.SystemAdmin,
        ContractRole.Auditor => user.Role is GlobalRole.Auditor or GlobalRole.ClientStaff,
        // The contractor's staff, or an approved subcontractor's (G14-3: its security officer and workers).
        _ => user.Role == GlobalRole.ContractorStaff && (user.OrganizationId == contract.ContractorId || subcontractors.Contains(user.OrganizationId)),
    };

    private static void CheckRoleFits(ContractRole role, ItakuUser user, Contract contract, List<long> subcontractors)
    {
        if (!Fits(role, user, contract, subcontractors))
        {
            throw new RequestValidationException("role", role.IsClientRole()
                ? "この役割には発注者側の職員を指定してください。"
                : "この役割には、この契約の受託者か、承認された再委託先に所属する職員を指定してください。");
        }
    }

    /// <summary>All the request's rule errors at once; returns the provision set to freeze, when there is one to freeze.</summary>
    private async Task<ProvisionSet?> ValidateAsync(ContractRequest request, Contract? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await db.Organizations.AnyAsync(o => o.Id == request.ClientDepartmentId && o.Kind == OrganizationKind.Department, ct))
        {
            errors["clientDepartmentId"] = ["所管課には部署を指定してください。"];
        }
        else if (current.Role == GlobalRole.ClientStaff && request.ClientDepartmentId != current.OrganizationId && request.ClientDepartmentId != existing?.ClientDepartmentId)
        {
            errors["clientDepartmentId"] = ["自分の所属部署の契約だけを作成できます。"];
        }

        if (!await db.Organizations.AnyAsync(o => o.Id == request.ContractorId && o.Kind == OrganizationKind.Contractor, ct))
        {
            errors["contractorId"] = ["受託者には受託者として登録された組織を指定してください。"];
        }

        var number = request.Number!.Trim();
        if (await db.Contracts.AnyAsync(c => c.Number == number && (existing == null || c.Id != existing.Id), ct))
        {
            errors["number"] = [$"契約番号 {number} は既に使われています。"];
        }

        // A contract is signed against one set, frozen at creation; one that has none yet may be given one.
        ProvisionSet? set = null;
        if (existing?.ProvisionSetId is { } signed)
        {
            if (request.ProvisionSetId is { } other && other != signed)
            {
                errors["provisionSetId"] = ["特記事項セットは契約の作成時に固定され、変更できません。"];
            }
        }
        else if (existing is null || request.ProvisionSetId is not null)
        {
            set = await provisionSets.FindForContractAsync(request.ProvisionSetId, ct);
            if (set is null)
            {
                errors["provisionSetId"] = [request.ProvisionSetId is null ? "既定の特記事項セットが登録されていません。特記事項セットを指定してください。" : "特記事項セットが見つかりません。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        return set;
    }

    private static void Apply(Contract c, ContractRequest r, DateTime now)
    {
        c.Number = r.Number!.Trim();
        c.Title = r.Title!.Trim();
        c.ClientDepartmentId = r.ClientDepartmentId!.Value;
        c.ContractorId = r.ContractorId!.Value;
        c.StartDate = r.StartDate!.Value;
        c.EndDate = r.EndDate!.Value;
        c.HandlesPersonalInformation = r.HandlesPersonalInformation;
        c.InformationTypes = Clean(r.InformationTypes);
        c.AccessMethods = Clean(r.AccessMethods);
        c.WorkLocations.Clear();
        c.WorkLocations.AddRange((r.WorkLocations ?? []).Select(l => new ContractWorkLocation { Name = l.Name!.Trim(), Address = l.Address!.Trim() }));
        c.UpdatedAt = now;
    }

    private static List<string> Clean(List<string>? items) =>
        (items ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static string Id(Contract c) => c.Id.ToString(CultureInfo.InvariantCulture);
}
