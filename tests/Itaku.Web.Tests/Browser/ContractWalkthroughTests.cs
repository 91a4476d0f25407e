using System.Text.RegularExpressions;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Browser;

/// <summary>
/// Issue 11's walk-through, every step by clicking the page's own buttons in Chromium: the client's
/// officer creates a contract and adds the contractor's 責任者 → the 責任者 writes the roster (行を追加,
/// 下書きを保存, 保存して提出) → the officer acknowledges it → a request is returned, revised and
/// approved → the approval letter's PDF is downloaded and read. No page shows a code.
/// </summary>
public sealed class ContractWalkthroughTests : IAsyncLifetime
{
    private readonly KestrelFactory _factory = new();
    private World _world = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage? _current;
    private int _step;

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

    private async Task<IPage> SignInAsync(TestUser user)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { Locale = "ja-JP", ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{_factory.BaseUrl}/Account/Login");
        await page.GetByLabel("メールアドレス").FillAsync(user.Email);
        await page.GetByLabel("パスワード").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "サインイン" }).ClickAsync();
        if (user.TotpKey is not null)
        {
            await page.GetByLabel("確認コード").FillAsync(Totp.Code(user.TotpKey));
            await page.GetByRole(AriaRole.Button, new() { Name = "確認" }).ClickAsync();
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ダッシュボード" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A screenshot, then the page is searched for codes.</summary>
    private async Task CheckAsync(IPage page, string name)
    {
        _current = page;
        var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(ContractWalkthroughTests), _factory.ProviderName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"{++_step:00}-{name}.png"), FullPage = true });
        await NoCodes.AssertNoneAsync(page, name);
    }

    [Fact]
    public async Task Contract_Roster_Request_Letter_AllByClickingTheirButtons_NoCodesShown()
    {
        try
        {
            await RunAsync();
        }
        catch
        {
            if (_current is not null)
            {
                var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(ContractWalkthroughTests), _factory.ProviderName);
                await _current.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "failure.png"), FullPage = true });
            }

            throw;
        }
    }

    private async Task RunAsync()
    {
        // 1. The client's officer creates the contract and adds the contractor's 責任者.
        var client = _current = await SignInAsync(_world.StaffA);
        await CheckAsync(client, "client-dashboard");
        await client.GotoAsync($"{_factory.BaseUrl}/Contracts/Create");
        await client.GetByLabel("契約番号").FillAsync("R8-情政-100");
        await client.GetByLabel("件名").FillAsync("住民情報システム運用保守業務委託");
        await client.GetByLabel("受託者").SelectOptionAsync(new SelectOptionValue { Label = "株式会社上州システム" });
        await client.GetByLabel("取り扱う情報の種類").FillAsync("住民基本台帳情報");
        await client.GetByLabel("作業場所").FillAsync("本社開発室 | 群馬県前橋市大手町1-1-1");
        await CheckAsync(client, "contract-form");
        await client.GetByRole(AriaRole.Button, new() { Name = "登録" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Heading, new() { Name = "住民情報システム運用保守業務委託" })).ToBeVisibleAsync();
        var contractUrl = client.Url;
        await client.GetByLabel("ユーザー").SelectOptionAsync(new SelectOptionValue { Label = $"上州 一郎（{_world.ResponsibleX.Email}）" });
        await client.GetByLabel("契約上の役割").SelectOptionAsync(new SelectOptionValue { Label = "責任者" });
        await client.GetByRole(AriaRole.Button, new() { Name = "追加" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Cell, new() { Name = "上州 一郎" })).ToBeVisibleAsync();
        await CheckAsync(client, "contract-details");
        await client.GetByRole(AriaRole.Link, new() { Name = "契約を編集" }).ClickAsync();
        await client.GetByLabel("状態").SelectOptionAsync(new SelectOptionValue { Label = "履行中" });
        await client.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(client.GetByRole(AriaRole.Heading, new() { Name = "住民情報システム運用保守業務委託" })).ToBeVisibleAsync();

        // 2. The 責任者 writes the roster with the page's own buttons.
        var contractor = _current = await SignInAsync(_world.ResponsibleX);
        await contractor.GotoAsync(contractUrl);
        await CheckAsync(contractor, "contractor-contract");
        await contractor.GetByRole(AriaRole.Link, new() { Name = "従事者名簿", Exact = true }).ClickAsync();
        await contractor.GetByRole(AriaRole.Button, new() { Name = "名簿を作成" }).ClickAsync();
        await Expect(contractor).ToHaveURLAsync(new Regex(@"/Roster\?version=1$"));
        var first = contractor.GetByRole(AriaRole.Group, new() { Name = "従事者 1", Exact = true });
        await first.GetByLabel("氏名").FillAsync("上州 一郎");
        await first.GetByLabel("役割").SelectOptionAsync(new SelectOptionValue { Label = "責任者" });
        await first.GetByLabel("担当業務").FillAsync("業務全体の統括");
        await first.GetByLabel("作業範囲").FillAsync("運用保守の全体");
        await first.GetByLabel("作業場所").FillAsync("本社開発室");
        await first.GetByLabel("連絡先").FillAsync("027-000-0001");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "行を追加" }).ClickAsync();
        await Expect(contractor.GetByRole(AriaRole.Group, new() { Name = "従事者 6", Exact = true })).ToBeVisibleAsync();
        await Expect(contractor.GetByRole(AriaRole.Group, new() { Name = "従事者 1", Exact = true }).GetByLabel("氏名")).ToHaveValueAsync("上州 一郎");
        var second = contractor.GetByRole(AriaRole.Group, new() { Name = "従事者 2", Exact = true });
        await second.GetByLabel("氏名").FillAsync("作業 四郎");
        await second.GetByLabel("役割").SelectOptionAsync(new SelectOptionValue { Label = "監督者" });
        await second.GetByLabel("担当業務").FillAsync("作業の監督");
        await second.GetByLabel("作業範囲").FillAsync("運用作業");
        await second.GetByLabel("作業場所").FillAsync("本社開発室");
        await second.GetByLabel("連絡先").FillAsync("027-000-0002");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "下書きを保存" }).ClickAsync();
        await Expect(contractor).ToHaveURLAsync(new Regex(@"/Roster\?version=1$"));
        await Expect(contractor.GetByRole(AriaRole.Cell, new() { Name = "作業 四郎" })).ToBeVisibleAsync();
        await CheckAsync(contractor, "roster-saved");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "保存して提出" }).ClickAsync();
        await Expect(contractor.GetByText("提出済み（受理待ち）").First).ToBeVisibleAsync();
        await CheckAsync(contractor, "roster-submitted");

        // 3. The officer acknowledges the roster's notice.
        _current = client;
        await client.GotoAsync(contractUrl);
        await client.GetByRole(AriaRole.Link, new() { Name = "届出・報告" }).ClickAsync();
        await CheckAsync(client, "client-notices");
        await client.GetByRole(AriaRole.Button, new() { Name = "受理する" }).First.ClickAsync();
        await Expect(client.GetByText("受理済み").First).ToBeVisibleAsync();
        await client.GetByRole(AriaRole.Link, new() { Name = "第1版" }).First.ClickAsync();
        await Expect(client.GetByRole(AriaRole.Heading, new() { Name = "第1版 受理済み" })).ToBeVisibleAsync();
        await CheckAsync(client, "roster-acknowledged");

        // 4. A request to copy information: submitted, returned, revised, approved.
        _current = contractor;
        await contractor.GotoAsync(contractUrl);
        await contractor.GetByRole(AriaRole.Link, new() { Name = "申請（承認が必要な事項）" }).ClickAsync();
        await CheckAsync(contractor, "requests");
        await contractor.GetByLabel("申請の種類").SelectOptionAsync(new SelectOptionValue { Label = "情報資産の複製（第13条第4項）" });
        await contractor.GetByRole(AriaRole.Button, new() { Name = "新しい申請を作成" }).ClickAsync();
        await contractor.GetByLabel("件名").FillAsync("住民データの複製について");
        await contractor.GetByLabel("複製する情報資産").FillAsync("住民基本台帳データ（検証用）");
        await contractor.GetByLabel("複製する理由").FillAsync("移行検証のため");
        await contractor.GetByLabel("部数").FillAsync("1");
        await contractor.GetByLabel("保管場所").FillAsync("本社開発室の施錠保管庫");
        await contractor.GetByLabel("消去の予定日").FillAsync("2026-12-27");
        await CheckAsync(contractor, "request-form");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await Expect(contractor.GetByTestId("request-status")).ToHaveTextAsync("提出済み");
        var requestUrl = contractor.Url;
        await CheckAsync(contractor, "request-submitted");

        _current = client;
        await client.GotoAsync(requestUrl);
        await client.GetByLabel("差戻し・却下の理由").FillAsync("消去の方法を記載してください。");
        await client.GetByRole(AriaRole.Button, new() { Name = "差し戻す" }).ClickAsync();
        await Expect(client.GetByTestId("request-status")).ToHaveTextAsync("差戻し");
        await CheckAsync(client, "request-returned");

        _current = contractor;
        await contractor.GotoAsync(requestUrl);
        await contractor.GetByRole(AriaRole.Link, new() { Name = "修正する（新しい版）" }).ClickAsync();
        await CheckAsync(contractor, "request-revising");
        await contractor.GetByLabel("複製する理由").FillAsync("移行検証のため。検証後に消去ソフトで完全消去し、消去証明を提出する。");
        await contractor.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
        await Expect(contractor.GetByTestId("request-status")).ToHaveTextAsync("提出済み");

        _current = client;
        await client.GotoAsync(requestUrl);
        await client.GetByLabel("承認の条件（任意）").FillAsync("消去証明を提出すること。");
        await client.GetByLabel("有効期間（開始）").FillAsync("2026-12-20");
        await client.GetByLabel("有効期間（終了）").FillAsync("2026-12-27");
        await client.GetByRole(AriaRole.Button, new() { Name = "承認する" }).ClickAsync();
        await Expect(client.GetByTestId("request-status")).ToHaveTextAsync("承認");
        await CheckAsync(client, "request-approved");

        // 5. The approval letter: its PDF, downloaded from the page, read as text.
        var row = client.GetByTestId("documents").GetByRole(AriaRole.Row).Filter(new() { HasText = "承認について" });
        for (var i = 0; i < 60 && await row.GetByTestId("pdf").CountAsync() == 0; i++)
        {
            await Task.Delay(1000);
            await client.ReloadAsync();
        }

        var download = await client.RunAndWaitForDownloadAsync(() => row.GetByTestId("pdf").ClickAsync());
        var text = await PdfText.ExtractAsync(await File.ReadAllBytesAsync(await download.PathAsync()));
        text.ShouldContain("消去証明を提出すること。");
        NoCodes.AssertNone(text, "approval letter", allowProductName: false);

        // 6. The other pages of the contract, as each side sees them.
        foreach (var (page, side) in new[] { (client, "client"), (contractor, "contractor") })
        {
            foreach (var link in new[] { "従事者名簿", "届出・報告", "申請（承認が必要な事項）", "遵守確認（記録で示せない義務）", "書面（発行した文書とPDF）", "遵守状況表（印刷・CSV）", "ログ送信元（アクセスログの取込み）" })
            {
                await page.GotoAsync(contractUrl);
                await page.GetByTestId("contract-links").GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
                await CheckAsync(page, $"{side}-{link}");
            }
        }
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);
}
