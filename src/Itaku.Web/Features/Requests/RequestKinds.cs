using Itaku.Web.Infrastructure.Web;
using System.Text.Json.Serialization;

namespace Itaku.Web.Features.Requests;

/// <summary>How a request field is entered and checked.</summary>
[JsonConverter(typeof(EnumNames<RequestFieldType>))]
public enum RequestFieldType
{
    /// <summary>One line of text.</summary>
    Text,
    /// <summary>Several lines of text.</summary>
    LongText,
    /// <summary>A calendar date, <c>yyyy-MM-dd</c>.</summary>
    Date,
    /// <summary>A whole number of at least 1.</summary>
    Count,
    /// <summary>A list of lines (people, items); at least one when required.</summary>
    Lines,
}

/// <summary>One field of a request kind, named as in the JSON (<c>fields.place</c>).</summary>
public sealed record RequestField(string Name, string Ja, string En, RequestFieldType Type, bool Required = true)
{
    public int MaxLength => Type is RequestFieldType.Text ? 200 : 4000;
}

/// <summary>
/// A kind of request (申請) that needs the client's decision, with the fields its article asks for.
/// <c>RecordType</c> is the provision-set record type its approvals evidence.
/// </summary>
public sealed record RequestKind(string Key, string Ja, string En, string Basis, IReadOnlyList<RequestField> Fields)
{
    public string RecordType => $"request.{Key}";

    /// <summary>Where a field's value must come before another's (period from ≤ to).</summary>
    public IReadOnlyList<(string From, string To)> Ordered { get; init; } = [];
}

/// <summary>
/// The request kinds of the two shipped provision sets. Adding a kind is adding an entry here: the
/// API, the forms, the validation and the compliance rule follow from its fields.
/// </summary>
public static class RequestKinds
{
    private static readonly RequestField People = new("people", "従事する者", "People", RequestFieldType.Lines);
    private static readonly RequestField Safeguards = new("safeguards", "安全確保の措置", "Safeguards", RequestFieldType.LongText);

    public static readonly IReadOnlyList<RequestKind> All =
    [
        new("offsite-work", "作業場所外での作業", "Work outside the designated place", "群馬 第5条第2項",
        [
            new("place", "作業場所", "Place", RequestFieldType.Text),
            new("address", "所在地", "Address", RequestFieldType.Text),
            new("periodFrom", "期間（開始）", "From", RequestFieldType.Date),
            new("periodTo", "期間（終了）", "To", RequestFieldType.Date),
            new("reason", "理由", "Reason", RequestFieldType.LongText),
            People,
            Safeguards,
        ]) { Ordered = [("periodFrom", "periodTo")] },
        new("subcontracting", "再委託", "Subcontracting", "群馬 第14条第2項・第3項／世田谷 4",
        [
            new("reason", "再委託する理由", "Reason", RequestFieldType.LongText),
            new("content", "再委託する内容", "Work subcontracted", RequestFieldType.LongText),
            new("subcontractorName", "再委託先の名称", "Subcontractor", RequestFieldType.Text),
            new("subcontractorAddress", "再委託先の所在地", "Subcontractor's address", RequestFieldType.Text),
            new("workPlace", "業務執行場所", "Place of work", RequestFieldType.Text),
            new("information", "再委託先で取り扱う情報", "Information handled", RequestFieldType.LongText),
            new("safeguards", "再委託先における安全確保措置の実施方法", "Subcontractor's safeguards", RequestFieldType.LongText),
            new("supervision", "再委託先に対する管理・監督の方法", "How it is supervised", RequestFieldType.LongText),
            new("securityOfficer", "再委託先のセキュリティ責任者", "Subcontractor's security officer", RequestFieldType.Text),
            new("workers", "再委託先の従事者", "Subcontractor's workers", RequestFieldType.Lines),
        ]),
        new("copy", "情報資産の複製", "Copying information assets", "群馬 第13条第4項／世田谷 7",
        [
            new("what", "複製する情報資産", "What", RequestFieldType.LongText),
            new("purpose", "複製する理由", "Why", RequestFieldType.LongText),
            new("copies", "部数", "How many", RequestFieldType.Count),
            new("storage", "保管場所", "Where kept", RequestFieldType.Text),
            new("eraseBy", "消去の予定日", "Erased by", RequestFieldType.Date),
        ]),
        new("takeout", "情報資産の持出し", "Taking information assets out", "群馬 第13条第4項・第5項",
        [
            new("what", "持ち出す情報資産", "What", RequestFieldType.LongText),
            new("from", "持出し元", "From", RequestFieldType.Text),
            new("to", "持出し先", "To", RequestFieldType.Text),
            new("date", "持出し日", "When", RequestFieldType.Date),
            new("carrier", "運搬者", "Carrier", RequestFieldType.Text),
            new("encryption", "暗号化・パスワード設定", "Encryption", RequestFieldType.Text),
            new("lock", "施錠・運搬容器", "Lock and container", RequestFieldType.Text),
        ]),
        new("backup-method", "バックアップの手法", "Backup method", "世田谷 18",
        [
            new("target", "対象の情報・システム", "What is backed up", RequestFieldType.LongText),
            new("method", "取得の手法", "Method", RequestFieldType.LongText),
            new("frequency", "頻度", "Frequency", RequestFieldType.Text),
            new("media", "媒体・保管場所", "Media and storage", RequestFieldType.Text),
            new("retention", "保存期間", "Retention", RequestFieldType.Text),
            new("encryption", "暗号化", "Encryption", RequestFieldType.Text),
        ]),
        new("server-outside", "サーバ等の庁舎外設置", "Servers outside the premises", "世田谷 9",
        [
            new("location", "設置場所", "Location", RequestFieldType.Text),
            new("operator", "運営事業者", "Operator", RequestFieldType.Text),
            new("reason", "理由", "Reason", RequestFieldType.LongText),
            new("safeguards", "情報セキュリティ対策", "Security measures", RequestFieldType.LongText),
            new("checks", "対策状況の定期確認の方法", "How the measures are checked", RequestFieldType.LongText),
        ]),
        new("verification-plan", "情報セキュリティ検証計画", "Security verification plan", "世田谷 19",
        [
            new("system", "対象システム", "System", RequestFieldType.Text),
            new("items", "検証事項", "What is verified", RequestFieldType.Lines),
            new("method", "検証の方法", "Method", RequestFieldType.LongText),
            new("schedule", "実施予定日", "Planned for", RequestFieldType.Date),
            new("tester", "実施者", "Performed by", RequestFieldType.Text),
        ]),
        new("patch", "セキュリティパッチの適用", "Applying a security patch", "群馬 第8条／世田谷 20",
        [
            new("target", "対象（OS・ミドルウェア・ソフトウェア）", "Target", RequestFieldType.Text),
            new("patch", "修正プログラム", "Patch", RequestFieldType.Text),
            new("vulnerability", "脆弱性と影響", "Vulnerability and impact", RequestFieldType.LongText),
            new("testing", "事前の影響確認", "Testing beforehand", RequestFieldType.LongText),
            new("plannedDate", "適用予定日", "Planned for", RequestFieldType.Date),
            new("rollback", "切り戻しの手順", "Rollback", RequestFieldType.LongText),
        ]),
    ];

    private static readonly Dictionary<string, RequestKind> ByKey = All.ToDictionary(k => k.Key, StringComparer.Ordinal);

    public static RequestKind? Find(string? key) => key is null ? null : ByKey.GetValueOrDefault(key);
}
