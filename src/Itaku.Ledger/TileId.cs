using System.Globalization;
using System.Text;

namespace Itaku.Ledger;

/// <summary>
/// A C2SP tlog-tiles tile: at <see cref="Level"/> L it holds the hashes of tree level 8·L, 256 to a full tile.
/// <see cref="Width"/> below 256 names a partial tile, whose hashes are a prefix of the later full tile.
/// </summary>
public readonly record struct TileId(int Level, long Index, int Width)
{
    /// <summary>Tree levels spanned by one tile.</summary>
    public const int Height = 8;

    /// <summary>Hashes in a full tile.</summary>
    public const int FullWidth = 1 << Height;

    /// <summary>The tile path, e.g. <c>tile/0/x001/x234/067.p/12</c>.</summary>
    public string Path => $"tile/{Level.ToString(CultureInfo.InvariantCulture)}/{EncodeIndex(Index)}{WidthSuffix(Width)}";

    /// <summary>The entry bundle path for the same entries (only meaningful at level 0).</summary>
    public string EntriesPath => $"tile/entries/{EncodeIndex(Index)}{WidthSuffix(Width)}";

    /// <summary>
    /// Encodes N as zero-padded 3-digit path elements, all but the last prefixed by <c>x</c>:
    /// 1234067 becomes <c>x001/x234/067</c>.
    /// </summary>
    public static string EncodeIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var path = new StringBuilder((index % 1000).ToString("D3", CultureInfo.InvariantCulture));
        for (long n = index / 1000; n > 0; n /= 1000)
        {
            path.Insert(0, "x" + (n % 1000).ToString("D3", CultureInfo.InvariantCulture) + "/");
        }

        return path.ToString();
    }

    /// <summary>Parses a tile path; rejects non-canonical forms so that each tile has exactly one name.</summary>
    public static bool TryParse(string path, out TileId tile)
    {
        tile = default;
        var parts = path.Split('/');
        if (parts.Length < 3 || parts[0] != "tile" || !TryParseSmall(parts[1], 63, out int level))
        {
            return false;
        }

        int width = FullWidth;
        int last = parts.Length - 1;
        if (parts.Length >= 4 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryParseSmall(parts[^1], FullWidth - 1, out width) || width == 0)
            {
                return false;
            }

            parts[^2] = parts[^2][..^2];
            last--;
        }

        long index = 0;
        for (int i = 2; i <= last; i++)
        {
            string element = parts[i];
            bool isLast = i == last;
            string digits = isLast ? element : (element.StartsWith('x') ? element[1..] : "");
            if (digits.Length != 3 || !digits.All(char.IsAsciiDigit) || (i == 2 && !isLast && digits == "000"))
            {
                return false;
            }

            if (index > (long.MaxValue / 1000) - 1)
            {
                return false;
            }

            index = (index * 1000) + int.Parse(digits, CultureInfo.InvariantCulture);
        }

        tile = new TileId(level, index, width);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Path;

    private static string WidthSuffix(int width) =>
        width == FullWidth ? "" : ".p/" + width.ToString(CultureInfo.InvariantCulture);

    // Decimal with no leading zeros, as the spec requires for <L> and <W>.
    private static bool TryParseSmall(string text, int max, out int value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 3 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        value = int.Parse(text, CultureInfo.InvariantCulture);
        return value <= max;
    }
}
