using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Browser;

/// <summary>
/// In Chromium: the contractor's 責任者 registers a log source, reissues its token, disables and enables it and
/// finally revokes it with the page's buttons; the ingest endpoint follows each step.
/// </summary>
public sealed class LogSourceBrowserTests : IAsyncLifetime
{
    private readonly KestrelFactory _factory = new();
    private World _world = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _factory.StartServer();
        _world = await World.CreateAsync(_factory);
        (_playwright, _browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Responsible_RotatesDisablesEnablesAndRevokes_WithTheButtons()
    {
        var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(LogSourceBrowserTests), _factory.ProviderName);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var step = 0;
        async Task Shot(string name) => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"{++step:00}-{name}.png"), FullPage = true });
        try
        {
            await page.GotoAsync($"{_factory.BaseUrl}/Account/Login");
            await page.GetByLabel("メールアドレス").FillAsync(_world.ResponsibleX.Email);
            await page.GetByLabel("パスワード").FillAsync(_world.ResponsibleX.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ダッシュボード" })).ToBeVisibleAsync();

            await page.GotoAsync($"{_factory.BaseUrl}/Contracts/{_world.ContractA}/LogSources");
            await page.GetByLabel("名称").FillAsync("業務サーバー");
            await page.GetByRole(AriaRole.Button, new() { Name = "登録", Exact = true }).ClickAsync();
            var first = (await page.GetByTestId("ingest-token").TextContentAsync())!.Trim();
            var sourceId = long.Parse((await page.Locator("tbody tr td").First.TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
            (await IngestAsync(sourceId, first)).ShouldBe(HttpStatusCode.OK);

            await page.GetByTestId($"rotate-{sourceId}").ClickAsync();
            await Assertions.Expect(page.GetByText("取込みトークンを再発行しました。")).ToBeVisibleAsync();
            var second = (await page.GetByTestId("ingest-token").TextContentAsync())!.Trim();
            second.ShouldNotBe(first);
            await Shot("rotated");
            (await IngestAsync(sourceId, first)).ShouldBe(HttpStatusCode.Unauthorized);
            (await IngestAsync(sourceId, second)).ShouldBe(HttpStatusCode.OK);

            await page.GetByTestId($"toggle-{sourceId}").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"source-state-{sourceId}")).ToHaveTextAsync("停止中");
            (await IngestAsync(sourceId, second)).ShouldBe(HttpStatusCode.Forbidden);
            await Shot("disabled");

            await page.GetByTestId($"toggle-{sourceId}").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"source-state-{sourceId}")).ToHaveTextAsync("受付中");
            (await IngestAsync(sourceId, second)).ShouldBe(HttpStatusCode.OK);

            await page.GetByTestId($"revoke-{sourceId}").ClickAsync();
            await Assertions.Expect(page.GetByTestId($"source-state-{sourceId}")).ToHaveTextAsync("失効");
            await Assertions.Expect(page.GetByTestId($"rotate-{sourceId}")).ToHaveCountAsync(0);
            (await IngestAsync(sourceId, second)).ShouldBe(HttpStatusCode.Unauthorized);
            await Shot("revoked");
        }
        catch
        {
            await Shot("failure");
            throw;
        }
    }

    private async Task<HttpStatusCode> IngestAsync(long sourceId, string token)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_factory.BaseUrl}/api/v1/ingest/{sourceId}")
        {
            Content = new StringContent("{\"time\":\"2026-11-22T10:00:00+09:00\"}\n", Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
    }
}
