using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Itaku.Web.Tests.Infrastructure;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>
/// On a real Kestrel socket (TestServer does not enforce body limits): a submission larger than the
/// per-request limit (MaxFiles × MaxBytes + 1 MiB) is answered with a 400 naming the limit, on the API and
/// on the page, never a 500. Here the limit is 1 × 64 KiB + 1 MiB.
/// </summary>
public sealed class AttachmentRequestLimitTests : IAsyncLifetime
{
    private readonly LimitedKestrel _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync()
    {
        _factory.StartServer();
        _world = await WorldAsync(_factory);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static byte[] Big() => Encoding.UTF8.GetBytes(new string('x', 3 * 1024 * 1024));

    /// <summary>A client of the real socket (the factory's clients all point at http://localhost).</summary>
    private HttpClient Client(bool cookies = false) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(_factory.BaseUrl) };

    [Fact]
    public async Task Api_BodyOverTheRequestLimit_Returns400NamingTheLimit()
    {
        using var responsible = Client();
        var token = await responsible.PostAsJsonAsync("/api/v1/tokens", new { email = _world.ResponsibleX.Email, password = _world.ResponsibleX.Password }, Ct);
        token.EnsureSuccessStatusCode();
        responsible.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("token").GetString());
        using var form = Form(files: ("大きい.txt", Big()));

        var response = await responsible.PostAsync(Url(_world.ContractA), form, Ct);

        (await response.ShouldBeValidationProblemForAsync("files")).ShouldContain("64 KiB");
    }

    [Fact]
    public async Task Page_BodyOverTheRequestLimit_Returns400_NotA500()
    {
        using var browser = Client(cookies: true);
        var login = await browser.GetStringAsync("/Account/Login", Ct);
        using var credentials = new FormUrlEncodedContent([
            new("Input.Email", _world.ResponsibleX.Email), new("Input.Password", _world.ResponsibleX.Password),
            new("__RequestVerificationToken", CookieSession.AntiforgeryToken(login))]);
        (await browser.PostAsync("/Account/Login", credentials, Ct)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var page = $"/Contracts/{_world.ContractA}/Attestations";
        var html = await browser.GetStringAsync(page, Ct);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(CookieSession.AntiforgeryToken(html)), "__RequestVerificationToken" },
            { new StringContent(Key), "Input.ObligationKey" },
            { new StringContent("説明"), "Input.Statement" },
            { new StringContent("2026-04-01"), "Input.ValidFrom" },
            { new StringContent("2027-03-31"), "Input.ValidUntil" },
            { new ByteArrayContent(Big()), "Input.Files", "大きい.txt" },
        };

        var response = await browser.PostAsync(page, form, Ct);

        // The page's own limit (not Kestrel's 30 MB default, which 3 MiB is under) stops the read; antiforgery,
        // which reads the form first, answers 400 and the error page is shown. Without the limit it would be a 200
        // with the per-file message.
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private sealed class LimitedKestrel : ItakuFactory
    {
        public LimitedKestrel()
        {
            Port = FreePort();
            UseKestrel(Port);
        }

        public int Port { get; }

        public string BaseUrl => $"http://127.0.0.1:{Port}";

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Attachments:MaxBytes"] = (64 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Attachments:MaxFiles"] = "1",
        };

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
