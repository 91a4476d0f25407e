using System.ComponentModel.DataAnnotations;

namespace Itaku.Web.Features.Accounts;

public sealed record TokenRequest(
    [property: Required(ErrorMessage = "メールアドレスを入力してください。"), StringLength(256, ErrorMessage = "メールアドレスは256文字以内で入力してください。")] string? Email,
    [property: Required(ErrorMessage = "パスワードを入力してください。"), StringLength(256, ErrorMessage = "パスワードは256文字以内で入力してください。")] string? Password,
    [property: StringLength(16, ErrorMessage = "totpCode は16文字以内で入力してください。")] string? TotpCode);

public sealed record TokenResponse(string Token, DateTime ExpiresAt, bool MfaEnrollmentRequired);

public sealed record MeDto(Guid Id, string Email, string DisplayName, GlobalRole Role, long OrganizationId, bool MfaEnabled, DateStyle DateStyle);

public sealed record MfaEnrollResponse(string SharedKey, string OtpauthUri);

public sealed record MfaConfirmRequest(
    [property: Required(ErrorMessage = "確認コードを入力してください。"), StringLength(16, ErrorMessage = "確認コードは16文字以内で入力してください。")] string? Code);

public sealed record MfaConfirmResponse(IReadOnlyList<string> RecoveryCodes, string Message);

public sealed record ChangePasswordRequest(
    [property: Required(ErrorMessage = "現在のパスワードを入力してください。"), StringLength(256, ErrorMessage = "パスワードは256文字以内で入力してください。")] string? CurrentPassword,
    [property: Required(ErrorMessage = "新しいパスワードを入力してください。"), StringLength(256, ErrorMessage = "パスワードは256文字以内で入力してください。")] string? NewPassword);
