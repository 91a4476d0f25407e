using System.Net.Http.Json;
using Itaku.Web.Features.Compliance;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>The compliance matrix learns of accepted attestations only, for the contracts it asks about, in one call.</summary>
public sealed class AttestationEvidenceRuleTests : IAsyncLifetime
{
    private readonly ItakuFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Rule_ReportsAcceptedAttestations_NotSubmittedOrReturnedOnes()
    {
        using var x = await _world.ClientAsync(_world.ResponsibleX);
        using var y = await _world.ClientAsync(_world.ResponsibleY);
        using var ownerA = await _world.ClientAsync(_world.StaffA);
        using var ownerB = await _world.ClientAsync(_world.StaffB);
        var accepted = await SubmitAsync(x, _world.ContractA);
        var returned = await SubmitAsync(x, _world.ContractA, OtherKey);
        await SubmitAsync(x, _world.ContractA, "software.restriction"); // stays submitted
        var acceptedB = await SubmitAsync(y, _world.ContractB);
        (await ownerA.PostAsJsonAsync($"{Url(_world.ContractA)}/{accepted.Id}/accept", new { }, Ct)).EnsureSuccessStatusCode();
        (await ownerA.PostAsJsonAsync($"{Url(_world.ContractA)}/{returned.Id}/return", new { reason = "不足" }, Ct)).EnsureSuccessStatusCode();
        (await ownerB.PostAsJsonAsync($"{Url(_world.ContractB)}/{acceptedB.Id}/accept", new { }, Ct)).EnsureSuccessStatusCode();

        await using var scope = _factory.Services.CreateAsyncScope();
        var rule = scope.ServiceProvider.GetServices<IEvidenceRule>().Single(r => r.RecordType == "attestation");
        var findings = new EvidenceFindings();
        await rule.FindAsync(new EvidenceQuery([_world.ContractA], DateTime.UtcNow), findings, Ct);

        var link = findings.EvidenceFor(_world.ContractA, Key).ShouldHaveSingleItem();
        link.ValidUntil.ShouldBe(new DateOnly(2027, 3, 31));
        link.Href.ShouldBe($"/Contracts/{_world.ContractA}/Attestations/{accepted.Id}");
        link.Label.ShouldContain(accepted.Id.ToString());
        var decided = (await ownerA.GetFromJsonAsync<Itaku.Web.Features.Attestations.AttestationDto>($"{Url(_world.ContractA)}/{accepted.Id}", Ct))!.DecidedAt;
        link.At.ShouldBe(decided!.Value);
        findings.EvidenceFor(_world.ContractA, OtherKey).ShouldBeEmpty();
        findings.EvidenceFor(_world.ContractA, "software.restriction").ShouldBeEmpty();
        findings.EvidenceFor(_world.ContractB, Key).ShouldBeEmpty(); // not asked about

        var both = new EvidenceFindings();
        await rule.FindAsync(new EvidenceQuery([_world.ContractA, _world.ContractB], DateTime.UtcNow), both, Ct);
        both.EvidenceFor(_world.ContractB, Key).ShouldHaveSingleItem().Href.ShouldBe($"/Contracts/{_world.ContractB}/Attestations/{acceptedB.Id}");
        both.EvidenceFor(_world.ContractA, Key).Count.ShouldBe(1);
    }
}
