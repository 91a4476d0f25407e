namespace Itaku.Ledger;

/// <summary>One signature line of a signed note: <c>— name base64(keyID ‖ signature)</c>.</summary>
public sealed class NoteSignature(string keyName, uint keyId, byte[] signature)
{
    /// <summary>The signer's key name.</summary>
    public string KeyName { get; } = keyName;

    /// <summary>The 32-bit key ID (big-endian first four bytes of the decoded signature).</summary>
    public uint KeyId { get; } = keyId;

    /// <summary>The algorithm-specific signature bytes after the key ID.</summary>
    public byte[] Signature { get; } = signature;
}
