using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>
/// What an official must never meet on a screen or in a letter: obligation keys (<c>policy.compliance</c>),
/// ISO durations (<c>P14D</c>), enum and record-type names, English words of the code, and references to
/// both provision sets at once (「群馬 第14条／世田谷 4」).
/// </summary>
public static partial class NoCodes
{
    /// <summary>Words of the code that leak when a value is shown instead of its Japanese name.</summary>
    public static readonly string[] EnglishWords =
    [
        "attestation", "Attestation", "notice", "Notice", "request", "Request", "record", "event", "Draft", "Submitted",
        "Approved", "Returned", "Rejected", "Withdrawn", "Acknowledged", "Pending", "Active", "Owner", "Reviewer",
        "Responsible", "Supervisor", "Worker", "Auditor", "ClientBody", "Department", "Contractor", "Subcontractor",
        "required", "field", "The", "is", "invalid", "must", "true", "false", "null", "Error", "None", "Met", "Due", "Overdue",
        "NotApplicable", "Unrecorded", "Itaku",
    ];

    /// <summary>The visible text of the page, with accessible names, titles and placeholders.</summary>
    public static async Task<string> PageTextAsync(IPage page) => await page.EvaluateAsync<string>(
        """
        () => {
          const parts = [document.title, document.body.innerText];
          for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
            for (const a of ['aria-label', 'title', 'placeholder', 'alt']) { const v = el.getAttribute(a); if (v) parts.push(v); }
          }
          for (const o of document.querySelectorAll('option')) parts.push(o.textContent);
          return parts.join('\n');
        }
        """);

    /// <summary>Every code found in <paramref name="text"/>; e-mail addresses and URLs are not codes.</summary>
    public static List<string> Find(string text, bool allowProductName = true)
    {
        var cleaned = Url().Replace(Email().Replace(text, " "), " ");
        var found = new List<string>();
        found.AddRange(Key().Matches(cleaned).Select(m => $"key {m.Value}"));
        found.AddRange(Duration().Matches(cleaned).Select(m => $"duration {m.Value}"));
        found.AddRange(Both().Matches(cleaned).Select(m => $"both sets {m.Value}"));
        foreach (var w in EnglishWords.Where(w => !(allowProductName && w == "Itaku")))
        {
            if (Regex.IsMatch(cleaned, $@"(?<![A-Za-z0-9_.-]){w}(?![A-Za-z0-9_-])"))
            {
                found.Add($"word {w}");
            }
        }

        return found;
    }

    public static async Task AssertNoneAsync(IPage page, string where)
    {
        var found = Find(await PageTextAsync(page));
        found.ShouldBeEmpty($"{where} ({page.Url}) shows codes: {string.Join(", ", found)}");
    }

    public static void AssertNone(string text, string where, bool allowProductName = true)
    {
        var found = Find(text, allowProductName);
        found.ShouldBeEmpty($"{where} shows codes: {string.Join(", ", found)}");
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"https?://\S+|/[\w/{}?=&.-]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\b[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z][a-z0-9]*(-[a-z0-9]+)*\b")]
    private static partial Regex Key();

    [GeneratedRegex(@"\bP(T?\d+[YMWDHS])+\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"(G\d+\s*,\s*S\d+)|(群馬[^\n]{0,30}[／/][^\n]{0,5}世田谷)|(第\d+条、第\d+項)")]
    private static partial Regex Both();
}
