using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>
/// A browser without a browser: a cookie-keeping client that does not follow redirects, so a test
/// sees every 302. Forms are posted as the real pages post them, with the antiforgery token taken
/// from the page's HTML.
/// </summary>
public sealed partial class CookieSession(ItakuFactory factory) : IDisposable
{
    public HttpClient Client { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(path, Ct);

    public async Task<string> GetHtmlAsync(string path)
    {
        var response = await Client.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {path} → {(int)response.StatusCode} {RedirectPath(response)}");
        return html;
    }

    /// <summary>A page's HTML with character references decoded (Razor writes non-ASCII text as <c>&amp;#x...;</c>).</summary>
    public static async Task<string> ReadTextAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

    /// <summary>The hidden antiforgery field the form tag helper renders into every form of a page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = AntiforgeryField().Match(html);
        match.Success.ShouldBeTrue("the page has no __RequestVerificationToken field");
        return match.Groups["value"].Value;
    }

    /// <summary>Opens <paramref name="formPage"/> for its antiforgery token, then posts the fields to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = AntiforgeryToken(await GetHtmlAsync(formPage));
        return await PostWithoutAntiforgeryAsync(action, fields.Append(new("__RequestVerificationToken", token)));
    }

    public Task<HttpResponseMessage> PostFormAsync(string page, params (string Name, string Value)[] fields) =>
        PostFormAsync(page, page, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public async Task<HttpResponseMessage> PostWithoutAntiforgeryAsync(string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await Client.PostAsync(action, content, Ct);
    }

    /// <summary>The real sign-in form; returns its answer (a redirect on success).</summary>
    public Task<HttpResponseMessage> PostLoginAsync(string email, string password) =>
        PostFormAsync("/Account/Login", ("Input.Email", email), ("Input.Password", password));

    /// <summary>Signs in with password and, when the user has a key, the TOTP code; fails the test otherwise.</summary>
    public async Task SignInAsync(TestUser user)
    {
        var response = await PostLoginAsync(user.Email, user.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        if (user.TotpKey is not null)
        {
            RedirectPath(response).ShouldBe("/Account/LoginWith2fa");
            response = await PostFormAsync("/Account/LoginWith2fa", ("Input.Code", Totp.Code(user.TotpKey)));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        RedirectPath(response).ShouldBe("/");
    }

    /// <summary>The path of a redirect's Location (absolute or relative), without the query.</summary>
    public static string? RedirectPath(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location)).AbsolutePath
            : null;

    public void Dispose() => Client.Dispose();

    [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*value=""(?<value>[^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex AntiforgeryField();
}
