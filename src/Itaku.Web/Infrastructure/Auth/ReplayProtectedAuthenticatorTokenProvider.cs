using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Itaku.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>
/// RFC 6238 TOTP as authenticator apps compute it (HMAC-SHA1, 6 digits, 30 s, ±1 step of drift), but a
/// code is accepted only once: the last accepted time step is remembered per user and nothing at or
/// before it is accepted again, so a code seen over a shoulder or in a proxy log cannot be replayed
/// (Identity's own provider accepts the same code for its whole window). Like Identity, it uses the
/// wall clock, which is what the user's phone shows.
/// </summary>
internal sealed class ReplayProtectedAuthenticatorTokenProvider : AuthenticatorTokenProvider<ItakuUser>
{
    private const string LoginProvider = "Itaku";
    private const string LastStepName = "LastTotpStep";

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<ItakuUser> manager, ItakuUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || token.Length != 6 || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        var secret = Base32Decode(key);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        long? matched = null;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (Compute(secret, step) == code)
            {
                matched = step;
            }
        }

        if (matched is null)
        {
            return false;
        }

        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepName);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && matched <= lastStep)
        {
            return false;
        }

        await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepName, matched.Value.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    private static int Compute(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 as implemented by authenticator apps is HMAC-SHA1.
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(input.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                continue;
            }

            buffer = (buffer << 5) | value;
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
