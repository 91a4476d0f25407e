using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Sign-in and token issuing are limited per client address (Auth:SignInPerMinute).</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly TightSignInLimitFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed class TightSignInLimitFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:SignInPerMinute"] = "3" };
    }

    [Fact]
    public async Task FourthTokenRequestInAMinute_Returns429ProblemJson()
    {
        using var client = _factory.CreateClient();
        var request = new { email = _world.ResponsibleX.Email, password = World.Password };
        for (var i = 1; i <= 3; i++)
        {
            (await client.PostAsJsonAsync("/api/v1/tokens", request, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i}");
        }

        var response = await client.PostAsJsonAsync("/api/v1/tokens", request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync()).GetProperty("status").GetInt32().ShouldBe(429);
        response.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task FourthSignInFormPostInAMinute_Returns429()
    {
        using var session = new CookieSession(_factory);
        for (var i = 1; i <= 3; i++)
        {
            (await session.PostLoginAsync(_world.ResponsibleX.Email, "not the password")).StatusCode.ShouldBe(HttpStatusCode.OK, $"attempt {i}");
        }

        var response = await session.PostLoginAsync(_world.ResponsibleX.Email, World.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
    }

    [Fact]
    public async Task OtherRequests_AreNotLimited()
    {
        using var client = await _world.ClientAsync(_world.ResponsibleX);
        for (var i = 1; i <= 10; i++)
        {
            (await client.GetAsync("/api/v1/contracts", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, $"request {i}");
        }
    }
}
