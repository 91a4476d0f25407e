using System.Net;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>G3-ア in the browser: the sign-in form, enrolment before anything else, and the second factor.</summary>
public sealed partial class MfaUiTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private Task<TestUser> NewcomerAsync() =>
        _world.UserAsync("newcomer@pref.example.jp", "新任 六郎", GlobalRole.ClientStaff, _world.DeptA, mfa: false);

    [Theory]
    [InlineData("/Contracts")]
    [InlineData("/Organizations")]
    [InlineData("/Account/Tokens")]
    public async Task ClientStaffWithoutMfa_SignedInByForm_IsRedirectedToMfaEnrolment(string path)
    {
        var newcomer = await NewcomerAsync();
        using var session = new CookieSession(_factory);
        await session.SignInAsync(newcomer);

        var response = await session.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CookieSession.RedirectPath(response).ShouldBe("/Account/Mfa");
    }

    [Fact]
    public async Task ClientStaffWithoutMfa_EnrolsOnTheMfaPage_ThenReachesContracts()
    {
        var newcomer = await NewcomerAsync();
        using var session = new CookieSession(_factory);
        await session.SignInAsync(newcomer);

        var page = await session.GetHtmlAsync("/Account/Mfa");
        var key = SharedKey().Match(page).Groups["key"].Value;
        key.ShouldNotBeNullOrEmpty();
        var confirmed = await session.PostFormAsync("/Account/Mfa", ("Input.Code", Totp.Code(key)));

        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await confirmed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("data-testid=\"recovery-codes\"");
        (await session.GetAsync("/Contracts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ContractorStaffWithoutMfa_IsNotForcedToEnrol()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);

        var response = await session.GetAsync("/Contracts");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserWithMfa_PasswordAlone_RedirectsToLoginWith2fa_AndIsNotSignedIn()
    {
        using var session = new CookieSession(_factory);

        var response = await session.PostLoginAsync(_world.StaffA.Email, _world.StaffA.Password);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CookieSession.RedirectPath(response).ShouldBe("/Account/LoginWith2fa");
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
    }

    [Fact]
    public async Task UserWithMfa_TotpCodeOnLoginWith2fa_SignsIn()
    {
        using var session = new CookieSession(_factory);
        await session.PostLoginAsync(_world.StaffA.Email, _world.StaffA.Password);

        var response = await session.PostFormAsync("/Account/LoginWith2fa", ("Input.Code", Totp.Code(_world.StaffA.TotpKey!)));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        CookieSession.RedirectPath(response).ShouldBe("/");
        (await session.GetAsync("/Contracts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserWithMfa_WrongTotpCode_StaysSignedOut()
    {
        using var session = new CookieSession(_factory);
        await session.PostLoginAsync(_world.StaffA.Email, _world.StaffA.Password);
        var valid = Enumerable.Range(-6, 13).Select(i => Totp.Code(_world.StaffA.TotpKey!, DateTimeOffset.UtcNow.AddSeconds(30 * i))).ToHashSet();
        var wrong = Enumerable.Range(0, 100).Select(i => i.ToString("D6")).First(c => !valid.Contains(c));

        var response = await session.PostFormAsync("/Account/LoginWith2fa", ("Input.Code", wrong));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await CookieSession.ReadTextAsync(response)).ShouldContain("確認コードが正しくありません");
        CookieSession.RedirectPath(await session.GetAsync("/Contracts")).ShouldBe("/Account/Login");
    }

    [GeneratedRegex(@"data-key=""(?<key>[A-Z2-7]+)""")]
    private static partial Regex SharedKey();
}
