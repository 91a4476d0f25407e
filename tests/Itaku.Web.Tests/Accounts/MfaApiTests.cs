using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>G3-ア: client-side users must enrol TOTP before the API lets them do anything else.</summary>
public sealed class MfaApiTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private TestUser _newcomer = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _newcomer = await _world.UserAsync("newcomer@pref.example.jp", "新任 六郎", GlobalRole.ClientStaff, _world.DeptA, mfa: false);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<HttpResponseMessage> RequestTokenAsync(TestUser user, string? totpCode = null)
    {
        using var anonymous = _factory.CreateClient();
        return await anonymous.PostAsJsonAsync("/api/v1/tokens", new { email = user.Email, password = user.Password, totpCode }, Ct);
    }

    private async Task<TokenResponse> TokenAsync(TestUser user, string? totpCode = null)
    {
        var response = await RequestTokenAsync(user, totpCode);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Ct))!;
    }

    private HttpClient Bearer(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<MfaEnrollResponse> EnrolAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/me/mfa/enroll", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<MfaEnrollResponse>(Ct))!;
    }

    /// <summary>A six-digit code that is none of the codes valid around now.</summary>
    private static string WrongCode(string key)
    {
        var now = DateTimeOffset.UtcNow;
        var near = Enumerable.Range(-6, 13).Select(i => Totp.Code(key, now.AddSeconds(30 * i))).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => i.ToString("D6")).First(c => !near.Contains(c));
    }

    [Fact]
    public async Task ClientStaffWithoutMfa_TokenSaysEnrolmentRequired()
    {
        var issued = await TokenAsync(_newcomer);

        issued.MfaEnrollmentRequired.ShouldBeTrue();
    }

    [Fact]
    public async Task ContractorStaffWithoutMfa_GetsAFullToken()
    {
        var issued = await TokenAsync(_world.ResponsibleX);
        issued.MfaEnrollmentRequired.ShouldBeFalse();

        using var client = Bearer(issued.Token);
        (await client.GetAsync("/api/v1/contracts", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/contracts")]
    [InlineData("/api/v1/me")]
    [InlineData("/api/v1/organizations")]
    [InlineData("/api/v1/users")]
    public async Task PendingToken_OutsideEnrolment_Returns403(string path)
    {
        using var client = Bearer((await TokenAsync(_newcomer)).Token);

        var response = await client.GetAsync(path, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PendingToken_Enrol_Returns200WithSharedKeyAndOtpauthUri()
    {
        using var client = Bearer((await TokenAsync(_newcomer)).Token);

        var enrolment = await EnrolAsync(client);

        enrolment.SharedKey.ShouldNotBeNullOrWhiteSpace();
        enrolment.OtpauthUri.ShouldStartWith("otpauth://totp/");
        enrolment.OtpauthUri.ShouldContain($"secret={enrolment.SharedKey}");
        enrolment.OtpauthUri.ShouldContain("issuer=Itaku");
    }

    [Fact]
    public async Task Confirm_WithWrongCode_Returns400NamingCode_AndMfaStaysOff()
    {
        using var client = Bearer((await TokenAsync(_newcomer)).Token);
        var enrolment = await EnrolAsync(client);

        var response = await client.PostAsJsonAsync("/api/v1/me/mfa/confirm", new { code = WrongCode(enrolment.SharedKey) }, Ct);

        await response.ShouldBeValidationProblemForAsync("code");
        (await _factory.DbAsync(db => Task.FromResult(db.Users.Single(u => u.Id == _newcomer.Id).TwoFactorEnabled))).ShouldBeFalse();
        (await TokenAsync(_newcomer)).MfaEnrollmentRequired.ShouldBeTrue();
    }

    [Fact]
    public async Task Confirm_WithCurrentCode_Returns10RecoveryCodes_OldTokenStaysPending_NewTokenNeedsTotp()
    {
        var pending = (await TokenAsync(_newcomer)).Token;
        using var client = Bearer(pending);
        var enrolment = await EnrolAsync(client);

        var confirmed = await client.PostAsJsonAsync("/api/v1/me/mfa/confirm", new { code = Totp.Code(enrolment.SharedKey) }, Ct);

        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync(Ct));
        var codes = (await confirmed.Content.ReadFromJsonAsync<MfaConfirmResponse>(Ct))!.RecoveryCodes;
        codes.Count.ShouldBe(10);
        codes.Distinct().Count().ShouldBe(10);
        (await _factory.AuditEventsAsync("auth.mfa-enrolled")).ShouldHaveSingleItem().ActorId.ShouldBe(_newcomer.Id);

        // The token issued before enrolment keeps its restriction.
        (await client.GetAsync("/api/v1/contracts", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // A new token needs the code now.
        var withoutCode = await RequestTokenAsync(_newcomer);
        withoutCode.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await withoutCode.ReadJsonAsync()).GetProperty("detail").GetString()!.ShouldContain("totpCode");

        var withWrongCode = await RequestTokenAsync(_newcomer, WrongCode(enrolment.SharedKey));
        withWrongCode.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var issued = await TokenAsync(_newcomer, Totp.Code(enrolment.SharedKey));
        issued.MfaEnrollmentRequired.ShouldBeFalse();
        using var full = Bearer(issued.Token);
        (await full.GetAsync("/api/v1/contracts", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await full.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EnrolledUser_TokenWithoutTotpCode_Returns401()
    {
        var response = await RequestTokenAsync(_world.StaffA);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _factory.AuditEventsAsync("auth.token-issued")).ShouldNotContain(e => e.ActorId == _world.StaffA.Id);
    }
}
