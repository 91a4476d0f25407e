namespace Itaku.Web.Features.Attestations;

/// <summary>
/// A file attached to an attestation, encrypted at rest (AES-256-GCM, ADR 6). The SHA-256 is of the
/// plaintext, so that the copy a user downloads can be compared with what the audit trail recorded.
/// </summary>
public sealed class AttestationAttachment
{
    public long Id { get; set; }
    public long AttestationId { get; set; }

    /// <summary>Position in the submission (0, 1, …); with the attestation id it is the cipher's associated data.</summary>
    public int Ordinal { get; set; }

    public string FileName { get; set; } = "";

    /// <summary>The type found in the content (not the one the browser claimed).</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>Lowercase hex SHA-256 of the plaintext.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>The 12-byte GCM nonce, random per file.</summary>
    public byte[] Nonce { get; set; } = [];

    /// <summary>Ciphertext followed by the 16-byte GCM tag.</summary>
    public byte[] Ciphertext { get; set; } = [];

    /// <summary>Which key encrypted it (a prefix of the key's SHA-256), so a wrong or rotated key is named, not guessed.</summary>
    public string KeyId { get; set; } = "";
}
