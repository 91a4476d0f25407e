using System.Security.Cryptography;
using Itaku.Web.Features.Attestations;
using Itaku.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Itaku.Web.Tests.Attestations.AttestationFixtures;

namespace Itaku.Web.Tests.Attestations;

/// <summary>The attachment key from configuration: used instead of a key file; a malformed one stops the start.</summary>
public sealed class AttachmentKeyTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public async Task ConfiguredKey_EncryptsTheAttachments_AndNoKeyFileIsCreated()
    {
        await using var factory = new KeyedFactory(Convert.ToBase64String(Key));
        var world = await WorldAsync(factory);
        using var responsible = await world.ClientAsync(world.ResponsibleX);

        var a = await SubmitAsync(responsible, world.ContractA, files: ("指示書.pdf", Pdf()));

        var row = await factory.DbAsync(db => db.Set<AttestationAttachment>().AsNoTracking().SingleAsync(f => f.AttestationId == a.Id, Ct));
        row.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Key))[..16]);
        using var aes = new AesGcm(Key, AttachmentCipher.TagSize);
        var plaintext = new byte[row.Ciphertext.Length - AttachmentCipher.TagSize];
        aes.Decrypt(row.Nonce, row.Ciphertext.AsSpan(0, plaintext.Length), row.Ciphertext.AsSpan(plaintext.Length), plaintext,
            System.Text.Encoding.ASCII.GetBytes($"itaku/attestation/{a.Id}/attachment/0"));
        plaintext.ShouldBe(Pdf());
        File.Exists(Path.Combine(factory.DataDirectory, "attachments.key")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("c2hvcnQ=")]       // 5 bytes
    [InlineData("not base64 !!")]
    public async Task MalformedKey_IsRefusedByValidation(string key)
    {
        await using var factory = new KeyedFactory(key);
        // ValidateOnStart fails the host's start (the CLI prints it and exits); the factory swallows that, so ask the options.
        Should.Throw<OptionsValidationException>(() => factory.Services.GetRequiredService<IOptions<AttachmentSettings>>().Value)
            .Message.ShouldContain("Attachments:Key");
    }

    private sealed class KeyedFactory(string key) : ItakuFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Attachments:Key"] = key };
    }
}
