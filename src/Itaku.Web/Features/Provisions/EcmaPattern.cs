using System.Text;
using System.Text.RegularExpressions;

namespace Itaku.Web.Features.Provisions;

/// <summary>
/// JSON Schema patterns are ECMA-262 regular expressions. .NET reads most of them the same way;
/// what differs in practice is translated: outside a character class <c>$</c> becomes <c>\z</c>
/// (in .NET <c>$</c> also matches before a final newline, so "abc\n" would pass <c>^abc$</c>), and
/// <c>\d</c>, <c>\w</c> become their ASCII classes (in .NET they include other scripts' digits and letters).
/// </summary>
internal static class EcmaPattern
{
    public static Regex Compile(string pattern, TimeSpan timeout)
    {
        try
        {
            return new Regex(ToDotNet(pattern), RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException e)
        {
            throw new NotSupportedException($"pattern '{pattern}' is not a valid regular expression: {e.Message}", e);
        }
    }

    public static string ToDotNet(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 8);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                sb.Append((next, inClass) switch
                {
                    ('d', false) => "[0-9]",
                    ('d', true) => "0-9",
                    ('D', false) => "[^0-9]",
                    ('w', false) => "[A-Za-z0-9_]",
                    ('w', true) => "A-Za-z0-9_",
                    ('W', false) => "[^A-Za-z0-9_]",
                    _ => $"\\{next}",
                });
            }
            else if (inClass)
            {
                inClass = c != ']';
                sb.Append(c);
            }
            else
            {
                inClass = c == '[';
                sb.Append(c == '$' ? @"\z" : c.ToString());
            }
        }

        return sb.ToString();
    }
}
