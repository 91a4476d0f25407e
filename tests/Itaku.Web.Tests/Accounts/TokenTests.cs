using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Accounts;

/// <summary>API tokens: session tokens expire, personal tokens are revoked by their owner only, and a cookie never opens /api.</summary>
public sealed partial class TokenTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private HttpClient Bearer(string token)
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> CreatePersonalTokenAsync(CookieSession session, string name, int days)
    {
        var response = await session.PostFormAsync("/Account/Tokens", "/Account/Tokens?handler=Create",
            [new("Input.Name", name), new("Input.Days", days.ToString(CultureInfo.InvariantCulture))]);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var match = NewToken().Match(await response.Content.ReadAsStringAsync(Ct));
        match.Success.ShouldBeTrue("the page shows no new token");
        return match.Groups["token"].Value;
    }

    private Task<Guid> TokenIdAsync(string plaintext)
    {
        var hash = TokenService.Hash(plaintext);
        return _factory.DbAsync(db => db.ApiTokens.Where(t => t.TokenHash == hash).Select(t => t.Id).SingleAsync(Ct));
    }

    private static Task<HttpResponseMessage> RevokeAsync(CookieSession session, Guid id) =>
        session.PostFormAsync("/Account/Tokens", $"/Account/Tokens?handler=Revoke&id={id}", []);

    [Fact]
    public async Task SessionToken_AfterApiTokenLifetime_Returns401()
    {
        using var client = await _world.ClientAsync(_world.ResponsibleX);
        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _factory.Clock.Advance(TimeSpan.FromMinutes(59));
        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var response = await client.GetAsync("/api/v1/me", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Fact]
    public async Task SessionToken_IsStoredOnlyAsItsHash()
    {
        var token = await _world.TokenAsync(_world.ResponsibleX);

        var stored = await _factory.DbAsync(db => db.ApiTokens.AsNoTracking().ToListAsync(Ct));

        stored.ShouldNotContain(t => t.TokenHash.Contains(token) || token.Contains(t.TokenHash));
        stored.ShouldContain(t => t.TokenHash == TokenService.Hash(token));
    }

    [Fact]
    public async Task PersonalToken_CreatedOnTokensPage_WorksOnApi_RevokedReturns401()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        var token = await CreatePersonalTokenAsync(session, "会計システム連携", 30);

        using var client = Bearer(token);
        var me = await client.GetFromJsonAsync<MeDto>("/api/v1/me", Ct);
        me!.Id.ShouldBe(_world.ResponsibleX.Id);

        var revoked = await RevokeAsync(session, await TokenIdAsync(token));

        revoked.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _factory.AuditEventsAsync("token.revoked")).ShouldHaveSingleItem().ActorId.ShouldBe(_world.ResponsibleX.Id);
    }

    [Fact]
    public async Task PersonalToken_AfterItsDays_Returns401()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        using var client = Bearer(await CreatePersonalTokenAsync(session, "夜間バッチ", 2));

        _factory.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        _factory.Clock.Advance(TimeSpan.FromMinutes(2));

        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokingAnotherUsersToken_Returns404_AndTheTokenKeepsWorking()
    {
        using var owner = new CookieSession(_factory);
        await owner.SignInAsync(_world.WorkerX);
        var token = await CreatePersonalTokenAsync(owner, "作業用", 30);
        var id = await TokenIdAsync(token);

        using var other = new CookieSession(_factory);
        await other.SignInAsync(_world.ResponsibleX);
        var response = await RevokeAsync(other, id);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var client = Bearer(token);
        (await client.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _factory.DbAsync(db => db.ApiTokens.SingleAsync(t => t.Id == id, Ct))).RevokedAt.ShouldBeNull();
    }

    [Fact]
    public async Task TokensPage_ListsOnlyTheUsersOwnTokens()
    {
        using var owner = new CookieSession(_factory);
        await owner.SignInAsync(_world.WorkerX);
        await CreatePersonalTokenAsync(owner, "作業者のトークン", 30);

        using var other = new CookieSession(_factory);
        await other.SignInAsync(_world.ResponsibleX);
        var page = WebUtility.HtmlDecode(await other.GetHtmlAsync("/Account/Tokens"));

        page.ShouldNotContain("作業者のトークン");
    }

    [Theory]
    [InlineData("/api/v1/contracts")]
    [InlineData("/api/v1/me")]
    public async Task CookieAlone_OnApi_Returns401(string path)
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);
        (await session.GetAsync("/Contracts")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var response = await session.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [GeneratedRegex(@"data-testid=""new-token"">(?<token>itk_[A-Za-z0-9_-]+)<")]
    private static partial Regex NewToken();
}
