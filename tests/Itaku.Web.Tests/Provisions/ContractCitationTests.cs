using System.Net;
using System.Net.Http.Json;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Contracts;
using Itaku.Web.Features.Provisions;
using Itaku.Web.Features.Requests;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Provisions;

/// <summary>
/// A contract cites only its own provision set, as that set writes its numbers (「第13条第4項」 in
/// Gunma's articles, 「第7項」 in Setagaya's items), says its due dates in words, and offers only the
/// request kinds and notices its set calls for.
/// </summary>
public sealed class ContractCitationTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;
    private long _gunma;
    private long _setagaya;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _world = await World.CreateAsync(_factory);
        _gunma = await CreateAsync(ProvisionFixtures.Gunma, "R8-情政-301");
        _setagaya = await CreateAsync(ProvisionFixtures.Setagaya, "R8-情政-302");
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<long> CreateAsync(string code, string number)
    {
        using var staff = await _world.ClientAsync(_world.StaffA);
        var set = (await staff.GetFromJsonAsync<Itaku.Web.Infrastructure.Web.CursorPage<ProvisionSetSummaryDto>>($"/api/v1/provision-sets?code={code}", Ct))!.Items.Single().Id;
        var created = await staff.PostAsJsonAsync("/api/v1/contracts", ProvisionFixtures.NewContract(_world, number, set), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<ContractDto>(Ct))!.Id;
        (await staff.PostAsJsonAsync($"/api/v1/contracts/{id}/members", new { userId = _world.ResponsibleX.Id, role = "Responsible" }, Ct)).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<IReadOnlyDictionary<string, string>> KindsAsync(long contract)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ProvisionCitations>().ForRequestKindsAsync(contract, Ct);
    }

    [Fact]
    public void Citations_AreWrittenAsEachSetNumbersThem()
    {
        var gunma = ProvisionSetReader.Deserialize(ProvisionFixtures.ShippedText(ProvisionFixtures.Gunma));
        var setagaya = ProvisionSetReader.Deserialize(ProvisionFixtures.ShippedText(ProvisionFixtures.Setagaya));

        CitationText.IsItemNumbered(gunma).ShouldBeFalse();
        CitationText.IsItemNumbered(setagaya).ShouldBeTrue();
        CitationText.Format("4", "1", items: false).ShouldBe("第4条第1項");
        CitationText.Format("14", "1, 2", items: false).ShouldBe("第14条第1項・第2項");
        CitationText.Format("3-2", null, items: false).ShouldBe("第3条の2");
        CitationText.Format("3", null, items: true).ShouldBe("第3項");
        CitationText.Format("3", "(1)", items: true).ShouldBe("第3項(1)");
    }

    [Theory]
    [InlineData("attestation", "attestation", null, "P14D", "遵守確認・提出期限：契約開始から14日以内")]
    [InlineData("periodic-report", "recurring", "P1M", null, "定期報告・毎月")]
    [InlineData("training-record", "recurring", "P6M", null, "教育・訓練の記録・6か月ごと")]
    [InlineData("incident", "event", null, "P1D", "事故等の報告・事由が生じたとき・提出期限：事由の発生から1日以内")]
    [InlineData("request.copy", "event", null, null, "情報資産の複製の申請・事由が生じたとき")]
    public void Evidence_IsSaidInWords_NeverAsARecordTypeOrDuration(string recordType, string trigger, string? recurrence, string? due, string expected)
    {
        var text = EvidenceText.Describe(new ObligationEvidence(recordType, trigger, recurrence, due));

        text.ShouldBe(expected);
        NoCodes.AssertNone(text, "evidence");
    }

    [Fact]
    public async Task RequestKinds_AreThoseOfTheContractsOwnSet_CitedInItsNumbers()
    {
        var gunma = await KindsAsync(_gunma);
        var setagaya = await KindsAsync(_setagaya);

        gunma["copy"].ShouldBe("第13条第4項");
        setagaya["copy"].ShouldBe("第7項");
        gunma.Keys.ShouldContain("offsite-work");
        setagaya.Keys.ShouldNotContain("offsite-work"); // Setagaya's items have no off-site work approval
        setagaya.Keys.ShouldContain("server-outside");
        gunma.Keys.ShouldNotContain("server-outside");
        gunma.Values.Concat(setagaya.Values).ShouldAllBe(v => !v.Contains("世田谷") && !v.Contains("群馬"));
    }

    [Fact]
    public async Task RequestsPage_OffersOnlyTheSetsKinds_AndNoticesPage_OnlyTheSetsNotices()
    {
        using var session = new CookieSession(_factory);
        await session.SignInAsync(_world.ResponsibleX);

        var gunmaRequests = await session.GetHtmlAsync($"/Contracts/{_gunma}/Requests");
        var setagayaRequests = await session.GetHtmlAsync($"/Contracts/{_setagaya}/Requests");
        gunmaRequests.ShouldContain("情報資産の複製（第13条第4項）");
        setagayaRequests.ShouldContain("情報資産の複製（第7項）");
        setagayaRequests.ShouldNotContain("value=\"offsite-work\"");
        gunmaRequests.ShouldContain("value=\"offsite-work\"");

        // The management-structure notice is Setagaya's item 3; Gunma's articles do not ask for it.
        (await session.GetHtmlAsync($"/Contracts/{_setagaya}/Notices")).ShouldContain("管理体制の変更届");
        (await session.GetHtmlAsync($"/Contracts/{_gunma}/Notices")).ShouldNotContain("管理体制の変更届");
    }
}
