using Itaku.Web.Infrastructure.Auth;
using Itaku.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Itaku.Web.Features.Accounts;

public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("Me");
        group.MapGet("/", Get);
        group.MapPost("/mfa/enroll", Enroll).RequireAuthorization(Policies.MfaEnrolment);
        group.MapPost("/mfa/confirm", Confirm).RequireAuthorization(Policies.MfaEnrolment);
        group.MapPost("/password", ChangePassword);
        return api;
    }

    private static async Task<Ok<MeDto>> Get(UserManager<ItakuUser> users, CurrentUser current)
    {
        var u = await users.FindByIdAsync(current.Id.ToString()) ?? throw new NotFoundException("ユーザーが見つかりません。");
        return TypedResults.Ok(new MeDto(u.Id, u.Email!, u.DisplayName, u.Role, u.OrganizationId, u.TwoFactorEnabled, u.DateStyle));
    }

    private static async Task<NoContent> ChangePassword(ChangePasswordRequest request, UserManager<ItakuUser> users, CurrentUser current, PasswordService passwords, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(current.Id.ToString()) ?? throw new NotFoundException("ユーザーが見つかりません。");
        var tokenId = Guid.TryParse(current.Principal.FindFirst(ItakuClaims.TokenId)?.Value, out var id) ? id : (Guid?)null;
        await passwords.ChangeAsync(user, request.CurrentPassword!, request.NewPassword!, ct, tokenId);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MfaEnrollResponse>> Enroll(UserManager<ItakuUser> users, CurrentUser current, MfaService mfa)
    {
        var user = await users.FindByIdAsync(current.Id.ToString()) ?? throw new NotFoundException("ユーザーが見つかりません。");
        if (user.TwoFactorEnabled)
        {
            throw new ConflictException("二要素認証は既に有効です。");
        }

        var enrolment = await mfa.BeginAsync(user);
        return TypedResults.Ok(new MfaEnrollResponse(enrolment.SharedKey, enrolment.OtpauthUri));
    }

    private static async Task<Ok<MfaConfirmResponse>> Confirm(MfaConfirmRequest request, UserManager<ItakuUser> users, CurrentUser current, MfaService mfa)
    {
        var user = await users.FindByIdAsync(current.Id.ToString()) ?? throw new NotFoundException("ユーザーが見つかりません。");
        if (user.TwoFactorEnabled)
        {
            throw new ConflictException("二要素認証は既に有効です。");
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            throw new ConflictException("先に /api/v1/me/mfa/enroll を呼んでください。");
        }

        var codes = await mfa.ConfirmAsync(user, request.Code!)
            ?? throw new RequestValidationException("code", "確認コードが正しくありません。認証アプリの現在のコードを入力してください。");
        return TypedResults.Ok(new MfaConfirmResponse(codes, "二要素認証を有効にしました。totpCode を付けて新しいトークンを取得してください。"));
    }
}
