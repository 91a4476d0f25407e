using Itaku.Web.Features.Accounts;

namespace Itaku.Web.Features.Documents;

/// <summary>Section <c>Documents</c> of the configuration: how official documents are numbered, dated and printed.</summary>
public sealed class DocumentSettings
{
    /// <summary>
    /// The printed number. Placeholders: <c>{fy}</c> fiscal year (2026), <c>{era}</c> 令和8年度,
    /// <c>{contract}</c> the contract's number, <c>{seq}</c> the sequence (<c>{seq:3}</c> pads to 3 digits).
    /// <c>{seq}</c> is required; a wrong format stops the application at start-up.
    /// </summary>
    public string NumberFormat { get; set; } = "{contract} {era}第{seq}号";

    /// <summary>Dates on documents: Gregorian (2026年11月22日) or Japanese (令和8年11月22日).</summary>
    public DateStyle DateStyle { get; set; } = DateStyle.Japanese;

    /// <summary>Headless Chromium that prints the PDFs (Debian package <c>chromium</c>). Missing → documents without PDF.</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Longest a single PDF print may take before Chromium is killed.</summary>
    public TimeSpan PdfTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the printer looks for documents issued inside someone else's transaction.</summary>
    public TimeSpan PdfSweepInterval { get; set; } = TimeSpan.FromSeconds(10);
}
