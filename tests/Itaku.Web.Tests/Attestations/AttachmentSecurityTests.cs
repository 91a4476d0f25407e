using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>
/// Attachments: size-limited, typed by their content, readable only through their contract, and
/// encrypted in the database. The limit is lowered to 64 KiB so the test need not send 20 MiB.
/// </summary>
public sealed class AttachmentSecurityTests : IAsyncLifetime
{
    private const long Limit = 64 * 1024;
    private readonly SmallLimitFactory _factory = new();
    private World _world = null!;

    public async ValueTask InitializeAsync() => _world = await WorldAsync(_factory);

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Upload_OverTheSizeLimit_Returns400NamingTheLimit_AndNothingIsStored()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var before = await _factory.AuditEventCountAsync();
        var tooBig = Encoding.UTF8.GetBytes(new string('a', (int)Limit + 1));

        using var form = Form(files: ("点検記録.txt", tooBig));
        var response = await responsible.PostAsync(Url(_world.ContractA), form, Ct);

        var body = await response.ShouldBeValidationProblemForAsync("files");
        body.ShouldContain("64 KiB");
        body.ShouldContain("点検記録.txt");
        (await _factory.DbAsync(db => db.Set<Attestation>().CountAsync(Ct))).ShouldBe(0);
        (await _factory.AuditEventCountAsync()).ShouldBe(before);

        // At the limit exactly, it is accepted.
        await SubmitAsync(responsible, _world.ContractA, files: ("点検記録.txt", tooBig[..(int)Limit]));
    }

    [Fact]
    public async Task Upload_OfMoreFilesThanAllowed_Returns400()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var files = Enumerable.Range(1, 4).Select(i => ($"記録{i}.txt", Encoding.UTF8.GetBytes("施錠確認済み"))).ToArray();

        using var form = Form(files: files);
        var response = await responsible.PostAsync(Url(_world.ContractA), form, Ct);

        (await response.ShouldBeValidationProblemForAsync("files")).ShouldContain("3個まで");
    }

    [Fact]
    public async Task Upload_WithABodyBeyondTheRequestLimit_Returns400NamingTheLimit_NotA500()
    {
        // MaxRequestBytes is 3 × 64 KiB + 1 MiB; this body is larger (Kestrel refuses it while reading; TestServer may not, then the file check does).
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        using var form = Form(files: ("大きい.txt", Encoding.UTF8.GetBytes(new string('c', 2 * 1024 * 1024))));

        var response = await responsible.PostAsync(Url(_world.ContractA), form, Ct);

        (await response.ShouldBeValidationProblemForAsync("files")).ShouldContain("64 KiB");
    }

    [Theory]
    [InlineData("報告書.pdf", "exe")]
    [InlineData("報告書.pdf", "elf")]
    [InlineData("写真.png", "exe")]
    [InlineData("メモ.txt", "exe")]
    [InlineData("報告書.pdf", "png")]
    [InlineData("写真.jpg", "png")]
    [InlineData("手順書.xlsx", "docx")]
    [InlineData("手順書.docx", "zip")]
    [InlineData("報告書.exe", "pdf")]
    public async Task Upload_WhoseContentIsNotWhatItsNameSays_Returns400NamingTheFile(string name, string content)
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var bytes = content switch
        {
            "exe" => Exe(),
            "elf" => [0x7F, .. "ELF"u8, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            "png" => Png(),
            "docx" => Docx(),
            "zip" => Zip("word/document.xml"),
            _ => Pdf(),
        };

        using var form = Form(files: [("正しい.pdf", Pdf()), (name, bytes)]);
        var response = await responsible.PostAsync(Url(_world.ContractA), form, Ct);

        var body = await response.ShouldBeValidationProblemForAsync("files");
        body.ShouldContain(name);
        body.ShouldNotContain("正しい.pdf");
        (await _factory.DbAsync(db => db.Set<AttestationAttachment>().CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Attachments_OfAnotherContract_AreRefusedToItsUsers_ListGetAndDownload()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA, files: ("指示書.pdf", Pdf()));
        var file = a.Attachments.Single();
        var own = $"{Url(_world.ContractA)}/{a.Id}";

        foreach (var stranger in new[] { _world.ResponsibleY, _world.StaffB })
        {
            using var client = await _world.ClientAsync(stranger);
            (await client.GetAsync(Url(_world.ContractA), Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync(own, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync($"{own}/attachments/{file.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

            // Through their own contract's route, contract A's ids lead nowhere either.
            var theirs = $"{Url(_world.ContractB)}/{a.Id}";
            (await client.GetAsync(theirs, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetAsync($"{theirs}/attachments/{file.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await client.GetFromJsonAsync<List<AttestationDto>>(Url(_world.ContractB), Ct))!.ShouldBeEmpty();
        }

        // Its own readers, the auditor among them, may read and download.
        using var auditor = await _world.ClientAsync(_world.Auditor);
        (await auditor.GetAsync($"{own}/attachments/{file.Id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StoredBytes_AreNotThePlaintext_AndDoNotContainIt()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var marker = "施錠保管庫の鍵は情報政策課が管理する";
        var plaintext = Pdf(marker);

        var a = await SubmitAsync(responsible, _world.ContractA, files: ("保管状況.pdf", plaintext));

        var row = await _factory.DbAsync(db => db.Set<AttestationAttachment>().AsNoTracking().SingleAsync(f => f.AttestationId == a.Id, Ct));
        row.Ciphertext.Length.ShouldBe(plaintext.Length + AttachmentCipher.TagSize);
        row.Ciphertext.AsSpan(0, plaintext.Length).SequenceEqual(plaintext).ShouldBeFalse();
        row.Ciphertext.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)).ShouldBe(-1);
        row.Ciphertext.AsSpan().IndexOf("%PDF"u8).ShouldBe(-1);
        row.Nonce.Length.ShouldBe(AttachmentCipher.NonceSize);
        row.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(plaintext)));
        row.ContentType.ShouldBe("application/pdf");
        (await File.ReadAllTextAsync(Path.Combine(_factory.DataDirectory, "attachments.key"), Ct)).ShouldNotBeEmpty();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(Path.Combine(_factory.DataDirectory, "attachments.key")).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // The same file twice encrypts differently (a fresh nonce each time).
        var again = await SubmitAsync(responsible, _world.ContractA, files: ("保管状況.pdf", plaintext));
        var second = await _factory.DbAsync(db => db.Set<AttestationAttachment>().AsNoTracking().SingleAsync(f => f.AttestationId == again.Id, Ct));
        second.Ciphertext.SequenceEqual(row.Ciphertext).ShouldBeFalse();
        second.Nonce.SequenceEqual(row.Nonce).ShouldBeFalse();
    }

    [Fact]
    public async Task StoredBytes_ChangedOrMovedToAnotherAttestation_DoNotDecrypt()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var a = await SubmitAsync(responsible, _world.ContractA, files: ("一.pdf", Pdf()));
        var b = await SubmitAsync(responsible, _world.ContractA, files: ("二.pdf", Pdf()));
        var cipher = _factory.Services.GetRequiredService<AttachmentCipher>();
        var row = await _factory.DbAsync(db => db.Set<AttestationAttachment>().AsNoTracking().SingleAsync(f => f.AttestationId == a.Id, Ct));
        cipher.Decrypt(row).ShouldBe(Pdf());

        var flipped = row.Ciphertext.ToArray();
        flipped[3] ^= 1;
        Should.Throw<CryptographicException>(() => cipher.Decrypt(new AttestationAttachment { Id = row.Id, AttestationId = row.AttestationId, Ordinal = row.Ordinal, Nonce = row.Nonce, Ciphertext = flipped, KeyId = row.KeyId }));
        Should.Throw<CryptographicException>(() => cipher.Decrypt(new AttestationAttachment { Id = row.Id, AttestationId = b.Id, Ordinal = row.Ordinal, Nonce = row.Nonce, Ciphertext = row.Ciphertext, KeyId = row.KeyId }));
        Should.Throw<CryptographicException>(() => cipher.Decrypt(new AttestationAttachment { Id = row.Id, AttestationId = row.AttestationId, Ordinal = row.Ordinal, Nonce = row.Nonce, Ciphertext = row.Ciphertext, KeyId = "0000000000000000" }));
    }

    [Fact]
    public async Task Download_ReturnsTheSameBytes_AsAnAttachmentOfTheDetectedType()
    {
        using var responsible = await _world.ClientAsync(_world.ResponsibleX);
        var png = Png();
        var docx = Docx();
        var a = await SubmitAsync(responsible, _world.ContractA, files: [("保管庫の写真.png", png), ("指示書.docx", docx)]);
        a.Attachments.Select(f => (f.FileName, f.ContentType, f.Size)).ShouldBe([
            ("保管庫の写真.png", "image/png", png.Length),
            ("指示書.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Length)]);

        using var owner = await _world.ClientAsync(_world.StaffA);
        var file = a.Attachments[0];
        var response = await owner.GetAsync($"{Url(_world.ContractA)}/{a.Id}/attachments/{file.Id}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        bytes.ShouldBe(png);
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(file.Sha256);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png"); // not the application/pdf the client claimed
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.ShouldBe("保管庫の写真.png");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
    }

    [Theory]
    [InlineData("a.pdf", "pdf", "application/pdf")]
    [InlineData("A.PDF", "pdf", "application/pdf")]
    [InlineData("a.png", "png", "image/png")]
    [InlineData("a.jpg", "jpeg", "image/jpeg")]
    [InlineData("a.jpeg", "jpeg", "image/jpeg")]
    [InlineData("a.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("a.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("a.pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    [InlineData("a.txt", "text", "text/plain")]
    [InlineData("a.csv", "text", "text/csv")]
    [InlineData("a.pdf", "text", null)]
    [InlineData("a.txt", "sjis", null)]
    [InlineData("a.txt", "nul", null)]
    [InlineData("a.txt", "script", null)]
    [InlineData("a.zip", "zip", null)]
    [InlineData("a", "pdf", null)]
    public void Detect_GoesByContent_AndRequiresAMatchingExtension(string name, string content, string? expected)
    {
        byte[] bytes = content switch
        {
            "pdf" => Pdf(),
            "png" => Png(),
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, .. "JFIF"u8],
            "docx" => Docx(),
            "xlsx" => Zip("[Content_Types].xml", "xl/workbook.xml"),
            "pptx" => Zip("[Content_Types].xml", "ppt/presentation.xml"),
            "text" => Encoding.UTF8.GetBytes("項目,状態\n施錠,済\n"),
            "sjis" => [0x82, 0xA0, 0x82, 0xA2, 0xFF],
            "nul" => [(byte)'a', 0, (byte)'b'],
            "script" => "#!/bin/sh\nrm -rf /\n"u8.ToArray(),
            _ => Zip("[Content_Types].xml", "other/x.xml"),
        };

        AttachmentTypes.Detect(bytes, name).ShouldBe(expected);
    }

    private sealed class SmallLimitFactory : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Attachments:MaxBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Attachments:MaxFiles"] = "3",
        };
    }
}
