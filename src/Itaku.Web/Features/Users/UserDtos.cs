using Itaku.Web.Infrastructure.Web;
using System.ComponentModel.DataAnnotations;
using Itaku.Web.Features.Accounts;

namespace Itaku.Web.Features.Users;

public sealed record UserDto(Guid Id, string Email, string DisplayName, GlobalRole Role, long OrganizationId, bool MfaEnabled, bool LockedOut);

public sealed record CreateUserRequest(
    [property: Required(ErrorMessage = "メールアドレスを入力してください。"), EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。"), StringLength(256, ErrorMessage = "メールアドレスは256文字以内で入力してください。")] string? Email,
    [property: Required(ErrorMessage = "氏名を入力してください。"), StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。"), SingleLine] string? DisplayName,
    [property: Required(ErrorMessage = "役割を指定してください。")] GlobalRole? Role,
    [property: Required(ErrorMessage = "所属組織を指定してください。")] long? OrganizationId,
    [property: Required(ErrorMessage = "パスワードを入力してください。"), StringLength(256, ErrorMessage = "パスワードは256文字以内で入力してください。")] string? Password);

internal static class UserMapping
{
    public static UserDto ToDto(this ItakuUser u, DateTimeOffset now) =>
        new(u.Id, u.Email!, u.DisplayName, u.Role, u.OrganizationId, u.TwoFactorEnabled, u.LockoutEnd > now);
}
