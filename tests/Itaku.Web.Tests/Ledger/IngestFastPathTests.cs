using System.Globalization;
using System.Text;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Features.LogSources;

namespace Itaku.Web.Tests.Ledger;

/// <summary>
/// Ingest's hand-written fast paths must agree with the general .NET code they stand in for: the RFC 3339 reader
/// with <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>, and the
/// SQLite time writer with the format EF Core reads back.
/// </summary>
public sealed class IngestFastPathTests
{
    [Theory]
    [InlineData("2026-11-22T10:00:00Z")]
    [InlineData("2026-11-22T10:00:00+09:00")]
    [InlineData("2026-11-22 10:00:00+09:00")]
    [InlineData("2026-11-22T10:00:00.1Z")]
    [InlineData("2026-11-22T10:00:00.1234567-05:30")]
    [InlineData("2026-11-22T10:00:00-00:00")]
    [InlineData("2024-02-29T23:59:59.999+14:00")]
    [InlineData("0001-01-01T00:00:00-01:00")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void FastReader_TakesTheCommonShapes_AndAgreesWithTheGeneralParser(string value)
    {
        Rfc3339.TryParseUtc(Encoding.UTF8.GetBytes(value), out var fast).ShouldBeTrue();
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var general).ShouldBeTrue();
        fast.ShouldBe(general.UtcDateTime);
        fast.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Theory]
    [InlineData("2026-11-22t10:00:00z")] // valid RFC 3339, left to the general path
    [InlineData("2026-11-22T10:00:00.123456789Z")]
    [InlineData("2026-11-22T23:59:60Z")]
    [InlineData("2026-11-22T24:00:00Z")]
    [InlineData("2026-02-29T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-11-22T10:00:00.Z")]
    [InlineData("2026-11-22T10:00:00+14:01")]
    [InlineData("2026-11-22T10:00:00+0900")]
    [InlineData("2026-11-22T10:00:00")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("２０２６-11-22T10:00:00Z")]
    [InlineData("2026-11-22T10:00:00Z ")]
    public void FastReader_DeclinesEverythingElse(string value) =>
        Rfc3339.TryParseUtc(Encoding.UTF8.GetBytes(value), out _).ShouldBeFalse();

    [Fact]
    public void FastReader_AgreesWithTheGeneralParser_OnRandomTimesAndOffsets()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 20_000; i++)
        {
            var utc = new DateTime(random.NextInt64(new DateTime(1900, 1, 1).Ticks, new DateTime(2200, 1, 1).Ticks), DateTimeKind.Utc);
            var offset = TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1));
            var digits = random.Next(0, 8);
            var format = "yyyy-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + new string('f', digits)) + (offset == TimeSpan.Zero && i % 2 == 0 ? "'Z'" : "zzz");
            var text = new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero).ToOffset(offset).ToString(format, CultureInfo.InvariantCulture);

            Rfc3339.TryParseUtc(Encoding.UTF8.GetBytes(text), out var fast).ShouldBeTrue(text);
            DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime.ShouldBe(fast, text);
        }
    }

    [Fact]
    public void SqliteTime_WritesWhatEfCoreWrites()
    {
        var random = new Random(7);
        var samples = new List<DateTime>
        {
            new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc),
            new(2026, 11, 22, 10, 0, 0, 120, DateTimeKind.Utc),
            new(1, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            DateTime.MaxValue,
            new(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).Ticks + 1, DateTimeKind.Utc),
        };
        samples.AddRange(Enumerable.Range(0, 20_000).Select(_ => new DateTime(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc)));
        Span<byte> buffer = stackalloc byte[32];
        foreach (var value in samples)
        {
            var length = EfLedgerStore.SqliteTime(value, buffer);
            Encoding.UTF8.GetString(buffer[..length]).ShouldBe(value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
        }
    }
}
