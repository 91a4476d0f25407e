using System.Reflection;
using Itaku.Web.Features.Accounts;
using Itaku.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Itaku.Web.Infrastructure.Auth;

/// <summary>
/// Setagaya item 14: passwords of sufficient length (Identity's RequiredLength = 12), not easily
/// guessed (not a common password, not containing the e-mail or name), and not reused (none of
/// the last five).
/// </summary>
internal sealed class ItakuPasswordValidator(ItakuDbContext db) : IPasswordValidator<ItakuUser>
{
    public const int HistoryDepth = 5;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public async Task<IdentityResult> ValidateAsync(UserManager<ItakuUser> manager, ItakuUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }

        var errors = new List<IdentityError>();
        var lower = password.ToLowerInvariant();
        if (IsCommon(lower))
        {
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "よく使われているパスワードは使えません。" });
        }

        if (ContainsIdentity(lower, user))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsIdentity", Description = "メールアドレスや氏名を含むパスワードは使えません。" });
        }

        if (user.Id != Guid.Empty)
        {
            var recent = await db.PasswordHistory.AsNoTracking()
                .Where(p => p.UserId == user.Id)
                .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
                .Select(p => p.PasswordHash)
                .Take(HistoryDepth)
                .ToListAsync();
            if (recent.Any(hash => manager.PasswordHasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed))
            {
                errors.Add(new IdentityError { Code = "PasswordReused", Description = $"直近{HistoryDepth}回に使ったパスワードは使えません。" });
            }
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <summary>The list is lower-case; a trailing run of digits or symbols does not make a common word safe.</summary>
    private static bool IsCommon(string lower) =>
        Common.Value.Contains(lower) || Common.Value.Contains(lower.TrimEnd("0123456789!@#$%^&*?.-_ ".ToCharArray()));

    private static bool ContainsIdentity(string lower, ItakuUser user)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(user.Email))
        {
            parts.Add(user.Email.ToLowerInvariant());
            parts.Add(user.Email.Split('@')[0].ToLowerInvariant());
        }

        parts.AddRange(user.DisplayName.ToLowerInvariant().Split([' ', '　', '.', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
        parts.Add(user.DisplayName.Replace(" ", "", StringComparison.Ordinal).Replace("　", "", StringComparison.Ordinal).ToLowerInvariant());
        // Latin name parts count from 3 letters; Japanese ones (山田, 花子) from 2 characters.
        return parts.Any(p => (p.Length >= 3 || (p.Length == 2 && p.Any(c => c > 0x7F))) && lower.Contains(p, StringComparison.Ordinal));
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line);
            }
        }

        return set;
    }
}
