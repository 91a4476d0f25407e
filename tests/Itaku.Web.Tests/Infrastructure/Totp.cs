using System.Security.Cryptography;

namespace Itaku.Web.Tests.Infrastructure;

/// <summary>RFC 6238 TOTP (SHA-1, 6 digits, 30 s), computed independently of Identity, as an authenticator app would.</summary>
public static class Totp
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new();

    /// <summary>
    /// A code the server has not yet accepted for this key: Itaku refuses a replayed time step, so a test
    /// that signs in twice within 30 s gets the next step's code (accepted as ±1 step of drift), and
    /// waits only if it has used that one too.
    /// </summary>
    public static string Code(string base32Key)
    {
        while (true)
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
            var step = LastStep.AddOrUpdate(base32Key, now, (_, last) => Math.Max(now, last + 1));
            if (step <= now + 1)
            {
                return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
            }

            LastStep.AddOrUpdate(base32Key, step - 1, (_, last) => last == step ? step - 1 : last);
            Thread.Sleep(1000);
        }
    }

    /// <summary>The code for the time step containing <paramref name="at"/>, exactly as an authenticator app shows it.</summary>
    public static string Code(string base32Key, DateTimeOffset at)
    {
        var key = Base32Decode(base32Key);
        var counter = at.ToUnixTimeSeconds() / 30;
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 specifies HMAC-SHA1; authenticator apps use it.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = input.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}
