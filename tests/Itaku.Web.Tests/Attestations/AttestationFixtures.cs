using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Tests.Infrastructure;
using Itaku.Web.Tests.Provisions;

namespace Itaku.Web.Tests.Attestations;

/// <summary>Files and submissions for attestation tests. World's contracts are signed against Gunma's set.</summary>
internal static class AttestationFixtures
{
    /// <summary>Attestable in Gunma's set (article 12, record type attestation).</summary>
    public const string Key = "confidentiality";

    /// <summary>Also attestable (article 3).</summary>
    public const string OtherKey = "malware.protection";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static byte[] Pdf(string marker = "秘密保持の指示書") =>
        Encoding.UTF8.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {marker}\n%%EOF\n");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0];

    /// <summary>A Windows executable's first bytes: the DOS header and stub.</summary>
    public static byte[] Exe() =>
        [.. "MZ"u8, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0, .. "This program cannot be run in DOS mode.\r\n$"u8];

    /// <summary>A zip with the given entries (an Office Open XML document has <c>[Content_Types].xml</c>).</summary>
    public static byte[] Zip(params string[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<xml/>");
            }
        }

        return stream.ToArray();
    }

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml");

    public static MultipartFormDataContent Form(string? key = Key, string? statement = "全従事者に秘密保持の指示を行い、誓約書を徴した。", string? from = "2026-04-01", string? until = "2027-03-31", long? basedOn = null, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                form.Add(new StringContent(value, Encoding.UTF8), name);
            }
        }

        Add("obligationKey", key);
        Add("statement", statement);
        Add("validFrom", from);
        Add("validUntil", until);
        Add("basedOnId", basedOn?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            // What a browser claims is not believed: every file is sent as a PDF.
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "files", name);
        }

        return form;
    }

    public static string Url(long contract) => $"/api/v1/contracts/{contract}/attestations";

    public static async Task<AttestationDto> SubmitAsync(HttpClient client, long contract, string key = Key, long? basedOn = null, params (string Name, byte[] Bytes)[] files)
    {
        using var form = Form(key, basedOn: basedOn, files: files);
        var response = await client.PostAsync(Url(contract), form, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<AttestationDto>(Ct))!;
    }

    /// <summary>World, with both contracts signed against Gunma's set.</summary>
    public static async Task<World> WorldAsync(ItakuFactory factory)
    {
        var world = await World.CreateAsync(factory);
        await ProvisionFixtures.AttachSetAsync(factory, world.ContractA);
        await ProvisionFixtures.AttachSetAsync(factory, world.ContractB);
        return world;
    }
}
