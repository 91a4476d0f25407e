using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Itaku.Ledger;

/// <summary>
/// Verifies signed-note signatures of type 0x02 (ECDSA P-256 over SHA-256, ASN.1 DER signature), the
/// type C2SP signed-note assigns to github.com/transparency-dev/witness's ECDSA notes. Its verifier key
/// string is <c>&lt;name&gt;+&lt;8 hex key ID&gt;+base64(0x02 ‖ DER SubjectPublicKeyInfo)</c>, and for this type
/// the spec defines the key ID as the first four bytes of SHA-256 of the DER SPKI alone (not of the name).
/// </summary>
public sealed class NoteVerifier
{
    /// <summary>The signed-note signature type byte for ECDSA.</summary>
    public const byte SignatureType = 0x02;

    private readonly byte[] _subjectPublicKeyInfo;

    private NoteVerifier(string name, byte[] subjectPublicKeyInfo)
    {
        Name = name;
        _subjectPublicKeyInfo = subjectPublicKeyInfo;
        KeyId = ComputeKeyId(subjectPublicKeyInfo);
    }

    /// <summary>The key name that appears in signature lines.</summary>
    public string Name { get; }

    /// <summary>The 32-bit key ID.</summary>
    public uint KeyId { get; }

    /// <summary>The verifier key string to publish.</summary>
    public string VerifierKey =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([SignatureType, .. _subjectPublicKeyInfo])}";

    /// <summary>Creates a verifier from a public key (only NIST P-256 is accepted).</summary>
    public static NoteVerifier FromPublicKey(string name, ECDsa publicKey)
    {
        if (!SignedNote.IsValidKeyName(name))
        {
            throw new ArgumentException("A key name must be non-empty with no spaces or '+'.", nameof(name));
        }

        return new NoteVerifier(name, CheckP256(publicKey.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Parses a verifier key string; the key ID in it must match the key.</summary>
    public static NoteVerifier Parse(string verifierKey)
    {
        var parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3 || !SignedNote.IsValidKeyName(parts[0]) || parts[1].Length != 8
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint keyId))
        {
            throw new FormatException("A verifier key has the form <name>+<8 hex digits>+<base64 key>.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException e)
        {
            throw new FormatException("The verifier key is not base64.", e);
        }

        if (key.Length < 2 || key[0] != SignatureType)
        {
            throw new FormatException("The verifier key is not of signed-note type 0x02 (ECDSA).");
        }

        var verifier = new NoteVerifier(parts[0], CheckP256(key[1..]));
        return verifier.KeyId == keyId
            ? verifier
            : throw new FormatException($"The verifier key's ID {keyId:x8} does not match its public key ({verifier.KeyId:x8}).");
    }

    /// <summary>True if <paramref name="signature"/> (DER) is this key's ECDSA signature over SHA-256 of <paramref name="message"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(_subjectPublicKeyInfo, out _);
        try
        {
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static uint ComputeKeyId(byte[] subjectPublicKeyInfo) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(subjectPublicKeyInfo));

    private static byte[] CheckP256(byte[] subjectPublicKeyInfo)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length || key.ExportParameters(false).Curve.Oid.Value != "1.2.840.10045.3.1.7")
            {
                throw new FormatException("The verifier key is not a NIST P-256 public key.");
            }
        }
        catch (CryptographicException e)
        {
            throw new FormatException("The verifier key is not a valid public key.", e);
        }

        return subjectPublicKeyInfo;
    }
}
