using System.Text.Json;
using Itaku.Web.Features.Documents;
using Itaku.Web.Features.Ledger;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Itaku.Web.Tests.Documents;

/// <summary>An instance whose Chromium is missing: documents are issued without PDF (and tests print nothing).</summary>
public sealed class NoChromiumFactory : ItakuFactory
{
    public const string MissingPath = "/nonexistent/itaku-test/chromium";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Documents:ChromiumPath"] = MissingPath };
}

/// <summary>Issuing documents as a feature would (nothing in the app issues them yet), and reading their evidence.</summary>
public static class DocumentFixtures
{
    public static OfficialDocumentDraft Draft(long contractId, string subject = "再委託承認申請書", params DocumentField[] fields) =>
        new(contractId, "request.subcontracting.submitted", subject, "群馬県知事 様", "株式会社上州システム\n代表取締役 上州 一郎",
            fields.Length > 0 ? fields : [new("再委託先の名称", "赤城データ株式会社"), new("再委託の理由", "夜間の運用監視を専門業者に委ねるため。")])
        {
            Paragraphs = ["下記のとおり申請します。"],
            Attachments = [new("体制図.pdf", 12_345, new string('a', 64))],
            Related = new RelatedRecord("SubcontractingRequest", "7"),
        };

    public static async Task<DocumentDto> IssueAsync(this ItakuFactory factory, OfficialDocumentDraft draft)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DocumentService>().IssueAsync(draft, TestContext.Current.CancellationToken);
    }

    public static async Task<PdfStatus> CreatePdfAsync(this ItakuFactory factory, long documentId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DocumentService>().CreatePdfAsync(documentId, TestContext.Current.CancellationToken);
    }

    /// <summary>The audit log's entry at <paramref name="index"/>, parsed: the bytes the Merkle tree hashed.</summary>
    public static Task<JsonElement> LedgerEntryAsync(this ItakuFactory factory, long index) => factory.DbAsync(async db =>
    {
        var logId = await db.LedgerLogs.Where(l => l.Kind == LedgerLogKind.Audit).Select(l => l.Id).SingleAsync(TestContext.Current.CancellationToken);
        var data = await db.LedgerEntries.Where(e => e.LogId == logId && e.Index == index).Select(e => e.Data).SingleAsync(TestContext.Current.CancellationToken);
        return JsonDocument.Parse(data).RootElement.Clone();
    });

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    public static MultipartFormDataContent Upload(byte[] file, string name = "document.html")
    {
        var content = new MultipartFormDataContent();
        content.Add(new ByteArrayContent(file), "file", name);
        return content;
    }
}
