using System.Globalization;
using Itaku.Web.Features.Accounts;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>Dates as Japanese official documents write them: 2026年11月22日 or 令和8年11月22日 (元年 for year 1).</summary>
public static class JapaneseDates
{
    private static readonly CultureInfo JapaneseEra = CreateEraCulture();

    public static string Format(DateOnly date, DateStyle style, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentUICulture;
        if (culture.TwoLetterISOLanguageName != "ja")
        {
            return style == DateStyle.Japanese
                ? $"{date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} ({Era(date)})"
                : date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        }

        return style == DateStyle.Japanese
            ? $"{Era(date)}{date.Month}月{date.Day}日"
            : $"{date.Year}年{date.Month}月{date.Day}日";
    }

    public static string Format(DateTime utc, DateStyle style, TimeZoneInfo zone, CultureInfo? culture = null)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return $"{Format(DateOnly.FromDateTime(local), style, culture)} {local:HH:mm}";
    }

    /// <summary>The era and year, e.g. 令和8年 or 令和元年.</summary>
    public static string Era(DateOnly date)
    {
        var calendar = JapaneseEra.DateTimeFormat.Calendar;
        var dt = date.ToDateTime(TimeOnly.MinValue);
        var era = JapaneseEra.DateTimeFormat.GetEraName(calendar.GetEra(dt));
        var year = calendar.GetYear(dt);
        return year == 1 ? $"{era}元年" : $"{era}{year}年";
    }

    private static CultureInfo CreateEraCulture()
    {
        var culture = new CultureInfo("ja-JP");
        culture.DateTimeFormat.Calendar = new JapaneseCalendar();
        return culture;
    }
}
