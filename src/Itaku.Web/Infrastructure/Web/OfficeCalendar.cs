namespace Itaku.Web.Infrastructure.Web;

/// <summary>
/// The office's calendar (<c>Display:TimeZone</c>, Asia/Tokyo by default): due dates, fiscal years and the
/// dates printed on documents are days there, not UTC days — UTC midnight is 9 a.m. in Tokyo.
/// </summary>
public sealed class OfficeCalendar(IConfiguration configuration, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(configuration["Display:TimeZone"] ?? "Asia/Tokyo");

    /// <summary>The office's date of a UTC instant.</summary>
    public DateOnly DateOf(DateTime utc) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone));

    /// <summary>Today in the office, by the injected clock.</summary>
    public DateOnly Today => DateOf(time.GetUtcNow().UtcDateTime);
}
