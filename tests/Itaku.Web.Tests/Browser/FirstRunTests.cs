using System.Text.RegularExpressions;
using Itaku.Web.Features.Setup;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Browser;

/// <summary>
/// The first thing a prefecture does with Itaku, in Chromium: first-run set-up → administrator →
/// TOTP enrolment (the test computes the code) → organisations → a contract → the contract list.
/// A screenshot of every step is kept under TestResults/screenshots/.
/// </summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly KestrelFactory _factory = new();
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async ValueTask InitializeAsync()
    {
        _factory.StartServer();
        (_playwright, _browser) = await Infrastructure.Browser.LaunchAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task FirstRun_SetupEnrolMfaCreateOrganisationsAndContract_ContractIsListed()
    {
        var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(FirstRunTests), _factory.ProviderName);
        var step = 0;
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        async Task Shot(string name) => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"{++step:00}-{name}.png"), FullPage = true });

        try
        {
            await RunAsync(page, Shot);
        }
        catch
        {
            await Shot("failure");
            throw;
        }
    }

    private async Task RunAsync(IPage page, Func<string, Task> Shot)
    {
        var token = _factory.Services.GetRequiredService<SetupState>().Token;
        token.ShouldNotBeNull();

        // 1. First-run set-up creates the administrator.
        await page.GotoAsync($"{_factory.BaseUrl}/setup?token={token}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "初期設定" })).ToBeVisibleAsync();
        await page.GetByLabel("団体名").FillAsync("群馬県");
        await page.GetByLabel("氏名").FillAsync("管理 太郎");
        await page.GetByLabel("メールアドレス").FillAsync("admin@pref.gunma.example.jp");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync("Akagi-san no yuki 2026");
        await page.GetByLabel("パスワード（確認）").FillAsync("Akagi-san no yuki 2026");
        await Shot("setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "管理者を作成" }).ClickAsync();

        // 2. MFA is mandatory for an administrator: enrolment is the only page.
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Mfa$"));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "二要素認証の QR コード" })).ToBeVisibleAsync();
        await Shot("mfa-enrolment");
        var key = await page.GetByTestId("shared-key").GetAttributeAsync("data-key");
        await page.GetByLabel("確認コード").FillAsync(Totp.Code(key!));
        await page.GetByRole(AriaRole.Button, new() { Name = "有効にする" }).ClickAsync();
        await Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await Shot("recovery-codes");

        // 3. Organisations: a department of the prefecture and a contractor.
        await page.GotoAsync($"{_factory.BaseUrl}/Organizations");
        await page.GetByLabel("種別").SelectOptionAsync(new SelectOptionValue { Label = "部署" });
        await page.GetByLabel("名称").FillAsync("デジタル推進課");
        await page.GetByLabel("所属団体（部署のとき）").SelectOptionAsync(new SelectOptionValue { Label = "群馬県" });
        await page.GetByRole(AriaRole.Button, new() { Name = "追加" }).ClickAsync();
        await page.GetByLabel("種別").SelectOptionAsync(new SelectOptionValue { Label = "受託者" });
        await page.GetByLabel("名称").FillAsync("株式会社上州システム");
        await page.GetByLabel("所在地").FillAsync("群馬県前橋市大手町1-1-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "追加" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "株式会社上州システム" })).ToBeVisibleAsync();
        await Shot("organisations");

        // 4. A contract.
        await page.GotoAsync($"{_factory.BaseUrl}/Contracts/Create");
        await page.GetByLabel("契約番号").FillAsync("R8-デジ-001");
        await page.GetByLabel("件名").FillAsync("住民情報システム運用保守業務委託");
        await page.GetByLabel("所管課").SelectOptionAsync(new SelectOptionValue { Label = "デジタル推進課" });
        await page.GetByLabel("受託者").SelectOptionAsync(new SelectOptionValue { Label = "株式会社上州システム" });
        await page.GetByLabel("取り扱う情報の種類").FillAsync("住民基本台帳情報\n税務情報");
        await page.GetByLabel("作業場所").FillAsync("本社開発室 | 群馬県前橋市大手町1-1-1");
        await Shot("contract-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "登録" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "住民情報システム運用保守業務委託" })).ToBeVisibleAsync();
        await Shot("contract-details");

        // 5. The contract list shows it.
        await page.GotoAsync($"{_factory.BaseUrl}/Contracts");
        var row = page.GetByTestId("contracts").GetByRole(AriaRole.Row).Filter(new() { HasText = "R8-デジ-001" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("株式会社上州システム");
        await Shot("contract-list");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
