using Microsoft.AspNetCore.Http.HttpResults;

namespace Itaku.Web.Features.Compliance;

/// <summary>The caller's contracts with their compliance counts, and what is owed next.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", Get).WithTags("Compliance");
        return api;
    }

    private static async Task<Ok<DashboardDto>> Get(
        DashboardService service, long? departmentId, long? contractorId, bool? includeClosed, DashboardSort? sort, bool? reverse, CancellationToken ct) =>
        TypedResults.Ok(await service.GetAsync(departmentId, contractorId, includeClosed ?? false, sort ?? DashboardSort.Overdue, reverse ?? false, ct));
}
