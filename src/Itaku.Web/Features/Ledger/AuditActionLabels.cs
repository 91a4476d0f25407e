namespace Itaku.Web.Features.Ledger;

/// <summary>
/// What an audit event's action is called on screen: the actions are codes ("roster.submitted"), which are never
/// shown. An action without a label of its own is named by its subject ("名簿に関する操作"), never by its code.
/// </summary>
public static class AuditActionLabels
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["attestation.submitted"] = "誓約の提出",
        ["attestation.accepted"] = "誓約の確認",
        ["attestation.returned"] = "誓約の差戻し",
        ["contract.created"] = "契約の登録",
        ["contract.updated"] = "契約の変更",
        ["contract.member-added"] = "メンバーの追加",
        ["contract.member-removed"] = "メンバーの削除",
        ["contract.obligation-applicable"] = "義務を適用",
        ["contract.obligation-not-applicable"] = "義務を適用外に",
        ["contract.provision-set-snapshotted"] = "条項セットの固定",
        ["contract.subcontractor-added"] = "再委託先の追加",
        ["document.issued"] = "書面の発行",
        ["document.pdf-created"] = "書面の PDF 作成",
        ["document.pdf-not-created"] = "書面の PDF 作成失敗",
        ["log-source.created"] = "ログ送信元の登録",
        ["log-source.token-rotated"] = "取込みトークンの再発行",
        ["log-source.revoked"] = "ログ送信元の失効",
        ["log-source.disabled"] = "ログ送信元の停止",
        ["log-source.enabled"] = "ログ送信元の再開",
        ["notice.submitted"] = "届出の提出",
        ["notice.acknowledged"] = "届出の受理",
        ["request.created"] = "申請の作成",
        ["request.updated"] = "申請の変更",
        ["request.submitted"] = "申請の提出",
        ["request.approved"] = "申請の承認",
        ["request.rejected"] = "申請の却下",
        ["request.returned"] = "申請の差戻し",
        ["request.withdrawn"] = "申請の取下げ",
        ["roster.draft-created"] = "名簿の下書き作成",
        ["roster.updated"] = "名簿の変更",
        ["roster.submitted"] = "名簿の提出",
        ["roster.viewed"] = "名簿の閲覧",
        ["work-location.designated"] = "作業場所の指定",
    };

    private static readonly Dictionary<string, string> Subjects = new(StringComparer.Ordinal)
    {
        ["attestation"] = "誓約に関する操作",
        ["contract"] = "契約に関する操作",
        ["document"] = "書面に関する操作",
        ["log-source"] = "ログ送信元に関する操作",
        ["notice"] = "届出に関する操作",
        ["request"] = "申請に関する操作",
        ["roster"] = "名簿に関する操作",
        ["subcontracting"] = "再委託に関する操作",
        ["management-structure"] = "管理体制に関する操作",
    };

    public static string For(string action) =>
        Labels.TryGetValue(action, out var label) ? label
        : Subjects.TryGetValue(action.Split('.')[0], out var subject) ? subject
        : "その他の操作";
}
