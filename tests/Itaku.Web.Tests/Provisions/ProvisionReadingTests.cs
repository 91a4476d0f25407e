using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Tests.Provisions;

/// <summary>
/// Readings of the shared taxonomy checked against the source text (issue 10, Deliver 3): wording that only
/// one set has lives in that set's note, and the shared key says what every set using it says.
/// </summary>
public sealed class ProvisionReadingTests
{
    private static readonly ObligationTaxonomy Taxonomy = ShippedProvisions.LoadTaxonomy();

    private static string Ja(string key) => Taxonomy.Find(key)!.Ja;

    [Fact]
    public void CopyApproval_HasNoBackupException_WhichOnlySetagayaHas()
    {
        // G13-4 has no exception; S7: 「業務上必要なバックアップを取得する場合を除き、甲の承認を得ずに複写してはならない」.
        Ja("assets.copy-approval").ShouldNotContain("バックアップ");
        Note(ProvisionFixtures.Setagaya, "7", "assets.copy-approval").ShouldContain("バックアップ");
        Note(ProvisionFixtures.Gunma, "13", "assets.copy-approval").ShouldNotContain("バックアップ");
    }

    [Fact]
    public void ReturnOrDestroy_IsReturnOrDisposalWithApproval_WheneverNoLongerNeeded()
    {
        // G13-2: 「委託業務に不要となった情報資産等があるときは、遅滞なくこれを甲に返還または甲の承認を得た上で廃棄する」.
        var ja = Ja("assets.return-or-destroy");
        ja.ShouldContain("又は甲の承認を得て廃棄");
        ja.ShouldNotContain("返却できないもの");
    }

    [Fact]
    public void IncidentReport_IsPrompt_NotImmediate()
    {
        // G16-1 「速やかに甲に緊急時報告を行うこと」; S31 「速やかに甲にその状況について報告し」; S32 「速やかに、甲にその状況を具体的に報告」.
        Ja("incident.report-immediately").ShouldContain("速やかに");
        Ja("incident.report-immediately").ShouldNotContain("直ちに");
    }

    [Fact]
    public void EventKeysWithAnOffset_NameTheEventTheyCountFrom_WhereItakuRecordsIt()
    {
        Taxonomy.Find("roster.submit")!.DueAfter.ShouldBe(TriggerEvents.ContractActivated);
        Taxonomy.Find("management-structure.submit")!.DueAfter.ShouldBe(TriggerEvents.ContractActivated); // S3 「締結後直ちに」
        Taxonomy.Find("subcontracting.roster-submit")!.DueAfter.ShouldBe(TriggerEvents.SubcontractingApproved); // G14-3 「甲の承認を得て…再委託するときは」
        Taxonomy.Find("subcontracting.flow-down")!.DueAfter.ShouldBe(TriggerEvents.SubcontractingApproved);
        Taxonomy.Find("roster.notify-changes")!.DueAfter.ShouldBeNull(); // the change is known only from its report
    }

    private static string Note(string code, string article, string key)
    {
        var set = ProvisionSetReader.Deserialize(ProvisionFixtures.ShippedText(code));
        return set.Articles.Single(a => a.Number == article).Obligations.Single(o => o.Key == key).Note?.Ja ?? "";
    }
}
