using System.Buffers.Binary;
using System.Text;

namespace Itaku.Ledger;

/// <summary>
/// A C2SP signed note: text ending in a newline, a blank line, then signature lines
/// <c>— &lt;key name&gt; base64(32-bit key ID ‖ signature)</c>. <see cref="Open"/> applies the spec's
/// trust rules; <see cref="Parse"/> only checks the format.
/// </summary>
public sealed class SignedNote
{
    // Go's note package caps a note at 100 signatures; the spec requires accepting at least 16.
    private const int MaxSignatures = 100;
    private const string SignaturePrefix = "\u2014 ";

    /// <summary>Creates a note from its text and signatures.</summary>
    public SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, including its final newline.</summary>
    public string Text { get; }

    /// <summary>The signature lines, in order.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Formats the note in its wire form.</summary>
    public override string ToString()
    {
        var note = new StringBuilder(Text).Append('\n');
        foreach (var s in Signatures)
        {
            var blob = new byte[4 + s.Signature.Length];
            BinaryPrimitives.WriteUInt32BigEndian(blob, s.KeyId);
            s.Signature.CopyTo(blob, 4);
            note.Append(SignaturePrefix).Append(s.KeyName).Append(' ').Append(Convert.ToBase64String(blob)).Append('\n');
        }

        return note.ToString();
    }

    /// <summary>Parses the note format without checking any signature.</summary>
    public static SignedNote Parse(string note)
    {
        CheckCharacters(note);

        // The text is separated from the signatures by the last blank line.
        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new NoteVerificationException("Malformed note: no blank line before the signatures.");
        }

        string text = note[..(split + 1)];
        string block = note[(split + 2)..];
        if (block.Length == 0 || !block.EndsWith('\n'))
        {
            throw new NoteVerificationException("Malformed note: the signature block must end in a newline.");
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in block[..^1].Split('\n'))
        {
            if (signatures.Count == MaxSignatures)
            {
                throw new NoteVerificationException("Malformed note: too many signatures.");
            }

            signatures.Add(ParseSignatureLine(line));
        }

        return new SignedNote(text, signatures);
    }

    /// <summary>
    /// Parses <paramref name="note"/> and checks it against the trusted <paramref name="verifiers"/>:
    /// signatures from unknown keys (name and key ID not both matching) are ignored, a signature from a
    /// known key that fails rejects the whole note, and at least one known signature must verify.
    /// </summary>
    public static SignedNote Open(string note, IReadOnlyCollection<NoteVerifier> verifiers)
    {
        var parsed = Parse(note);
        var message = Encoding.UTF8.GetBytes(parsed.Text);
        var verified = new List<NoteSignature>();
        foreach (var signature in parsed.Signatures)
        {
            var verifier = verifiers.FirstOrDefault(v => v.Name == signature.KeyName && v.KeyId == signature.KeyId);
            if (verifier is null || verified.Any(s => s.KeyName == signature.KeyName && s.KeyId == signature.KeyId))
            {
                continue;
            }

            if (!verifier.Verify(message, signature.Signature))
            {
                throw new NoteVerificationException($"The signature by {signature.KeyName} ({signature.KeyId:x8}) does not verify.");
            }

            verified.Add(signature);
        }

        return verified.Count > 0
            ? new SignedNote(parsed.Text, verified)
            : throw new NoteVerificationException("The note carries no signature from a trusted key.");
    }

    /// <summary>True if a key name is non-empty and has no Unicode space or plus sign.</summary>
    public static bool IsValidKeyName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c == '+') && !name.Any(char.IsControl);

    private static NoteSignature ParseSignatureLine(string line)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            throw new NoteVerificationException("Malformed note: a signature line must start with an em dash and a space.");
        }

        var rest = line[SignaturePrefix.Length..];
        int space = rest.LastIndexOf(' ');
        if (space <= 0 || !IsValidKeyName(rest[..space]))
        {
            throw new NoteVerificationException("Malformed note: bad key name in a signature line.");
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(rest[(space + 1)..]);
        }
        catch (FormatException e)
        {
            throw new NoteVerificationException("Malformed note: a signature is not base64.", e);
        }

        if (blob.Length < 5)
        {
            throw new NoteVerificationException("Malformed note: a signature is too short.");
        }

        return new NoteSignature(rest[..space], BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
    }

    // The spec: valid UTF-8 and no ASCII control characters other than newline.
    private static void CheckCharacters(string note)
    {
        for (int i = 0; i < note.Length; i++)
        {
            char c = note[i];
            bool badControl = c < 0x20 && c != '\n';
            bool loneSurrogate = char.IsLowSurrogate(c)
                || (char.IsHighSurrogate(c) && (i + 1 == note.Length || !char.IsLowSurrogate(note[++i])));
            if (badControl || loneSurrogate)
            {
                throw new NoteVerificationException("Malformed note: control character or invalid UTF-16 at position " + i + ".");
            }
        }
    }
}
