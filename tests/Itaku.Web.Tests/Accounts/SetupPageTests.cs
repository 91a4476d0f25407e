using System.Net;
using Itaku.Web.Features.Setup;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Accounts;

/// <summary>The first-run set-up form: Japanese messages for every field at once, and a used link that says so.</summary>
public sealed class SetupPageTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();

    public ValueTask InitializeAsync()
    {
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EmptyForm_ShowsEveryFieldsMessage_InJapanese()
    {
        var token = _factory.Services.GetRequiredService<SetupState>().Token!;
        using var session = new CookieSession(_factory);
        var page = $"/setup?token={token}";

        var response = await session.PostFormAsync(page, page, [new("token", token)]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await CookieSession.ReadTextAsync(response);
        foreach (var message in new[] { "団体名を入力してください。", "氏名を入力してください。", "メールアドレスを入力してください。", "パスワードを入力してください。", "確認用のパスワードを入力してください。" })
        {
            html.ShouldContain(message);
        }

        html.ShouldNotContain("field is required");
        html.ShouldNotContain("ConfirmPassword field");
    }

    [Fact]
    public async Task UsedLink_SaysItWasUsed_AndAWrongTokenWhileOpenIsStill404()
    {
        var state = _factory.Services.GetRequiredService<SetupState>();
        var token = state.Token!;
        using var session = new CookieSession(_factory);

        (await session.GetAsync("/setup?token=wrong")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        state.TryClose(token).ShouldBeTrue();
        var used = await session.GetAsync($"/setup?token={token}");

        used.StatusCode.ShouldBe(HttpStatusCode.Gone);
        var html = await CookieSession.ReadTextAsync(used);
        html.ShouldContain("この初期設定のリンクは使用済みです");
        html.ShouldNotContain("管理者を作成");
    }
}
