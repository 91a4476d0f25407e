using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Itaku.Web.Infrastructure.Crypto;

/// <summary>
/// Encrypts personal data before it reaches the database (G3, "personal data encrypted at rest"), with
/// the instance's one data key: AES-256-GCM, a fresh 12-byte random nonce per value, a 16-byte tag.
/// A stored value is base64 of <c>key id (1 byte) ‖ nonce ‖ tag ‖ ciphertext</c>; the key id lets a later
/// rotation keep reading old rows. The associated data names the row and column a value belongs to
/// (e.g. <c>roster:12:entry:…:name</c>), so a ciphertext copied into another row or column does not
/// decrypt: someone with write access to the database cannot swap two people's names unnoticed.
/// See ADR 0011.
/// </summary>
public sealed class AtRestCipher
{
    /// <summary>The id of the current key; the only one until rotation exists.</summary>
    public const byte CurrentKeyId = 1;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int KeySize = 32;
    private readonly Lazy<byte[]> _key;

    public AtRestCipher(IOptions<EncryptionSettings> settings, IHostEnvironment environment, ILogger<AtRestCipher> log)
    {
        var s = settings.Value;
        _key = new Lazy<byte[]>(() => string.IsNullOrWhiteSpace(s.Key)
            ? LoadOrCreate(Path.GetFullPath(s.KeyPath, environment.ContentRootPath), log)
            : Parse(s.Key, "Encryption:Key"));
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for the place named by <paramref name="context"/>.</summary>
    public string Encrypt(string plaintext, string context)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[1 + NonceSize + TagSize + data.Length];
        blob[0] = CurrentKeyId;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, data, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(context));
        return Convert.ToBase64String(blob);
    }

    /// <summary>Null stays null: optional fields (contact details) are encrypted only when present.</summary>
    public string? EncryptOptional(string? plaintext, string context) => plaintext is null ? null : Encrypt(plaintext, context);

    /// <summary>
    /// Decrypts a value written by <see cref="Encrypt"/> for the same <paramref name="context"/>. A value
    /// that was altered, moved to another row, or written with an unknown key throws: it is never shown.
    /// </summary>
    public string Decrypt(string stored, string context)
    {
        var blob = Convert.FromBase64String(stored);
        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != CurrentKeyId)
        {
            throw new CryptographicException($"The value stored for {context} is not a ciphertext of this instance's key.");
        }

        var data = new byte[blob.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), data, Encoding.UTF8.GetBytes(context));
        return Encoding.UTF8.GetString(data);
    }

    public string? DecryptOptional(string? stored, string context) => stored is null ? null : Decrypt(stored, context);

    private static byte[] Parse(string base64, string where)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{where} must be base64 of {KeySize} bytes.", e);
        }

        return key.Length == KeySize ? key : throw new InvalidOperationException($"{where} must be base64 of {KeySize} bytes (it has {key.Length}).");
    }

    private static byte[] LoadOrCreate(string path, ILogger log)
    {
        if (File.Exists(path))
        {
            return Parse(File.ReadAllText(path), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(KeySize);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(path, options))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        log.LogWarning("Created the data-encryption key {Path}. Back it up apart from the database: without it, encrypted personal data cannot be read.", path);
        return key;
    }
}
