using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users");
        group.MapGet("/", List).RequireAuthorization(Policies.ClientStaff);
        group.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.ClientStaff);
        group.MapPost("/", Create).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<CursorPage<UserDto>>> List(UserService service, long? organizationId, string? cursor, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await service.ListAsync(organizationId, cursor, limit, ct));

    private static async Task<Ok<UserDto>> Get(UserService service, Guid id, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(id, ct));

    private static async Task<Created<UserDto>> Create(UserService service, CreateUserRequest request, CancellationToken ct)
    {
        var user = await service.CreateAsync(request, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", user);
    }
}
