using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Api;

/// <summary>
/// Signing in over the API the way a client program does: <c>POST /api/v1/tokens</c>, and when the
/// answer says enrolment is required, <c>/api/v1/me/mfa/enroll</c> and <c>/confirm</c> with a code
/// computed like an authenticator app. Works on any <see cref="HttpClient"/> (TestServer or real HTTP).
/// </summary>
public static class ApiSignIn
{
    public static async Task<TokenResponse> TokenAsync(HttpClient http, string email, string password, string? totpCode, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/tokens", new { email, password, totpCode }, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(ct))!;
    }

    /// <summary>Pending token → enrol → confirm → a full token issued with a TOTP code. Returns that token and the shared key.</summary>
    public static async Task<(string Token, string SharedKey)> EnrolMfaAsync(HttpClient http, string email, string password, CancellationToken ct)
    {
        var pending = await TokenAsync(http, email, password, null, ct);
        pending.MfaEnrollmentRequired.ShouldBeTrue();

        using var enroll = await SendAsync(http, HttpMethod.Post, "/api/v1/me/mfa/enroll", pending.Token, null, ct);
        enroll.StatusCode.ShouldBe(HttpStatusCode.OK, await enroll.Content.ReadAsStringAsync(ct));
        var key = (await enroll.Content.ReadFromJsonAsync<MfaEnrollResponse>(ct))!.SharedKey;

        using var confirm = await SendAsync(http, HttpMethod.Post, "/api/v1/me/mfa/confirm", pending.Token, new { code = Totp.Code(key) }, ct);
        confirm.StatusCode.ShouldBe(HttpStatusCode.OK, await confirm.Content.ReadAsStringAsync(ct));
        (await confirm.Content.ReadFromJsonAsync<MfaConfirmResponse>(ct))!.RecoveryCodes.ShouldNotBeEmpty();

        var full = await TokenAsync(http, email, password, Totp.Code(key), ct);
        full.MfaEnrollmentRequired.ShouldBeFalse();
        return (full.Token, key);
    }

    /// <summary>One request with its own bearer token, so one client can speak for several users.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string url, string? token, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request, ct);
    }
}
