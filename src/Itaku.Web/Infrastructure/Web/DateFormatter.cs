using Itaku.Web.Infrastructure.Auth;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>Formats dates for the signed-in user: their Gregorian/和暦 choice, in the office's time zone.</summary>
public sealed class DateFormatter(CurrentUser current, IConfiguration configuration)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(configuration["Display:TimeZone"] ?? "Asia/Tokyo");

    public string Date(DateOnly date) => JapaneseDates.Format(date, current.DateStyle);

    public string DateTime(DateTime utc) => JapaneseDates.Format(utc, current.DateStyle, _zone);
}
