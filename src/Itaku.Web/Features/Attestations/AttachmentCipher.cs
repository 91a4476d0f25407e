using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Features.Attestations;

/// <summary>
/// Encrypts attachments at rest with AES-256-GCM. The associated data binds each ciphertext to its
/// attestation and position, so that rows cannot be swapped between attestations unnoticed. The
/// key comes from configuration or, failing that, from a key file created on first use (mode 0600),
/// as the ledger's signing key is: a database copy alone does not reveal the files.
/// </summary>
public sealed class AttachmentCipher
{
    public const int NonceSize = 12;
    public const int TagSize = 16;
    private readonly Lazy<(byte[] Key, string Id)> _key;

    public AttachmentCipher(IOptions<AttachmentSettings> settings, IHostEnvironment environment, ILogger<AttachmentCipher> log)
    {
        var s = settings.Value;
        var path = Path.GetFullPath(s.KeyPath, environment.ContentRootPath);
        _key = new Lazy<(byte[], string)>(() =>
        {
            var key = string.IsNullOrWhiteSpace(s.Key) ? LoadOrCreate(path, log) : Decode(s.Key, "Attachments:Key");
            return (key, Convert.ToHexStringLower(SHA256.HashData(key))[..16]);
        });
    }

    /// <summary>Names the key in use: a prefix of its SHA-256, stored with every attachment.</summary>
    public string KeyId => _key.Value.Id;

    public (byte[] Nonce, byte[] CiphertextAndTag) Encrypt(ReadOnlySpan<byte> plaintext, long attestationId, int ordinal)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(_key.Value.Key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), AssociatedData(attestationId, ordinal));
        return (nonce, output);
    }

    /// <summary>Decrypts and authenticates; a changed byte, a moved row or another key throws <see cref="CryptographicException"/>.</summary>
    public byte[] Decrypt(AttestationAttachment file)
    {
        if (file.KeyId != KeyId)
        {
            throw new CryptographicException($"Attachment {file.Id} was encrypted with key {file.KeyId}, but the configured key is {KeyId}.");
        }

        var length = file.Ciphertext.Length - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key.Value.Key, TagSize);
        aes.Decrypt(file.Nonce, file.Ciphertext.AsSpan(0, length), file.Ciphertext.AsSpan(length), plaintext, AssociatedData(file.AttestationId, file.Ordinal));
        return plaintext;
    }

    /// <summary>Whether <paramref name="base64"/> is a usable AES-256 key.</summary>
    public static bool IsValidKey(string base64)
    {
        var buffer = new byte[48];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == 32;
    }

    private static byte[] AssociatedData(long attestationId, int ordinal) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"itaku/attestation/{attestationId}/attachment/{ordinal}"));

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{source} is not base64.");
        }

        return key.Length == 32 ? key : throw new InvalidOperationException($"{source} must be 32 bytes (AES-256), not {key.Length}.");
    }

    private static byte[] LoadOrCreate(string path, ILogger log)
    {
        if (File.Exists(path))
        {
            return Decode(File.ReadAllText(path), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        log.LogWarning("Created the attachment key {Path}. Back it up with the database: without it, attachments cannot be read.", path);
        return key;
    }
}
