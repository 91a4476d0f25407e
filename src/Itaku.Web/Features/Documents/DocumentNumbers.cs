using System.Globalization;
using System.Text.RegularExpressions;
using Itaku.Web.Infrastructure.Web;

namespace Itaku.Web.Features.Documents;

/// <summary>Fiscal years (年度, April–March) and the printed document number.</summary>
public static partial class DocumentNumbers
{
    /// <summary>The fiscal year a local date falls in, as its Gregorian starting year: 2027-03-31 → 2026, 2027-04-01 → 2027.</summary>
    public static int FiscalYear(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    /// <summary>令和8年度 (or 令和元年度) for the fiscal year starting in April of <paramref name="fiscalYear"/>.</summary>
    public static string EraFiscalYear(int fiscalYear) => JapaneseDates.Era(new DateOnly(fiscalYear, 4, 1)) + "度";

    public static string Format(string format, int fiscalYear, string contractNumber, int sequence) =>
        Placeholder().Replace(format, m => m.Groups["name"].Value switch
        {
            "fy" => fiscalYear.ToString(CultureInfo.InvariantCulture),
            "era" => EraFiscalYear(fiscalYear),
            "contract" => contractNumber,
            _ => m.Groups["width"].Success
                ? sequence.ToString("D" + m.Groups["width"].Value, CultureInfo.InvariantCulture)
                : sequence.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>Null when the format is usable; otherwise what is wrong with it.</summary>
    public static string? Problem(string? format)
    {
        if (string.IsNullOrWhiteSpace(format))
        {
            return "Documents:NumberFormat is empty.";
        }

        var rest = Placeholder().Replace(format, "");
        if (rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            return $"Documents:NumberFormat '{format}' has an unknown placeholder; use {{fy}}, {{era}}, {{contract}} and {{seq}} (or {{seq:3}}).";
        }

        return Placeholder().Matches(format).Any(m => m.Groups["name"].Value == "seq")
            ? null
            : $"Documents:NumberFormat '{format}' lacks {{seq}}: numbers would repeat.";
    }

    [GeneratedRegex(@"\{(?<name>fy|era|contract|seq)(?::(?<width>[1-9]))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
