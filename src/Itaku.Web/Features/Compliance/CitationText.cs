using Itaku.Web.Features.Provisions;

namespace Itaku.Web.Features.Compliance;

/// <summary>
/// Article references as the contract's own document writes them. A document of articles (条) with
/// clauses (項) reads 「第4条第1項」; a document of numbered items whose headings span several items
/// (the set's notes say so, and its articles share titles) reads 「第3項」. Only the contract's own set is
/// ever cited: a reference to both shipped sets at once is no reference for the official reading it.
/// </summary>
public static class CitationText
{
    /// <summary>True when the document numbers items (項) rather than articles (条): several share one heading.</summary>
    public static bool IsItemNumbered(ProvisionSetDocument document) =>
        document.Articles.GroupBy(a => a.Title.Ja).Any(g => g.Count() > 1);

    public static string Format(string article, string? clause, bool items)
    {
        var number = article.Split('-') is [var main, .. var branches]
            ? $"第{main}{(items ? "項" : "条")}{string.Concat(branches.Select(b => $"の{b}"))}"
            : article;
        if (clause is null)
        {
            return number;
        }

        // Clauses are "1", "1, 2" (第1項・第2項) or, in an item-numbered document, "(1)" or "(2)③".
        var parts = clause.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return number + string.Join("・", parts.Select(p => int.TryParse(p, out _) ? $"第{p}項" : p));
    }

    public static string Join(IEnumerable<ObligationCitation> citations) => string.Join("、", citations.Select(c => c.ToString()).Distinct());
}
