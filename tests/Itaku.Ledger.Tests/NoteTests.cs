using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Itaku.Ledger;

namespace Itaku.Ledger.Tests;

/// <summary>C2SP signed notes with ECDSA P-256 keys (signature type 0x02).</summary>
public class NoteTests
{
    private const string Text = "itaku.test/audit\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";

    [Fact]
    public void VerifierKey_OfSigstoresRekorKey_HasTheKeyIdSigstorePublishes()
    {
        // Rekor's public key as quoted in transparency-dev/witness; its key ID under type 0x02 is the first
        // four bytes of SHA-256(SPKI), i.e. of Rekor's published log ID c0d23d6a d406973f....
        const string vkey = "rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=";
        var verifier = NoteVerifier.Parse(vkey);
        verifier.KeyId.ShouldBe(0xc0d23d6au);
        verifier.Name.ShouldBe("rekor.sigstore.dev");
        verifier.VerifierKey.ShouldBe(vkey);
    }

    [Fact]
    public void VerifierKey_HasNameHexIdAndType02SpkiAndRoundTrips()
    {
        using var signer = NoteSigner.Generate("itaku.test/audit");
        var parts = signer.VerifierKey.Split('+', 3);
        parts[0].ShouldBe("itaku.test/audit");
        parts[1].ShouldBe(signer.KeyId.ToString("x8"));
        var key = Convert.FromBase64String(parts[2]);
        key[0].ShouldBe((byte)0x02);
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(key.AsSpan(1))).ShouldBe(signer.KeyId);
        NoteVerifier.Parse(signer.VerifierKey).VerifierKey.ShouldBe(signer.VerifierKey);
    }

    [Theory]
    [InlineData("name+0000000+AgAA")]
    [InlineData("name+zzzzzzzz+AgAA")]
    [InlineData("na me+00000000+AgAA")]
    [InlineData("name+00000000")]
    [InlineData("name+00000000+!!!")]
    public void Parse_RejectsMalformedVerifierKeys(string vkey) => Should.Throw<FormatException>(() => NoteVerifier.Parse(vkey));

    [Fact]
    public void Parse_RejectsAKeyIdThatDoesNotMatchTheKey()
    {
        using var signer = NoteSigner.Generate("k");
        var parts = signer.VerifierKey.Split('+', 3);
        Should.Throw<FormatException>(() => NoteVerifier.Parse($"k+{signer.KeyId ^ 1:x8}+{parts[2]}"));
    }

    [Fact]
    public void Parse_RejectsAnEd25519TypeKey() =>
        Should.Throw<FormatException>(() => NoteVerifier.Parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));

    [Fact]
    public void Sign_ProducesANoteThatOpensWithTheKey()
    {
        using var signer = NoteSigner.Generate("itaku.test/audit");
        var note = signer.Sign(Text);
        note.ShouldStartWith(Text + "\n\u2014 itaku.test/audit ");
        var sig = Convert.FromBase64String(note.Split(' ')[^1].TrimEnd('\n'));
        BinaryPrimitives.ReadUInt32BigEndian(sig).ShouldBe(signer.KeyId);
        sig[4].ShouldBe((byte)0x30, "the ECDSA signature is an ASN.1 DER SEQUENCE");
        SignedNote.Open(note, [signer.Verifier]).Text.ShouldBe(Text);
    }

    [Fact]
    public void Open_RejectsATamperedText()
    {
        using var signer = NoteSigner.Generate("itaku.test/audit");
        var note = signer.Sign(Text).Replace("\n12\n", "\n13\n", StringComparison.Ordinal);
        Should.Throw<NoteVerificationException>(() => SignedNote.Open(note, [signer.Verifier])).Message.ShouldContain("does not verify");
    }

    [Fact]
    public void Open_RejectsASignatureByAnotherKeyOfTheSameName()
    {
        using var signer = NoteSigner.Generate("itaku.test/audit");
        using var other = NoteSigner.Generate("itaku.test/audit");
        Should.Throw<NoteVerificationException>(() => SignedNote.Open(signer.Sign(Text), [other.Verifier])).Message.ShouldContain("no signature from a trusted key");
    }

    [Fact]
    public void Open_RejectsAKnownKeyIdWithABadSignature()
    {
        using var signer = NoteSigner.Generate("log");
        var note = signer.Sign(Text);
        var line = note.Split('\n')[^2];
        var blob = Convert.FromBase64String(line.Split(' ')[^1]);
        blob[^1] ^= 1;
        var forged = note.Replace(line, $"\u2014 log {Convert.ToBase64String(blob)}", StringComparison.Ordinal);
        Should.Throw<NoteVerificationException>(() => SignedNote.Open(forged, [signer.Verifier]));
    }

    [Fact]
    public void Open_IgnoresUnknownSignaturesNextToATrustedOne()
    {
        using var signer = NoteSigner.Generate("log");
        using var witness = NoteSigner.Generate("witness.example");
        var note = signer.Sign(Text) + witness.Sign(Text).Split("\n\n")[1];
        var opened = SignedNote.Open(note, [signer.Verifier]);
        opened.Signatures.Count.ShouldBe(1);
        opened.Signatures[0].KeyName.ShouldBe("log");
        SignedNote.Parse(note).Signatures.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("text\n")]
    [InlineData("text\n\n")]
    [InlineData("text\n\n\u2014 log AAAA\n")]
    [InlineData("text\n\n- log AAAAAAAA\n")]
    [InlineData("text\n\n\u2014 log AAAAAAAA")]
    [InlineData("te\txt\n\n\u2014 log AAAAAAAA\n")]
    [InlineData("text\n\n\u2014 l+g AAAAAAAA\n")]
    public void Parse_RejectsMalformedNotes(string note) => Should.Throw<NoteVerificationException>(() => SignedNote.Parse(note));

    [Fact]
    public void Signer_RoundTripsThroughPem()
    {
        using var signer = NoteSigner.Generate("log");
        using var loaded = NoteSigner.FromPem("log", signer.ExportPem());
        loaded.VerifierKey.ShouldBe(signer.VerifierKey);
        SignedNote.Open(loaded.Sign(Text), [signer.Verifier]).Text.ShouldBe(Text);
    }

    [Fact]
    public void Verify_AcceptsAnIndependentlyMadeDerSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verifier = NoteVerifier.FromPublicKey("x", key);
        var message = Encoding.UTF8.GetBytes(Text);
        verifier.Verify(message, key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)).ShouldBeTrue();
        verifier.Verify(message, key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)).ShouldBeFalse("the spec's encoding is DER, not r||s");
    }
}
