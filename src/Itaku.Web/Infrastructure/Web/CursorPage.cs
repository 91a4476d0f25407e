using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Itaku.Web.Infrastructure.Web;

/// <summary>One page of a keyset-paginated list. <c>NextCursor</c> is opaque to clients.</summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(string key) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(key));

    public static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor));
        }
        catch (FormatException)
        {
            throw new RequestValidationException("cursor", "cursor が正しくありません。");
        }
    }

    public static long? DecodeLong(string? cursor)
    {
        var text = Decode(cursor);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, out var id) ? id : throw new RequestValidationException("cursor", "cursor が正しくありません。");
    }

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw new RequestValidationException("limit", $"limit は 1 から {MaxLimit} の間で指定してください。"),
        _ => limit.Value,
    };

    /// <summary>Takes a list fetched with <c>limit + 1</c> rows and cuts it into a page.</summary>
    public static CursorPage<T> ToPage<T>(List<T> rows, int limit, Func<T, string> key) =>
        rows.Count > limit
            ? new CursorPage<T>(rows.Take(limit).ToList(), Encode(key(rows[limit - 1])))
            : new CursorPage<T>(rows, null);
}
