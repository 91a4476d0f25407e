using System.Text.RegularExpressions;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Browser;

/// <summary>
/// In Chromium: the contractor's 責任者 signs in, lands on the dashboard, sees what they owe next,
/// opens the contract's compliance matrix and its printable page. Screenshots under TestResults/screenshots/.
/// </summary>
public sealed class ComplianceBrowserTests : IAsyncLifetime
{
    private readonly KestrelFactory _factory = new();
    private World _world = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _factory.StartServer();
        _world = await World.CreateAsync(_factory);
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
        (_playwright, _browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Contractor_DashboardToMatrixToPrintablePage()
    {
        var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(ComplianceBrowserTests), _factory.ProviderName);
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
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "次に対応が必要な義務" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("owed").GetByText("logs.record-operations")).ToBeVisibleAsync();
            await Shot("dashboard");

            await page.GetByTestId("dashboard").GetByRole(AriaRole.Link, new() { Name = "R8-情政-001" }).ClickAsync();
            var row = page.Locator("tr[data-key='logs.record-operations']");
            await Assertions.Expect(row.GetByTestId("status")).ToHaveTextAsync("期限超過");
            await Shot("matrix");

            await page.GetByRole(AriaRole.Link, new() { Name = "印刷用の遵守状況表" }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/Compliance$"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "遵守状況表" })).ToBeVisibleAsync();
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
            await Shot("printable");
        }
        catch
        {
            await Shot("failure");
            throw;
        }
    }
}
