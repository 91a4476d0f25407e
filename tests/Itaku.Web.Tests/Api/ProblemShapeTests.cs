using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Api;

/// <summary>Every validation problem has the same shape: camelCase field keys as in the JSON, a Japanese title.</summary>
public sealed class ProblemShapeTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AttributeValidationErrors_AreKeyedInCamelCase_WithAJapaneseTitle()
    {
        var staff = await _world.ClientAsync(_world.StaffA);
        var response = await staff.PostAsJsonAsync("/api/v1/contracts", new
        {
            title = "件名",
            clientDepartmentId = _world.DeptA,
            contractorId = _world.ContractorX,
            startDate = "2027-04-01",
            endDate = "2027-03-31",
            workLocations = new[] { new { name = "本社" } },
        }, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        doc.RootElement.GetProperty("title").GetString().ShouldBe("入力内容に誤りがあります。");
        var keys = doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        keys.ShouldContain("number");
        keys.ShouldContain("workLocations[0].address");
        keys.ShouldAllBe(k => !char.IsUpper(k[0]));
    }

    [Fact]
    public async Task EmptyBody_Is400_NamingTheBody()
    {
        var staff = await _world.ClientAsync(_world.StaffA);
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await staff.PostAsync("/api/v1/contracts", content, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        doc.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["$"]);
    }

    [Fact]
    public async Task ChangingThePassword_RevokesTheUsersOtherSessionTokens_ButNotTheOneUsed()
    {
        var first = await _world.ClientAsync(_world.WorkerX);
        using var anonymous = _factory.CreateClient();
        var second = (await (await anonymous.PostAsJsonAsync("/api/v1/tokens", new { email = _world.WorkerX.Email, password = _world.WorkerX.Password }, Ct))
            .Content.ReadFromJsonAsync<TokenResponse>(Ct))!.Token;

        var change = await first.PostAsJsonAsync("/api/v1/me/password", new { currentPassword = _world.WorkerX.Password, newPassword = "a brand new pass phrase, Tuesday 4pm" }, Ct);
        change.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await first.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = _factory.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second);
        (await other.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
