using System.Security.Cryptography;
using System.Text;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Features.Setup;

/// <summary>
/// First-run set-up: while no user exists, a one-time token printed on the console opens the
/// page at which the first administrator is created. It lives only in memory, so a restart
/// prints a new one, and it is gone once used.
/// </summary>
public sealed class SetupState(ILogger<SetupState> log)
{
    private string? _token;

    public string? Token => _token;

    public bool IsOpen => _token is not null;

    public async Task InitialiseAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ItakuDbContext>();
        if (await db.Users.AnyAsync(ct))
        {
            _token = null;
            return;
        }

        _token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        log.LogWarning("No user exists yet: first-run set-up is open at /setup (the one-time URL is printed on the console).");
    }

    public bool Verify(string? token)
    {
        var expected = _token;
        return expected is not null && token is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(token));
    }

    /// <summary>Closes set-up; true only for the one caller that closed it.</summary>
    public bool TryClose(string token) => Verify(token) && Interlocked.CompareExchange(ref _token, null, token) == token;
}
