using Itaku.Web.Features.Compliance;
using Itaku.Web.Features.Requests;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// An obligation's evidence in words an official reads: the record's Japanese name instead of its
/// record type (<c>attestation</c>), and 「契約開始から14日以内」 instead of <c>P14D</c>. How a due date is
/// computed is the assessor's (docs/obligations.md); this only says it.
/// </summary>
public static class EvidenceText
{
    public static string RecordName(string recordType) => recordType switch
    {
        "attestation" => "遵守確認",
        "roster" => "従事者名簿",
        "notice" => "届出",
        "asset-ledger" => "情報資産の管理台帳",
        "audit" => "監査・検査の記録",
        "backup-record" => "バックアップの記録",
        "clock-check" => "時刻同期の確認記録",
        "device-register" => "機器の台帳",
        "evidence-ledger" => "アクセスログ（証跡台帳）",
        "incident" => "事故等の報告",
        "periodic-report" => "定期報告",
        "training-record" => "教育・訓練の記録",
        "none" => "記録なし",
        _ when recordType.StartsWith("request.", StringComparison.Ordinal)
            && RequestKinds.Find(recordType["request.".Length..]) is { } kind => $"{kind.Ja}の申請",
        _ => "その他の記録",
    };

    /// <summary>「14日」「1か月」「1年」 for a calendar period such as <c>P14D</c>.</summary>
    public static string Period(string iso)
    {
        var p = CalendarPeriod.Parse(iso);
        var parts = new List<string>();
        if (p.Years > 0) { parts.Add($"{p.Years}年"); }
        if (p.Months > 0) { parts.Add($"{p.Months}か月"); }
        if (p.Days > 0) { parts.Add($"{p.Days}日"); }
        return string.Concat(parts);
    }

    /// <summary>「毎月」「毎年」「6か月ごと」.</summary>
    public static string Recurrence(string iso) => CalendarPeriod.Parse(iso) switch
    {
        { Years: 1, Months: 0, Days: 0 } => "毎年",
        { Years: 0, Months: 1, Days: 0 } => "毎月",
        _ => $"{Period(iso)}ごと",
    };

    /// <summary>When the record is owed, in words: 「提出期限：契約開始から14日以内」.</summary>
    public static string? Due(ObligationEvidence e) => e.DueOffset is not { } offset ? null : e.Trigger switch
    {
        "event" => $"提出期限：事由の発生から{Period(offset)}以内",
        "recurring" => null,
        _ => $"提出期限：契約開始から{Period(offset)}以内",
    };

    public static string Trigger(string trigger) => trigger switch
    {
        "event" => "事由が生じたとき",
        "recurring" => "定期",
        "attestation" => "遵守確認",
        _ => "常時",
    };

    /// <summary>The whole line: 「遵守確認・提出期限：契約開始から14日以内」, 「定期報告・毎月」.</summary>
    public static string Describe(ObligationEvidence e)
    {
        var parts = new List<string> { RecordName(e.RecordType) };
        if (e.Recurrence is { } r) { parts.Add(Recurrence(r)); }
        else if (e.Trigger is "event") { parts.Add(Trigger(e.Trigger)); }
        if (Due(e) is { } due) { parts.Add(due); }
        return string.Join("・", parts);
    }
}
