using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Contracts;

public static class ContractsApi
{
    public static RouteGroupBuilder MapContractsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/contracts").WithTags("Contracts");
        group.MapGet("/", List);
        group.MapPost("/", Create).RequireAuthorization(Policies.ClientStaff);
        group.MapGet("/{id:long}", Get);
        group.MapPut("/{id:long}", Update);
        group.MapGet("/{id:long}/members", ListMembers);
        group.MapGet("/{id:long}/subcontractors", async (ContractService service, long id, CancellationToken ct) => TypedResults.Ok(await service.ListSubcontractorsAsync(id, ct)));
        group.MapPost("/{id:long}/members", AddMember);
        group.MapDelete("/{id:long}/members/{userId:guid}", RemoveMember);
        return api;
    }

    private static async Task<Ok<CursorPage<ContractDto>>> List(ContractService service, ContractStatus? status, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(status, cursor, limit, ct));

    private static async Task<Created<ContractDto>> Create(ContractService service, ContractRequest request, CancellationToken ct)
    {
        var contract = await service.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/contracts/{contract.Id}", contract);
    }

    private static async Task<Ok<ContractDto>> Get(ContractService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Ok<ContractDto>> Update(ContractService service, long id, ContractRequest request, CancellationToken ct) =>
        TypedResults.Ok(await service.UpdateAsync(id, request, ct));

    private static async Task<Ok<List<MemberDto>>> ListMembers(ContractService service, long id, CancellationToken ct) =>
        TypedResults.Ok(await service.ListMembersAsync(id, ct));

    private static async Task<Created<MemberDto>> AddMember(ContractService service, long id, AddMemberRequest request, CancellationToken ct)
    {
        var member = await service.AddMemberAsync(id, request, ct);
        return TypedResults.Created($"/api/v1/contracts/{id}/members/{member.UserId}", member);
    }

    private static async Task<NoContent> RemoveMember(ContractService service, long id, Guid userId, CancellationToken ct)
    {
        await service.RemoveMemberAsync(id, userId, ct);
        return TypedResults.NoContent();
    }
}
