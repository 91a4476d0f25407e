using System.Text.RegularExpressions;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Browser;

/// <summary>
/// Issue 5's walk-through in Chromium: the contractor submits a subcontracting request → the client
/// returns it → the contractor revises → the client approves with a condition. Each side in its own
/// browser context (its own cookies). Screenshots under TestResults/screenshots/.
/// </summary>
public sealed class SubcontractingFlowTests : IAsyncLifetime
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

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ダッシュボード" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Waits for the approval notice's PDF link (the printer sweeps every few seconds) and downloads it.</summary>
    private static async Task<byte[]> DownloadApprovalPdfAsync(IPage page)
    {
        var row = page.GetByTestId("documents").GetByRole(AriaRole.Row).Filter(new() { HasText = "承認について" });
        for (var i = 0; i < 60 && await row.GetByTestId("pdf").CountAsync() == 0; i++)
        {
            await Task.Delay(1000);
            await page.ReloadAsync();
        }

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByTestId("pdf").ClickAsync());
        var path = await download.PathAsync();
        return await File.ReadAllBytesAsync(path);
    }

    [Fact]
    public async Task Contractor_Submits_Client_Returns_Contractor_Revises_Client_ApprovesWithACondition()
    {
        var shots = Infrastructure.Browser.ScreenshotDirectory(nameof(SubcontractingFlowTests), _factory.ProviderName);
        var step = 0;
        IPage? current = null;
        async Task Shot(string name) => await current!.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, $"{++step:00}-{name}.png"), FullPage = true });
        try
        {
            // 1. The contractor's 責任者 writes and submits the request.
            var contractor = current = await SignInAsync(_world.ResponsibleX);
            await contractor.GotoAsync($"{_factory.BaseUrl}/Contracts/{_world.ContractA}/Requests");
            await contractor.GetByLabel("申請の種類").SelectOptionAsync("subcontracting");
            await contractor.GetByRole(AriaRole.Button, new() { Name = "新しい申請を作成" }).ClickAsync();
            await Assertions.Expect(contractor.GetByRole(AriaRole.Heading, new() { Name = "再委託" })).ToBeVisibleAsync();
            await contractor.GetByLabel("件名").FillAsync("帳票印刷業務の再委託について");
            await contractor.GetByLabel("再委託する理由").FillAsync("繁忙期の帳票印刷を専門業者に委ねるため。");
            await contractor.GetByLabel("再委託する内容").FillAsync("納税通知書の印刷・封入封緘");
            await contractor.GetByLabel("再委託先の名称").FillAsync("株式会社赤城印刷");
            await contractor.GetByLabel("再委託先の所在地").FillAsync("群馬県前橋市元総社町1-1");
            await contractor.GetByLabel("業務執行場所").FillAsync("赤城印刷 本社工場");
            await contractor.GetByLabel("再委託先で取り扱う情報").FillAsync("納税義務者の氏名・住所・税額");
            await contractor.GetByLabel("再委託先における安全確保措置の実施方法").FillAsync("入退室管理");
            await contractor.GetByLabel("再委託先に対する管理・監督の方法").FillAsync("月次で作業報告を受け、立入検査を行う。");
            await contractor.GetByLabel("再委託先のセキュリティ責任者").FillAsync("赤城 太郎");
            await contractor.GetByLabel("再委託先の従事者").FillAsync("赤城 花子\n榛名 次郎");
            await Shot("contractor-writes");
            await contractor.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
            await Assertions.Expect(contractor.GetByTestId("request-status")).ToHaveTextAsync("提出済み");
            var requestUrl = contractor.Url;

            // 2. The client's Owner returns it with a reason.
            var client = current = await SignInAsync(_world.StaffA);
            await client.GotoAsync(requestUrl);
            await Assertions.Expect(client.GetByTestId("fields")).ToContainTextAsync("株式会社赤城印刷");
            await client.GetByLabel("差戻し・却下の理由").FillAsync("安全確保措置を具体的に記載してください（施錠、持出し禁止など）。");
            await Shot("client-returns");
            await client.GetByRole(AriaRole.Button, new() { Name = "差し戻す" }).ClickAsync();
            await Assertions.Expect(client.GetByTestId("request-status")).ToHaveTextAsync("差戻し");

            // 3. The contractor revises: a new revision; the returned one stays readable.
            current = contractor;
            await contractor.GotoAsync(requestUrl);
            await Assertions.Expect(contractor.GetByTestId("fields")).ToContainTextAsync("安全確保措置を具体的に記載してください");
            await contractor.GetByRole(AriaRole.Link, new() { Name = "修正する（新しい版）" }).ClickAsync();
            await contractor.GetByLabel("再委託先における安全確保措置の実施方法").FillAsync("入退室管理された印刷室でのみ作業し、データは暗号化して受け渡し、作業後に消去証明を提出する。");
            await contractor.GetByRole(AriaRole.Button, new() { Name = "提出する" }).ClickAsync();
            await Assertions.Expect(contractor.GetByTestId("request-status")).ToHaveTextAsync("提出済み");
            await Assertions.Expect(contractor.GetByTestId("revision-1")).ToBeVisibleAsync();
            await Shot("contractor-resubmits");

            // 4. The client approves with a condition.
            current = client;
            await client.GotoAsync(requestUrl);
            await client.GetByLabel("承認の条件（任意）").FillAsync("再委託先の従事者名簿を7日以内に提出すること。");
            await client.GetByRole(AriaRole.Button, new() { Name = "承認する" }).ClickAsync();
            await Assertions.Expect(client.GetByTestId("request-status")).ToHaveTextAsync("承認");
            await Assertions.Expect(client.GetByTestId("decision")).ToContainTextAsync("再委託先の従事者名簿を7日以内に提出すること。");
            await Shot("client-approves");

            current = contractor;
            await contractor.ReloadAsync();
            await Assertions.Expect(contractor.GetByTestId("decision")).ToContainTextAsync("承認されました");
            await Assertions.Expect(contractor).ToHaveURLAsync(new Regex("/Requests/\\d+$"));

            // 5. Both download the approval notice as PDF (printed by the background printer after commit).
            foreach (var (side, page) in new[] { ("contractor", contractor), ("client", client) })
            {
                current = page;
                var pdf = await DownloadApprovalPdfAsync(page);
                var text = await PdfText.ExtractAsync(pdf);
                text.ShouldContain("再委託申請の承認について");
                text.ShouldContain("再委託先の従事者名簿を7日以内に提出すること。");
                await Shot($"{side}-downloaded-pdf");
            }
        }
        catch
        {
            if (current is not null)
            {
                await Shot("failure");
            }

            throw;
        }
    }
}
