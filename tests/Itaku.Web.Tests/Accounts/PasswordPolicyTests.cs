using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>Setagaya item 14: long enough, not common, not the user's own name or address, not one of the last five.</summary>
public sealed class PasswordPolicyTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpResponseMessage> CreateUserAsync(string email, string displayName, string password)
    {
        var admin = await _world.ClientAsync(_world.Admin);
        return await admin.PostAsJsonAsync("/api/v1/users", new
        {
            email,
            displayName,
            role = "ContractorStaff",
            organizationId = _world.ContractorX,
            password,
        }, Ct);
    }

    /// <summary>A bearer client from a fresh session token (a password change may end the sessions opened with the old one).</summary>
    private async Task<HttpClient> SignInAsync(TestUser user, string password)
    {
        using var anonymous = _factory.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { email = user.Email, password }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var token = (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!.Token;
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string currentPassword, string newPassword) =>
        client.PostAsJsonAsync("/api/v1/me/password", new { currentPassword, newPassword }, Ct);

    [Fact]
    public async Task CreateUser_WithTwelveCharacterPassword_Returns201()
    {
        // The control for the cases below: the same request with an acceptable password succeeds.
        var response = await CreateUserAsync("sato@joshu.example.com", "佐藤 七郎", "Zq7!mK2#pL9w");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task CreateUser_WithPasswordShorterThan12_Returns400NamingPassword()
    {
        var response = await CreateUserAsync("sato@joshu.example.com", "佐藤 七郎", "Zq7!mK2#pL9");
        var body = await response.ShouldBeValidationProblemForAsync("password");
        body.ShouldContain("12文字以上");
    }

    [Theory]
    [InlineData("unbelievable")] // in the shipped list as it is
    [InlineData("password1234")] // "password" with digits appended
    public async Task CreateUser_WithCommonPassword_Returns400NamingPassword(string password)
    {
        var response = await CreateUserAsync("sato@joshu.example.com", "佐藤 七郎", password);
        var body = await response.ShouldBeValidationProblemForAsync("password");
        body.ShouldContain("よく使われているパスワード");
    }

    [Fact]
    public async Task CreateUser_WithPasswordContainingEmailLocalPart_Returns400NamingPassword()
    {
        var response = await CreateUserAsync("kurosawa.akira@joshu.example.com", "佐藤 七郎", "Kurosawa.Akira-spring-2026");
        var body = await response.ShouldBeValidationProblemForAsync("password");
        body.ShouldContain("メールアドレスや氏名");
    }

    [Theory]
    [InlineData("Hanako Yamada", "violet yamada harbour 88")]
    [InlineData("山田 花子", "山田花子の合言葉はとても長い")]
    [InlineData("山田 花子", "花子さんの自転車は青くて速い")]
    public async Task CreateUser_WithPasswordContainingDisplayName_Returns400NamingPassword(string displayName, string password)
    {
        var response = await CreateUserAsync("h.y@joshu.example.com", displayName, password);
        var body = await response.ShouldBeValidationProblemForAsync("password");
        body.ShouldContain("メールアドレスや氏名");
    }

    [Theory]
    [InlineData("Zq7!mK2#pL9")] // too short
    [InlineData("password1234")] // common
    [InlineData("lead-orchard-harbour-77")] // contains the e-mail's local part (lead@joshu.example.com)
    [InlineData("上州一郎の合言葉はとても長い")] // contains the display name (上州 一郎)
    public async Task ChangePassword_BreakingThePolicy_Returns400NamingNewPassword(string newPassword)
    {
        var client = await _world.ClientAsync(_world.ResponsibleX);
        var response = await ChangePasswordAsync(client, World.Password, newPassword);
        await response.ShouldBeValidationProblemForAsync("newPassword");
    }

    [Fact]
    public async Task ChangePassword_WithWrongCurrentPassword_Returns400NamingCurrentPassword()
    {
        var client = await _world.ClientAsync(_world.ResponsibleX);
        var response = await ChangePasswordAsync(client, "not my password at all", "amber falcon river lantern");
        await response.ShouldBeValidationProblemForAsync("currentPassword");
        (await response.ErrorFieldsAsync()).ShouldBe(["currentPassword"]);
    }

    [Fact]
    public async Task ChangePassword_ReusingAnyOfTheLastFive_Returns400NamingNewPassword_TheSixthOldestIsAccepted()
    {
        var user = _world.ResponsibleX;
        var history = new List<string> { World.Password };
        for (var i = 1; i <= 5; i++)
        {
            _factory.Clock.Advance(TimeSpan.FromMinutes(1));
            var next = $"amber falcon river {i} lantern";
            using var session = await SignInAsync(user, history[^1]);
            var changed = await ChangePasswordAsync(session, history[^1], next);
            changed.StatusCode.ShouldBe(HttpStatusCode.NoContent, await changed.Content.ReadAsStringAsync(Ct));
            history.Add(next);
        }

        // The last five, newest (the current one) included, are refused.
        using var client = await SignInAsync(user, history[^1]);
        foreach (var recent in history.Skip(1))
        {
            var reused = await ChangePasswordAsync(client, history[^1], recent);
            var body = await reused.ShouldBeValidationProblemForAsync("newPassword");
            body.ShouldContain("直近5回");
        }

        // The original password is now the sixth-oldest: allowed again.
        var sixth = await ChangePasswordAsync(client, history[^1], history[0]);
        sixth.StatusCode.ShouldBe(HttpStatusCode.NoContent, await sixth.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ChangePassword_Succeeds_OldPasswordNoLongerIssuesTokens()
    {
        var client = await _world.ClientAsync(_world.ResponsibleX);
        (await ChangePasswordAsync(client, World.Password, "amber falcon river lantern")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var anonymous = _factory.CreateClient();
        var old = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { email = _world.ResponsibleX.Email, password = World.Password }, Ct);
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var current = await anonymous.PostAsJsonAsync("/api/v1/tokens", new { email = _world.ResponsibleX.Email, password = "amber falcon river lantern" }, Ct);
        current.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
