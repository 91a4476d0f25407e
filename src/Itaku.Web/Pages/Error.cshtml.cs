using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Pages;

[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        (Title, Message) = code switch
        {
            404 => (l["ページが見つかりません"].Value, l["お探しのページは存在しないか、閲覧する権限がありません。"].Value),
            403 => (l["権限がありません"].Value, l["この操作を行う権限がありません。"].Value),
            400 => (l["リクエストが正しくありません"].Value, l["入力内容を確認して、もう一度お試しください。"].Value),
            429 => (l["試行回数が多すぎます"].Value, l["しばらく待ってから、もう一度お試しください。"].Value),
            _ => (l["エラーが発生しました"].Value, l["処理を完了できませんでした。時間をおいて、もう一度お試しください。"].Value),
        };
    }
}
