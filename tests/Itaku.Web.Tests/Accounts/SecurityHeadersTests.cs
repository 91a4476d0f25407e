using System.Net;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Strict headers on every response, and antiforgery on every form.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static void ShouldCarryStrictHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        var directives = csp.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..]);
        directives.ShouldContainKey("script-src", csp);
        directives["script-src"].ShouldNotContain("'unsafe-inline'", csp);
        directives["script-src"].ShouldNotContain("'unsafe-eval'", csp);
        directives.ShouldContainKey("default-src", csp);
        directives["default-src"].ShouldNotContain("'unsafe-inline'", csp);
        directives.ShouldContainKey("frame-ancestors", csp);
        directives["frame-ancestors"].ShouldBe(["'none'"], csp);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("Referrer-Policy").ShouldHaveSingleItem()
            .ShouldBeOneOf("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin");
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/healthz")]
    public async Task AnonymousResponse_CarriesStrictSecurityHeaders(string path)
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldCarryStrictHeaders(response);
    }

    [Fact]
    public async Task SignedInPage_CarriesStrictSecurityHeaders()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.StaffA);

        var response = await session.GetAsync("/Contracts");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldCarryStrictHeaders(response);
    }

    [Fact]
    public async Task ApiResponse_CarriesStrictSecurityHeaders()
    {
        using var client = await _world.ClientAsync(_world.StaffA);

        var response = await client.GetAsync("/api/v1/contracts", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        ShouldCarryStrictHeaders(response);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Fact]
    public async Task ApiErrorResponse_CarriesStrictSecurityHeaders()
    {
        using var client = _factory.CreateClient();

        var response = await client.GetAsync("/api/v1/contracts", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ShouldCarryStrictHeaders(response);
    }

    [Fact]
    public async Task SignInForm_PostedWithoutAntiforgeryToken_Returns400_AndDoesNotSignIn()
    {
        using var session = new CookieSession(_factory);
        await session.GetHtmlAsync("/Account/Login"); // the antiforgery cookie is there; the form field is not

        var response = await session.PostWithoutAntiforgeryAsync("/Account/Login",
            [new("Input.Email", _world.ResponsibleX.Email), new("Input.Password", World.Password)]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
    }

    [Fact]
    public async Task TokenForm_PostedWithoutAntiforgeryToken_Returns400_AndCreatesNothing()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);

        var response = await session.PostWithoutAntiforgeryAsync("/Account/Tokens?handler=Create",
            [new("Input.Name", "forged"), new("Input.Days", "30")]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _factory.DbAsync(db => db.ApiTokens.CountAsync(t => t.Name == "forged", Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task SignOutForm_PostedWithoutAntiforgeryToken_Returns400_AndStaysSignedIn()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);

        var response = await session.PostWithoutAntiforgeryAsync("/Account/Logout", []);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await session.GetAsync("/Contracts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Form_PostedWithAnotherSessionsAntiforgeryToken_Returns400()
    {
        using var attacker = new CookieSession(_factory);
        await attacker.SignInAsync(_world.WorkerX);
        var attackersToken = CookieSession.AntiforgeryToken(await attacker.GetHtmlAsync("/Account/Tokens"));
        using var victim = new CookieSession(_factory);
        await victim.SignInAsync(_world.ResponsibleX);
        await victim.GetHtmlAsync("/Account/Tokens");

        var response = await victim.PostWithoutAntiforgeryAsync("/Account/Tokens?handler=Create",
            [new("Input.Name", "forged"), new("Input.Days", "30"), new("__RequestVerificationToken", attackersToken)]);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _factory.DbAsync(db => db.ApiTokens.CountAsync(t => t.Name == "forged", Ct))).ShouldBe(0);
    }
}
