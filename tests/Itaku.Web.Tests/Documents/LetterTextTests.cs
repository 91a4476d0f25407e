using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Features.Requests;
using Itaku.Web.Infrastructure.Web;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Tests.Documents;

/// <summary>
/// The text of each request letter, whole: an application, its return, the revised application, an
/// approval that cites the application by number and date and gives its period in the documents'
/// date style, and a rejection. No product name, no English, no code.
/// </summary>
public sealed partial class LetterTextTests : IAsyncLifetime
{
    private readonly NoChromiumFactory _factory = new();
    private World _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        await ProvisionFixtures.AttachSetAsync(_factory, _world.ContractA);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Every letter of the contract as text, one line per block, today's date as 「{今日}」.</summary>
    private async Task<List<string>> LettersAsync()
    {
        var today = JapaneseDates.Format(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_factory.Clock.GetUtcNow(), _factory.Clock.LocalTimeZone).DateTime), DateStyle.Japanese, new("ja-JP"));
        var docs = await _factory.DbAsync(db => db.Set<Itaku.Web.Features.Documents.OfficialDocument>().AsNoTracking().Where(d => d.ContractId == _world.ContractA).OrderBy(d => d.Id).Select(d => d.Html).ToListAsync(Ct));
        return [.. docs.Select(html =>
        {
            var body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
            var text = System.Net.WebUtility.HtmlDecode(Tags().Replace(Blocks().Replace(body, "\n"), ""));
            return string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)).Replace(today, "{今日}", StringComparison.Ordinal);
        })];
    }

    [Fact]
    public async Task RequestLetters_ReadLikeAMunicipalitys()
    {
        using var contractor = await _world.ClientAsync(_world.ResponsibleX);
        using var client = await _world.ClientAsync(_world.StaffA);
        var fields = new JsonObject { ["what"] = "住民基本台帳データ（検証用）", ["purpose"] = "移行検証のため", ["copies"] = "1", ["storage"] = "施錠保管庫", ["eraseBy"] = "2026-12-27" };
        var created = await contractor.PostAsJsonAsync($"/api/v1/contracts/{_world.ContractA}/requests", new CreateRequestRequest("copy", "住民データの複製について", fields, Submit: true), Ct);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<RequestDto>(Ct))!.Id;
        var url = $"/api/v1/contracts/{_world.ContractA}/requests/{id}";
        (await client.PostAsJsonAsync($"{url}/return", new ReasonRequest("消去の方法を記載してください。"), Ct)).EnsureSuccessStatusCode();
        (await contractor.PutAsJsonAsync(url, new UpdateRequestRequest("住民データの複製について", fields), Ct)).EnsureSuccessStatusCode();
        (await contractor.PostAsync($"{url}/submit", null, Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync($"{url}/approve", new ApproveRequest("消去証明を提出すること。", new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 27)), Ct)).EnsureSuccessStatusCode();

        var letters = await LettersAsync();

        letters.Count.ShouldBe(4);
        letters[0].ShouldBe("""
            R8-情政-001 令和8年度第1号
            {今日}
            群馬県 情報政策課 御中
            株式会社上州システム
            情報資産の複製承認申請書
            情報セキュリティ特記事項（第13条第4項）に基づき、下記のとおり承認を申請します。
            記
            件名
            住民データの複製について
            申請番号
            1（第1版）
            複製する情報資産
            住民基本台帳データ（検証用）
            複製する理由
            移行検証のため
            部数
            1
            保管場所
            施錠保管庫
            消去の予定日
            令和8年12月27日
            以上
            """.Replace("\r\n", "\n"));
        letters[1].ShouldContain("{今日}付けR8-情政-001 令和8年度第1号で申請のあった情報資産の複製について、下記の理由により差し戻します。");
        letters[2].ShouldContain("差戻しを受けて内容を修正し、下記のとおり改めて申請します。");
        letters[3].ShouldBe("""
            R8-情政-001 令和8年度第4号
            {今日}
            株式会社上州システム 御中
            群馬県 情報政策課
            情報資産の複製申請の承認について（通知）
            {今日}付けR8-情政-001 令和8年度第3号で申請のあった情報資産の複製について、下記のとおり承認します。
            記
            申請の件名
            住民データの複製について
            申請番号
            1（第2版）
            決定
            承認
            条件
            消去証明を提出すること。
            有効期間
            令和8年12月20日から令和8年12月27日まで
            以上
            """.Replace("\r\n", "\n"));
        foreach (var letter in letters)
        {
            NoCodes.AssertNone(letter, "letter", allowProductName: false);
        }
    }

    [GeneratedRegex("<(p|div|h1|li|tr|br)[^>]*>")]
    private static partial Regex Blocks();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
