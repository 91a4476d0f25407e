using System.Globalization;
using System.Text;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// The matrix as CSV for Excel: UTF-8 with a byte-order mark (without it Japanese Excel reads
/// Shift_JIS), CRLF line ends, every field quoted, and cells that Excel would take for a formula
/// (=, +, -, @, tab, CR) prefixed with an apostrophe.
/// </summary>
public static class ComplianceCsv
{
    public static byte[] Write(string contractNumber, string contractTitle, ContractObligationsDto matrix, Func<string, string> localize)
    {
        var text = new StringBuilder();
        void Line(params string?[] cells) => text.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");

        Line(localize("契約番号"), contractNumber);
        Line(localize("件名"), contractTitle);
        Line(localize("特記事項"), matrix.ProvisionSet is { } s ? $"{s.Title.Current} {s.Version}" : "");
        Line(localize("判定日"), matrix.AssessedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (matrix.RecordStartDate is { } recordStart)
        {
            Line(localize("記録開始日"), recordStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        Line();
        Line(localize("条項"), localize("キー"), localize("内容"), localize("義務を負う者"), localize("記録の種類"),
            localize("状況"), localize("次の期限"), localize("根拠となる記録"), localize("未対応の事項"), localize("対象外の理由"), localize("起算"));
        foreach (var o in matrix.Items)
        {
            Line(
                string.Join("、", o.Citations),
                o.Key,
                o.Description?.Current,
                localize(ComplianceLabels.Party(o.Party)),
                o.Evidence.RecordType,
                localize(ComplianceLabels.Status(o.Status)),
                o.NextDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                string.Join(" / ", o.Records.Select(r => $"{r.Label} ({r.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})")),
                string.Join(" / ", o.Owed.Select(d => $"{d.Label} ({d.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})")),
                o.Reason,
                o.DueFrom is { } from ? $"{from.Label} {from.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Quote(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
