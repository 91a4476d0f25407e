namespace Itaku.Web.Tests.Infrastructure;

/// <summary>A clock the test moves forward; starts at the real time so TOTP codes computed from the wall clock agree.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public void Advance(TimeSpan by) => _now += by;
}
