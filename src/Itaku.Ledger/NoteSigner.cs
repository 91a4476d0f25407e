using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Itaku.Ledger;

/// <summary>
/// Signs notes with an ECDSA P-256 key as signed-note type 0x02 (see <see cref="NoteVerifier"/>).
/// The private key is kept by the application as PKCS#8 PEM, protected like any other secret.
/// </summary>
public sealed class NoteSigner : IDisposable
{
    private readonly ECDsa _key;

    private NoteSigner(string name, ECDsa key)
    {
        if (!SignedNote.IsValidKeyName(name))
        {
            key.Dispose();
            throw new ArgumentException("A key name must be non-empty with no spaces or '+'.", nameof(name));
        }

        _key = key;
        Verifier = NoteVerifier.FromPublicKey(name, key);
    }

    /// <summary>The key name; the checkpoint spec recommends the log's origin.</summary>
    public string Name => Verifier.Name;

    /// <summary>The 32-bit key ID.</summary>
    public uint KeyId => Verifier.KeyId;

    /// <summary>The matching verifier.</summary>
    public NoteVerifier Verifier { get; }

    /// <summary>The verifier key string to publish.</summary>
    public string VerifierKey => Verifier.VerifierKey;

    /// <summary>Creates a signer with a fresh P-256 key.</summary>
    public static NoteSigner Generate(string name) => new(name, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Loads a signer from a PKCS#8 PEM private key.</summary>
    public static NoteSigner FromPem(string name, string pkcs8Pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pkcs8Pem);
        }
        catch
        {
            key.Dispose();
            throw;
        }

        return new NoteSigner(name, key);
    }

    /// <summary>Exports the private key as PKCS#8 PEM.</summary>
    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>Signs <paramref name="text"/> (which must end in a newline) and returns the signed note.</summary>
    public string Sign(string text)
    {
        if (!text.EndsWith('\n'))
        {
            throw new ArgumentException("Note text must end in a newline.", nameof(text));
        }

        var signature = _key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var note = new SignedNote(text, [new NoteSignature(Name, KeyId, signature)]).ToString();

        // Catch malformed text here rather than publishing a note nobody can open.
        return SignedNote.Parse(note).Text == text
            ? note
            : throw new ArgumentException("Note text would not survive the signed-note format.", nameof(text));
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
