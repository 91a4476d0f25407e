using System.Globalization;
using System.Text.RegularExpressions;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// An ISO 8601 duration as provision sets write them (<c>P14D</c>, <c>P1M</c>, <c>P1Y</c>, <c>PT24H</c>),
/// added as calendar time: a month after 31 January is the last day of February, not 31 days later.
/// Time parts round up to whole days, because obligations are due on dates.
/// </summary>
public readonly partial record struct CalendarPeriod(int Years, int Months, int Days)
{
    public static CalendarPeriod Parse(string iso)
    {
        var m = Pattern().Match(iso);
        if (!m.Success || iso == "P" || iso.EndsWith('T'))
        {
            throw new FormatException($"Not an ISO 8601 duration: {iso}");
        }

        static int Part(Group g) => g.Success ? int.Parse(g.Value, CultureInfo.InvariantCulture) : 0;
        var seconds = (Part(m.Groups["h"]) * 3600L) + (Part(m.Groups["min"]) * 60L) + Part(m.Groups["s"]);
        return new CalendarPeriod(Part(m.Groups["y"]), Part(m.Groups["mo"]), Part(m.Groups["d"]) + (int)((seconds + 86399) / 86400));
    }

    public DateOnly AddTo(DateOnly date) => date.AddYears(Years).AddMonths(Months).AddDays(Days);

    /// <summary>The n-th step from <paramref name="start"/>, computed from the start each time so month ends do not drift.</summary>
    public DateOnly Step(DateOnly start, int n) => start.AddYears(Years * n).AddMonths(Months * n).AddDays(Days * n);

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<mo>\d+)M)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<min>\d+)M)?(?:(?<s>\d+)S)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
