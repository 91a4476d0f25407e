using System.Net;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Setagaya 13: idle sign-out after 15 minutes, and no session longer than 8 hours however active.</summary>
public sealed class SessionLifetimeTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private CookieSession _session = null!;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _session = new CookieSession(_factory);
        await _session.SignInAsync(_world.ResponsibleX);
        (await _session.GetAsync("/Contracts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        _session.Dispose();
        await _factory.DisposeAsync();
    }

    private async Task ShouldBeSignedInAsync(string when)
    {
        var response = await _session.GetAsync("/Contracts");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{when}: redirected to {CookieSession.RedirectPath(response)}");
    }

    private async Task ShouldBeSignedOutAsync()
    {
        var response = await _session.GetAsync("/Contracts");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CookieSession.RedirectPath(response).ShouldBe("/Account/Login");
    }

    [Fact]
    public async Task Idle16Minutes_RedirectsToLogin()
    {
        _factory.Clock.Advance(TimeSpan.FromMinutes(16));

        await ShouldBeSignedOutAsync();
    }

    [Fact]
    public async Task Idle14Minutes_StaysSignedIn()
    {
        _factory.Clock.Advance(TimeSpan.FromMinutes(14));

        await ShouldBeSignedInAsync("after 14 idle minutes");
    }

    [Fact]
    public async Task RequestEvery10Minutes_SessionSurvivesPast15Minutes()
    {
        for (var minutes = 10; minutes <= 60; minutes += 10)
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(10));
            await ShouldBeSignedInAsync($"{minutes} minutes after sign-in");
        }
    }

    [Fact]
    public async Task EightHoursOfActivityEvery10Minutes_SessionEndsAnyway()
    {
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromHours(8) - TimeSpan.FromMinutes(10))
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(10));
            elapsed += TimeSpan.FromMinutes(10);
            await ShouldBeSignedInAsync($"{elapsed} after sign-in");
        }

        // 8 h 00 is the boundary; 8 h 10, still active every 10 minutes, is past it.
        _factory.Clock.Advance(TimeSpan.FromMinutes(10));
        await _session.GetAsync("/Contracts");
        _factory.Clock.Advance(TimeSpan.FromMinutes(10));

        await ShouldBeSignedOutAsync();
    }
}
