namespace Itaku.Web.Features.LogSources;

/// <summary>
/// The common shape of an RFC 3339 time, parsed from UTF-8 without allocating:
/// <c>yyyy-MM-dd(T| )HH:mm:ss[.f{1,7}](Z|±hh:mm)</c>. It only takes values that <see cref="DateTimeOffset.TryParse(string, IFormatProvider, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>
/// reads the same way; anything else (lower-case t/z, a leap second, more than 7 fraction digits, an invalid date)
/// returns false and the caller falls back to that slower, general path. Ingest spent about a tenth of its parse
/// time in the general path (docs/benchmarks.md).
/// </summary>
internal static class Rfc3339
{
    public static bool TryParseUtc(ReadOnlySpan<byte> s, out DateTime utc)
    {
        utc = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':'
            || !Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var at = 19;
        long fractionTicks = 0;
        if (s[at] == '.')
        {
            at++;
            var digits = 0;
            while (at < s.Length && (uint)(s[at] - '0') <= 9)
            {
                if (++digits > 7)
                {
                    return false;
                }

                fractionTicks = (fractionTicks * 10) + (s[at] - '0');
                at++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (var d = digits; d < 7; d++)
            {
                fractionTicks *= 10;
            }
        }

        int offsetMinutes;
        if (at == s.Length - 1 && s[at] == 'Z')
        {
            offsetMinutes = 0;
        }
        else if (at == s.Length - 6 && (s[at] == '+' || s[at] == '-') && s[at + 3] == ':'
            && Digits(s, at + 1, 2, out var offsetHours) && Digits(s, at + 4, 2, out var offsetMinute)
            && offsetMinute < 60 && (offsetHours * 60) + offsetMinute <= 14 * 60)
        {
            offsetMinutes = ((offsetHours * 60) + offsetMinute) * (s[at] == '-' ? -1 : 1);
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var ticks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).Ticks + fractionTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        utc = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(s[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
