using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Tests.Infrastructure;

namespace Itaku.Web.Tests.Accounts;

/// <summary>A TOTP code is accepted once: a code read over a shoulder or from a log cannot be replayed.</summary>
public sealed class TotpReplayTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await World.CreateAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task SameCodeTwice_SecondTokenRequestIs401_AndANewerCodeWorks()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = _factory.CreateClient();
        var user = _world.StaffB;
        var code = Totp.Code(user.TotpKey!);
        var request = new { email = user.Email, password = user.Password, totpCode = code };

        (await client.PostAsJsonAsync("/api/v1/tokens", request, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PostAsJsonAsync("/api/v1/tokens", request, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.PostAsJsonAsync("/api/v1/tokens", request with { totpCode = Totp.Code(user.TotpKey!) }, ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
