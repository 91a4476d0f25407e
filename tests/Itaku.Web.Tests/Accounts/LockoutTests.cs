using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Gunma 3-ア / Setagaya 13: five failed sign-ins lock the account, and every failure is in the audit trail.</summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private const string LockedMessage = "アカウントはロックされています";
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/tokens", new { email, password }, Ct);

    private async Task FailAsync(HttpClient client, TestUser user, int times)
    {
        for (var i = 1; i <= times; i++)
        {
            var failed = await RequestTokenAsync(client, user.Email, $"not the password, attempt {i}");
            failed.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task FiveWrongPasswords_ThenTheRightPassword_Returns401Locked()
    {
        var user = _world.ResponsibleX;
        using var client = _factory.CreateClient();
        await FailAsync(client, user, 5);

        var response = await RequestTokenAsync(client, user.Email, user.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadJsonAsync()).GetProperty("detail").GetString()!.ShouldContain(LockedMessage);
    }

    [Fact]
    public async Task ALockoutByAnonymousGuesses_StopsNewTokens_ButNotTheTokensTheUserAlreadyHolds()
    {
        var user = _world.ResponsibleX;
        using var integration = await _world.ClientAsync(user);
        (await integration.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var stranger = _factory.CreateClient();
        await FailAsync(stranger, user, 5);
        (await RequestTokenAsync(stranger, user.Email, user.Password)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await integration.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await integration.GetAsync($"/api/v1/contracts/{_world.ContractA}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task FourWrongPasswords_DoNotLock_TheRightPasswordStillIssuesAToken()
    {
        var user = _world.ResponsibleX;
        using var client = _factory.CreateClient();
        await FailAsync(client, user, 4);

        var response = await RequestTokenAsync(client, user.Email, user.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task EachFailedSignIn_IsAnAuditEvent()
    {
        var user = _world.ResponsibleX;
        using var client = _factory.CreateClient();
        await FailAsync(client, user, 5);
        await RequestTokenAsync(client, user.Email, user.Password);

        var failures = (await _factory.AuditEventsAsync("auth.signin-failed")).Where(e => e.ActorId == user.Id).ToList();

        var reasons = failures.Select(e => JsonDocument.Parse(e.Details!).RootElement.GetProperty("reason").GetString()).ToList();
        reasons.ShouldBe(["bad-password", "bad-password", "bad-password", "bad-password", "bad-password", "locked-out"]);
        failures.ShouldAllBe(e => e.Actor == user.Email && e.SubjectId == user.Id.ToString());
        (await _factory.AuditEventsAsync("auth.token-issued")).ShouldNotContain(e => e.ActorId == user.Id);
    }

    [Fact]
    public async Task UnknownEmail_Returns401_AndIsAnAuditEvent()
    {
        using var client = _factory.CreateClient();
        var response = await RequestTokenAsync(client, "nobody@joshu.example.com", World.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var failure = (await _factory.AuditEventsAsync("auth.signin-failed")).ShouldHaveSingleItem();
        failure.Actor.ShouldBe("nobody@joshu.example.com");
        JsonDocument.Parse(failure.Details!).RootElement.GetProperty("reason").GetString().ShouldBe("unknown-user");
    }

    [Fact]
    public async Task LockedAccount_SignInForm_ShowsTheLockedMessage_AndDoesNotSignIn()
    {
        var user = _world.ResponsibleX;
        using (var client = _factory.CreateClient())
        {
            await FailAsync(client, user, 5);
        }

        using var session = new CookieSession(_factory);
        var response = await session.PostLoginAsync(user.Email, user.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(response)).ShouldContain(LockedMessage);
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
        var lockedOut = (await _factory.AuditEventsAsync("auth.signin-failed")).Last();
        lockedOut.Actor.ShouldBe(user.Email);
        JsonDocument.Parse(lockedOut.Details!).RootElement.GetProperty("channel").GetString().ShouldBe("web");
    }
}
