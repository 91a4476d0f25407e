using System.Buffers;
using System.Security.Cryptography;

namespace Itaku.Ledger;

/// <summary>
/// RFC 6962 / RFC 9162 §2.1.1 hashing with SHA-256: leaf = H(0x00 ‖ entry), node = H(0x01 ‖ left ‖ right).
/// The span overloads never allocate, because verification hashes about two of these per entry.
/// </summary>
public static class TreeHasher
{
    /// <summary>Length in bytes of every hash in the tree.</summary>
    public const int HashSize = 32;

    // Entries up to this size are prefixed on the stack; larger ones use a pooled buffer.
    private const int StackLimit = 1024;

    /// <summary>The root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1).</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Writes the leaf hash of <paramref name="entry"/> into <paramref name="destination"/>.</summary>
    public static void HashLeaf(ReadOnlySpan<byte> entry, Span<byte> destination)
    {
        byte[]? rented = null;
        Span<byte> buffer = entry.Length < StackLimit
            ? stackalloc byte[entry.Length + 1]
            : (rented = ArrayPool<byte>.Shared.Rent(entry.Length + 1));
        try
        {
            buffer[0] = 0x00;
            entry.CopyTo(buffer[1..]);
            SHA256.HashData(buffer[..(entry.Length + 1)], destination);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Returns the leaf hash of <paramref name="entry"/>.</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> entry)
    {
        var hash = new byte[HashSize];
        HashLeaf(entry, hash);
        return hash;
    }

    /// <summary>
    /// Writes H(0x01 ‖ left ‖ right) into <paramref name="destination"/>; the destination may be
    /// one of the inputs, since both are copied before hashing.
    /// </summary>
    public static void HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left[..HashSize].CopyTo(buffer[1..]);
        right[..HashSize].CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>Returns H(0x01 ‖ left ‖ right).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[HashSize];
        HashChildren(left, right, hash);
        return hash;
    }
}
