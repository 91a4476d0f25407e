using Itaku.Web.Infrastructure.Auth;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>Formats dates for the signed-in user: their Gregorian/和暦 choice, in the office's time zone.</summary>
public sealed class DateFormatter(CurrentUser current, OfficeCalendar calendar)
{
    public string Date(DateOnly date) => JapaneseDates.Format(date, current.DateStyle);

    public string DateTime(DateTime utc) => JapaneseDates.Format(utc, current.DateStyle, calendar.Zone);
}
