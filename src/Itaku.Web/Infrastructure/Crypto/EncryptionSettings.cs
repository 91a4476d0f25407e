namespace Itaku.Web.Infrastructure.Crypto;

/// <summary>The instance's one data key for personal data at rest (section <c>Encryption</c>).</summary>
public sealed class EncryptionSettings
{
    /// <summary>
    /// The key as base64 of 32 bytes. When set it wins over <see cref="KeyPath"/>: a deployment that keeps
    /// secrets outside the data directory (environment, secret store) never writes the key to disk.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>File holding the base64 key; created on first start with mode 0600 when <see cref="Key"/> is absent.</summary>
    public string KeyPath { get; set; } = "App_Data/encryption.key";
}
